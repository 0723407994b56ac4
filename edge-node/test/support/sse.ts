/** A Server-Sent Events reader over fetch, so a test sees exactly what a browser would. */
export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

export async function readSse(
  url: string,
  until: (events: SseEvent[]) => boolean,
  options: { lastEventId?: string; timeoutMs?: number } = {},
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
  const events: SseEvent[] = [];
  try {
    const response = await fetch(url, {
      headers: options.lastEventId ? { 'last-event-id': options.lastEventId } : {},
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`SSE ${url}: HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { event: 'message', data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event.event = line.slice(6).trim();
          else if (line.startsWith('id:')) event.id = line.slice(3).trim();
          else if (line.startsWith('data:')) event.data += line.slice(5).trimStart();
        }
        if (block.split('\n').some((l) => !l.startsWith(':'))) events.push(event);
        end = buffer.indexOf('\n\n');
      }
      if (until(events)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    throw new Error(`SSE ${url}: timed out with ${events.length} events: ${JSON.stringify(events)}`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

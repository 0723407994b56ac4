export interface Passage {
  heading: string;
  text: string;
}

/** Markdown to plain sentences: links keep their text, emphasis and list marks go. */
function plain(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/^\s*>\s?/, '')
    .trim();
}

/**
 * Cuts an article into passages of about `target` characters, never across a heading, so a
 * passage is one topic and its citation says where the answer came from.
 */
export function chunkMarkdown(body: string, target = 400): Passage[] {
  const passages: Passage[] = [];
  let heading = '';
  let current: string[] = [];
  let size = 0;
  const flush = () => {
    if (current.length > 0) passages.push({ heading, text: current.join('\n') });
    current = [];
    size = 0;
  };
  for (const raw of body.split(/\r?\n/)) {
    const title = /^\s{0,3}#{1,6}\s+(.*)$/.exec(raw);
    if (title) {
      flush();
      heading = plain(title[1] ?? '');
      continue;
    }
    const line = plain(raw);
    if (line === '') {
      if (size >= target / 2) flush();
      continue;
    }
    if (size > 0 && size + line.length > target) flush();
    current.push(line);
    size += line.length;
  }
  flush();
  return passages;
}

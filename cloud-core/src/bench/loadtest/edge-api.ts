import type { Locale } from './corpus.js';

/** The parts of an edge's `GET /v1/status` the load test reads. */
export interface EdgeStatus {
  configVersion: string | null;
  knowledge: { snapshotId: string | null };
  aiSlots: { limit: number; inFlight: number; waiting: number };
  burst: { available: boolean; sent: number; answered: number; timedOut: number } | null;
}

/** A reply as the customer's channel gets it. */
export interface TurnReply {
  handledBy: string;
  available: boolean;
}

/** A failed request, with the status (0 for a network error) so the tally can say why. */
export class EdgeRequestError extends Error {
  override name = 'EdgeRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new EdgeRequestError(response.status, `${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

const json = (body: unknown, signal?: AbortSignal): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  ...(signal ? { signal } : {}),
});

export async function openConversation(edge: string, locale: Locale, signal?: AbortSignal): Promise<string> {
  return (await call<{ id: string }>(`${edge}/v1/conversations`, json({ channel: 'chat', locale }, signal)))
    .id;
}

/** Sends one customer turn; the edge answers synchronously, so this resolves with the reply. */
export async function sendTurn(edge: string, id: string, text: string, signal?: AbortSignal) {
  const body = await call<{ reply: TurnReply }>(
    `${edge}/v1/conversations/${id}/messages`,
    json({ text }, signal),
  );
  return body.reply;
}

export async function endConversation(edge: string, id: string): Promise<void> {
  await call(`${edge}/v1/conversations/${id}/end`, json({}));
}

export function edgeStatus(edge: string): Promise<EdgeStatus> {
  return call<EdgeStatus>(`${edge}/v1/status`, { signal: AbortSignal.timeout(5000) });
}

/** Burst turns an edge sent that are neither answered nor given up yet. */
export const burstPending = (status: EdgeStatus) =>
  status.burst ? Math.max(0, status.burst.sent - status.burst.answered - status.burst.timedOut) : 0;

import type { OverflowSession } from '@branchline/proto';

/** An offered conversation as the console and the API show it: tokenized text only. */
export interface OverflowSessionView {
  edgeId: string;
  conversationId: string;
  locale: string;
  reason: string;
  severity: string;
  valueTier: string;
  status: 'waiting' | 'assigned';
  agent: string | null;
  agentName: string | null;
  customerLeft: boolean;
  enqueuedAt: string;
  offeredAt: string;
  updatedAt: string;
  branchEstimatedWaitMs: number | null;
  messages: { seq: number; role: string; text: string; at: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function sessionView(s: OverflowSession): OverflowSessionView {
  return {
    edgeId: s.edgeId,
    conversationId: s.conversationId,
    locale: s.locale,
    reason: s.reason,
    severity: s.severity,
    valueTier: s.valueTier,
    status: s.status === 'assigned' ? 'assigned' : 'waiting',
    agent: s.agent || null,
    agentName: s.agentName || null,
    customerLeft: s.customerLeft,
    enqueuedAt: iso(s.enqueuedUnixMs),
    offeredAt: iso(s.offeredUnixMs),
    updatedAt: iso(s.updatedUnixMs),
    branchEstimatedWaitMs: s.branchEstimatedWaitMs ?? null,
    messages: s.messages.map((m) => ({ seq: m.seq, role: m.role, text: m.text, at: iso(m.atUnixMs) })),
  };
}

/** Waiting ones first, longest waiting first; then the ones agents have, oldest first. */
export function byUrgency(a: OverflowSessionView, b: OverflowSessionView): number {
  if (a.status !== b.status) return a.status === 'waiting' ? -1 : 1;
  return a.enqueuedAt.localeCompare(b.enqueuedAt);
}

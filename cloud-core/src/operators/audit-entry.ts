import { BranchlineError } from '@branchline/shared';
import type { Role } from './roles.js';

export interface AuditEntry {
  id: string;
  /** ISO time the replica recorded it. */
  at: string;
  /** An operator's username, `admin-token`, `anonymous` (a failed sign-in) or `core` (the core itself). */
  actor: string;
  role: Role | 'none';
  via: 'session' | 'token' | 'system';
  /** Stable dotted name, e.g. `bundle.deployed`; also the subject suffix `bl.audit.<action>`. */
  action: string;
  target: string;
  detail: Record<string, unknown>;
  outcome: 'ok' | 'denied' | 'failed';
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'detail'> & {
  at?: string;
  detail?: Record<string, unknown>;
};

export interface AuditFilter {
  actor?: string;
  /** A prefix of the action: `operator` matches `operator.created` and `operator.role_changed`. */
  action?: string;
  since?: Date;
}

const actionPattern = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

export function checkAction(action: string): string {
  if (!actionPattern.test(action))
    throw new BranchlineError('internal', `audit action "${action}" is not a dotted lowercase name`);
  return action;
}

// Whatever a caller puts in the detail, keys that name a secret never reach the stream.
const secretKey = /pass(word)?|token|secret|hash|cookie|authorization/i;

/** A copy of `detail` without secret-named keys (at any depth) and without very long strings. */
export function scrub(detail: unknown, depth = 0): unknown {
  if (typeof detail === 'string') return detail.length > 500 ? `${detail.slice(0, 500)}…` : detail;
  if (detail === null || typeof detail !== 'object') return detail;
  if (depth > 4) return '…';
  if (Array.isArray(detail)) return detail.slice(0, 50).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (!secretKey.test(key)) out[key] = scrub(value, depth + 1);
  }
  return out;
}

export function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.actor !== undefined && entry.actor !== filter.actor) return false;
  if (filter.action !== undefined && !entry.action.startsWith(filter.action)) return false;
  if (filter.since !== undefined && Date.parse(entry.at) < filter.since.getTime()) return false;
  return true;
}

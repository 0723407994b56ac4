import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { auditStream, auditSubjectRoot } from '../nats/index.js';
import {
  type AuditEntry,
  type AuditFilter,
  checkAction,
  matches,
  type NewAuditEntry,
  scrub,
} from './audit-entry.js';

export interface AuditQuery extends AuditFilter {
  /** 100 unless given; at most 1000. */
  limit?: number;
}

/** A filtered query reads back at most this many entries before it answers with what it found. */
export const maxScannedEntries = 20_000;

/**
 * Who changed what, in the JetStream stream `BL_AUDIT`: one message per entry on
 * `bl.audit.<action>`, with the entry id as the message id so a retried publish is kept once.
 */
export class AuditLog {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
  ) {}

  async record(input: NewAuditEntry): Promise<AuditEntry> {
    const entry: AuditEntry = {
      id: randomUUID(),
      at: input.at ?? new Date().toISOString(),
      actor: input.actor.slice(0, 100),
      role: input.role,
      via: input.via,
      action: checkAction(input.action),
      target: input.target.slice(0, 200),
      detail: scrub(input.detail ?? {}) as Record<string, unknown>,
      outcome: input.outcome,
    };
    await this.js.publish(`${auditSubjectRoot}.${entry.action}`, JSON.stringify(entry), { msgID: entry.id });
    return entry;
  }

  /**
   * The newest entries first. The stream is read backwards in growing windows (each window read
   * forwards by a short-lived consumer), so the dashboard's "last 15" reads a few dozen messages,
   * not the whole stream.
   */
  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
    const { state } = await this.jsm.streams.info(auditStream);
    const found: AuditEntry[] = [];
    if (state.messages === 0) return found;
    let end = state.last_seq;
    let window = Math.min(Math.max(limit * 2, 64), 1000);
    let scanned = 0;
    while (end >= state.first_seq && found.length < limit && scanned < maxScannedEntries) {
      const start = Math.max(state.first_seq, end - window + 1);
      const part = await this.read(start, end);
      scanned += end - start + 1;
      let olderThanWanted = false;
      for (const { entry, storedAt } of part.reverse()) {
        if (query.since && storedAt < query.since) {
          olderThanWanted = true;
          break;
        }
        if (matches(entry, query)) found.push(entry);
        if (found.length === limit) break;
      }
      if (olderThanWanted) break;
      end = start - 1;
      window = Math.min(window * 2, 4000);
    }
    return found;
  }

  /** Messages `start..end` in order, through an ephemeral consumer deleted afterwards. */
  private async read(start: number, end: number): Promise<{ entry: AuditEntry; storedAt: Date }[]> {
    const created = await this.jsm.consumers.add(auditStream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: start,
      ack_policy: AckPolicy.None,
      inactive_threshold: 30_000_000_000,
    });
    const out: { entry: AuditEntry; storedAt: Date }[] = [];
    try {
      const consumer = await this.js.consumers.get(auditStream, created.name);
      let done = created.num_pending === 0;
      while (!done) {
        const batch = await consumer.fetch({ max_messages: Math.min(end - start + 1, 1000), expires: 5000 });
        let got = 0;
        for await (const message of batch) {
          got++;
          if (message.seq <= end) {
            try {
              out.push({ entry: message.json<AuditEntry>(), storedAt: message.time });
            } catch {
              // Not an entry this code wrote: nothing to show.
            }
          }
          if (message.seq >= end || message.info.pending === 0) {
            done = true;
            break;
          }
        }
        if (got === 0) break;
      }
    } finally {
      await this.jsm.consumers.delete(auditStream, created.name).catch(() => false);
    }
    return out;
  }
}

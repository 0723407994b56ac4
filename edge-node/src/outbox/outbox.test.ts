import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EdgeDatabase, openDatabase } from '../db/index.js';
import { Outbox } from './outbox.js';

let dir: string;
let db: EdgeDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-outbox-'));
  db = openDatabase(join(dir, 'edge.db'));
});

afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Outbox', () => {
  it('keeps events on disk until they are marked published, oldest first', () => {
    const outbox = new Outbox(db, 'north');
    const first = outbox.append({ type: 'edge.started', data: { version: '1' } });
    const second = outbox.append({
      type: 'conversation.turn',
      conversationId: 'c1',
      data: { intent: 'balance' },
    });

    // A new process on the same file sees the same backlog: nothing lives only in memory.
    db.$client.close();
    db = openDatabase(join(dir, 'edge.db'));
    const reopened = new Outbox(db, 'north');
    const pending = reopened.pending(10);
    expect(pending.map((p) => p.id)).toEqual([first.id, second.id]);
    expect(pending[1]?.subject).toBe('bl.events.north.conversation.turn');
    expect(JSON.parse(pending[1]?.payload ?? '{}')).toMatchObject({ edgeId: 'north', conversationId: 'c1' });

    reopened.markPublished([pending[0]?.seq ?? -1]);
    expect(reopened.backlog()).toBe(1);
    expect(reopened.pending(10).map((p) => p.id)).toEqual([second.id]);
  });

  it('refuses an event with an invalid type', () => {
    const outbox = new Outbox(db, 'north');
    expect(() => outbox.append({ type: 'Not A Type', data: {} })).toThrow();
    expect(outbox.backlog()).toBe(0);
  });

  it('prunes only published events older than the cut-off', () => {
    const outbox = new Outbox(db, 'north');
    outbox.append({ type: 'a.b', data: {} }, new Date('2026-01-01T00:00:00Z'));
    outbox.append({ type: 'a.c', data: {} }, new Date('2026-01-01T00:00:00Z'));
    const [oldest] = outbox.pending(1);
    outbox.markPublished([oldest?.seq ?? -1], new Date('2026-01-01T00:00:00Z'));
    expect(outbox.prunePublished(new Date('2026-01-02T00:00:00Z'))).toBe(1);
    expect(outbox.backlog()).toBe(1);
  });
});

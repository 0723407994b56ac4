import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../outbox/index.js';
import { GroupCommit } from './group-commit.js';
import { openDatabase } from './open-database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('group commit', () => {
  it('settles each write of a shared commit on its own, undoing only the one that failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-group-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'edge.db'));
    const outbox = new Outbox(db, 'north');
    const commits = new GroupCommit(db);
    const writes = Array.from({ length: 10 }, (_, i) =>
      commits.run(() => {
        outbox.append({ type: 'test.written', data: { i } });
        if (i === 3) throw new Error('write 3 fails after its insert');
        return i;
      }),
    );
    const settled = await Promise.allSettled(writes);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(9);
    expect(settled[3]).toMatchObject({ status: 'rejected' });
    // Nine events on disk: the failing write's insert was rolled back with its savepoint.
    expect(outbox.backlog()).toBe(9);
    // A later tick is a later transaction, and it sees the earlier one committed.
    await commits.run(() => outbox.append({ type: 'test.written', data: { i: 10 } }));
    expect(outbox.backlog()).toBe(10);
    db.$client.close();
  });
});

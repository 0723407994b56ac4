import { describe, expect, it } from 'vitest';
import { type AuditEntry, matches, scrub } from './audit-entry.js';

const entry: AuditEntry = {
  id: 'a1',
  at: '2026-11-24T10:00:00.000Z',
  actor: 'li.wei',
  role: 'operator',
  via: 'session',
  action: 'bundle.deployed',
  target: 'north-2026.11',
  detail: {},
  outcome: 'ok',
};

describe('audit entries', () => {
  it('drop every secret-named key from the detail, however deep', () => {
    expect(
      scrub({
        role: 'admin',
        password: 'hunter2hunter2',
        nested: { csrfToken: 'x', sessionToken: 'y', edgeId: 'north' },
        list: [{ passwordHash: '$argon2id$', kept: 1 }],
      }),
    ).toEqual({ role: 'admin', nested: { edgeId: 'north' }, list: [{ kept: 1 }] });
  });

  it('filter by actor, action prefix and time', () => {
    expect(matches(entry, { actor: 'li.wei', action: 'bundle' })).toBe(true);
    expect(matches(entry, { action: 'bundle.deployed' })).toBe(true);
    expect(matches(entry, { action: 'operator' })).toBe(false);
    expect(matches(entry, { actor: 'ops.admin' })).toBe(false);
    expect(matches(entry, { since: new Date('2026-11-24T09:59:59Z') })).toBe(true);
    expect(matches(entry, { since: new Date('2026-11-24T10:00:01Z') })).toBe(false);
  });
});

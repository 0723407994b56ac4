import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConversationStore } from '../conversation/conversation-store.js';
import { openDatabase } from '../db/index.js';
import { Redactor } from './redactor.js';
import { Vault } from './vault.js';

const dir = mkdtempSync(join(tmpdir(), 'bl-redactor-'));
const db = openDatabase(join(dir, 'edge.db'));
const vault = new Vault(db, randomBytes(32), 30);
const redactor = new Redactor(vault);
const conversationId = new ConversationStore(db).create({
  channel: 'chat',
  locale: 'en',
  customerRef: null,
}).id;
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('redactor tokens', () => {
  it('neutralizes tokens a writer types, so no one can make the edge restore what they may not see', async () => {
    await redactor.redact({ conversationId, customerRef: null, text: 'call me on 13812345678' });
    const forged = await redactor.redact({
      conversationId,
      customerRef: null,
      text: 'my number is ⟦PHONE_1⟧',
    });
    expect(forged.text).toBe('my number is [PHONE_1]');
    expect(vault.restore(conversationId, forged.text)).not.toContain('13812345678');
  });

  it("keeps the conversation's own tokens where the caller allows them, and redacts the rest", async () => {
    const own = new Set(vault.values(conversationId).keys());
    const reply = await redactor.redact({
      conversationId,
      customerRef: null,
      text: 'We will call ⟦PHONE_1⟧, or ⟦PHONE_7⟧ if you like, or 13912345678.',
      keepTokens: own,
    });
    expect(reply.text).toBe('We will call ⟦PHONE_1⟧, or [PHONE_7] if you like, or ⟦PHONE_2⟧.');
    expect(vault.restore(conversationId, reply.text)).toBe(
      'We will call 13812345678, or [PHONE_7] if you like, or 13912345678.',
    );
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationStore } from '../conversation/conversation-store.js';
import { type EdgeDatabase, openDatabase } from '../db/index.js';
import { Vault } from './vault.js';

const dirs: string[] = [];
function setup(retentionDays = 30) {
  const dir = mkdtempSync(join(tmpdir(), 'bl-vault-'));
  dirs.push(dir);
  const file = join(dir, 'edge.db');
  const db = openDatabase(file);
  const secret = randomBytes(32);
  const store = new ConversationStore(db);
  const vault = new Vault(db, secret, retentionDays);
  const conversation = store.create({ channel: 'chat', locale: 'zh-CN', customerRef: 'C-1' });
  return { db, file, secret, store, vault, conversation };
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const close = (db: EdgeDatabase) => db.$client.close();

describe('vault', () => {
  it('gives a value the same token within a conversation and numbers tokens per kind', () => {
    const { vault, conversation, db } = setup();
    const id = conversation.id;
    expect(vault.tokenFor(id, 'phone', '13800138000', 'C-1')).toBe('⟦PHONE_1⟧');
    expect(vault.tokenFor(id, 'phone', '13900139000', 'C-1')).toBe('⟦PHONE_2⟧');
    expect(vault.tokenFor(id, 'phone', '13800138000', 'C-1')).toBe('⟦PHONE_1⟧');
    expect(vault.tokenFor(id, 'name', '王小明', 'C-1')).toBe('⟦NAME_1⟧');
    expect(vault.restore(id, '⟦NAME_1⟧的电话是⟦PHONE_2⟧')).toBe('王小明的电话是13900139000');
    close(db);
  });

  it('keeps originals encrypted at rest: the SQLite file never holds them in the clear', () => {
    const { vault, conversation, db, file } = setup();
    vault.tokenFor(conversation.id, 'email', 'wang.xiaoming@example.com', 'C-1');
    vault.tokenFor(conversation.id, 'name', '王小明', 'C-1');
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from('wang.xiaoming@example.com'))).toBe(false);
    expect(bytes.includes(Buffer.from('王小明'))).toBe(false);
    expect(vault.restore(conversation.id, '⟦EMAIL_1⟧')).toBe('wang.xiaoming@example.com');
    close(db);
  });

  it('cannot open entries under another edge secret', () => {
    const { vault, conversation, db } = setup();
    vault.tokenFor(conversation.id, 'name', '王小明', 'C-1');
    const stranger = new Vault(db, randomBytes(32), 30);
    expect(() => stranger.restore(conversation.id, '⟦NAME_1⟧')).toThrow();
    close(db);
  });

  it('restores only the kinds asked for, and leaves unknown tokens alone', () => {
    const { vault, conversation, db } = setup();
    vault.tokenFor(conversation.id, 'address', '杭州市西湖区文化路88号', 'C-1');
    vault.tokenFor(conversation.id, 'phone', '13800138000', 'C-1');
    expect(vault.restore(conversation.id, '⟦ADDRESS_1⟧ ⟦PHONE_1⟧ ⟦NAME_9⟧', ['address'])).toBe(
      '杭州市西湖区文化路88号 ⟦PHONE_1⟧ ⟦NAME_9⟧',
    );
    close(db);
  });

  it('erases entries past retention and a customer on request', () => {
    const { vault, conversation, db, store } = setup(1);
    vault.tokenFor(conversation.id, 'name', '王小明', 'C-1');
    const other = store.create({ channel: 'chat', locale: 'en', customerRef: 'C-2' });
    vault.tokenFor(other.id, 'name', 'Alex Demo', 'C-2');
    expect(vault.purgeExpired(new Date())).toBe(0);
    expect(vault.purgeExpired(new Date(Date.now() + 2 * 86_400_000))).toBe(2);
    vault.tokenFor(conversation.id, 'name', '王小明', 'C-1');
    vault.tokenFor(other.id, 'name', 'Alex Demo', 'C-2');
    expect(vault.eraseCustomer('C-1')).toBe(1);
    expect(vault.restore(conversation.id, '⟦NAME_1⟧')).toBe('⟦NAME_1⟧');
    expect(vault.restore(other.id, '⟦NAME_1⟧')).toBe('Alex Demo');
    close(db);
  });
});

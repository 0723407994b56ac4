import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BranchlineError } from '@branchline/shared';
import { freePort, type NatsServer, startNatsServer } from '@branchline/shared/process';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore, parseArticleInput } from '../../src/knowledge/index.js';
import { articlesBucket } from '../../src/nats/index.js';

let dir: string;
let nats: NatsServer;
let nc: NatsConnection;
let store: ArticleStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-articles-'));
  nats = await startNatsServer({ port: await freePort(), storeDir: join(dir, 'nats') });
  nc = await connect({ servers: nats.url });
  store = new ArticleStore(await new Kvm(nc).create(articlesBucket, { history: 64 }));
});

afterAll(async () => {
  await nc?.close();
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const article = {
  id: 'card-activation',
  title: '如何激活银行卡',
  body: '在手机银行首页点击“卡片激活”。',
  locale: 'zh-CN',
  tags: ['card'],
};

function errorOf(fn: () => unknown): BranchlineError {
  try {
    fn();
  } catch (error) {
    return error as BranchlineError;
  }
  throw new Error('no error');
}

describe('article input', () => {
  it('names the field that is wrong', () => {
    const missing = errorOf(() => parseArticleInput({ ...article, title: '' }));
    expect(missing.code).toBe('invalid_argument');
    expect(missing.message).toMatch(/^title: /);
    expect(errorOf(() => parseArticleInput({ ...article, locale: 'fr' })).message).toMatch(/^locale: /);
    expect(errorOf(() => parseArticleInput({ ...article, colour: 'red' })).message).toMatch(/colour/);
    expect(errorOf(() => parseArticleInput({ ...article, id: 'synonyms' })).message).toMatch(/reserved/);
    expect(
      errorOf(() =>
        parseArticleInput({
          ...article,
          validFrom: '2025-02-01T00:00:00+08:00',
          validUntil: '2025-01-01T00:00:00+08:00',
        }),
      ).message,
    ).toMatch(/^validUntil: /);
    expect(errorOf(() => parseArticleInput([], '[3] (x)')).message).toBe(
      '[3] (x): an article is a JSON object',
    );
  });

  it('ignores a version the client sends', () => {
    expect(parseArticleInput({ ...article, version: 42 })).not.toHaveProperty('version');
  });
});

describe('the article store', () => {
  it('assigns version 1, bumps it only on change, and keeps the history', async () => {
    const first = await store.put(parseArticleInput(article));
    expect(first).toMatchObject({ changed: true, article: { version: 1 } });

    const same = await store.put(parseArticleInput({ ...article, version: 9 }));
    expect(same).toMatchObject({ changed: false, article: { version: 1 } });

    const edited = await store.put(parseArticleInput({ ...article, body: '拨打客服热线激活。' }));
    expect(edited).toMatchObject({ changed: true, article: { version: 2, body: '拨打客服热线激活。' } });
    expect((await store.get('card-activation'))?.version).toBe(2);

    const kv = await new Kvm(nc).open(articlesBucket);
    const versions: number[] = [];
    for await (const entry of await kv.history({ key: 'card-activation' })) {
      versions.push((entry.json() as { version: number }).version);
    }
    expect(versions).toEqual([1, 2]);
  });

  it('lists articles by id and deletes them', async () => {
    await store.put(parseArticleInput({ ...article, id: 'atm', title: 'ATM', locale: 'en' }));
    expect((await store.list()).map((s) => s.article.id)).toEqual(['atm', 'card-activation']);
    expect(await store.delete('atm')).toBe(true);
    expect(await store.delete('atm')).toBe(false);
    expect(await store.get('atm')).toBeUndefined();
    expect((await store.list()).map((s) => s.article.id)).toEqual(['card-activation']);
  });
});

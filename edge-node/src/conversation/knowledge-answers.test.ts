import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, knowledgeSnapshotSchema } from '@branchline/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTempDemoBranch, localDay, type TempDemoBranch } from '../connector/index.js';
import { type EdgeDatabase, openDatabase } from '../db/index.js';
import { KnowledgeBase } from '../knowledge/index.js';
import { loadModelsFrom, ModelRegistry, ModelStore } from '../models/index.js';
import { Outbox } from '../outbox/index.js';
import { createBranchTools } from '../tools/index.js';
import { buildConversationService } from './build-service.js';
import type { ConversationService } from './index.js';

const log = createLogger('test', { level: 'silent' });
let dir: string;
let db: EdgeDatabase;
let models: ModelRegistry;
let branch: TempDemoBranch;
let service: ConversationService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-kb-answers-'));
  db = openDatabase(join(dir, 'edge.db'));
  const store = new ModelStore(join(dir, 'models'));
  models = new ModelRegistry(store, log);
  await loadModelsFrom(inject('demoModelsDir'), store, models, log);
  branch = createTempDemoBranch(localDay());
  const knowledge = new KnowledgeBase(db);
  ({ service } = buildConversationService({
    db,
    outbox: new Outbox(db, 'north'),
    models,
    connector: branch.connector,
    tools: createBranchTools(branch.connector),
    secret: randomBytes(32),
    vaultRetentionDays: 30,
    maxMessageChars: 2000,
    knowledge,
    log,
  }));
  knowledge.install(
    knowledgeSnapshotSchema.parse({
      format: 'branchline-kb/1',
      id: 'kb-test',
      createdAt: '2026-11-01T00:00:00Z',
      articles: [
        {
          id: 'opening-hours',
          version: 1,
          title: '网点营业时间',
          locale: 'zh-CN',
          body: '# 营业时间\n\n本网点周一至周五 9:00 开门，17:00 关门。周六 9:00-12:00 营业，周日休息。',
        },
        {
          id: 'opening-hours-en',
          version: 1,
          title: 'Branch opening hours',
          locale: 'en',
          body: 'The branch opens at 9:00 and closes at 17:00 on weekdays. On Saturdays it is open from 9:00 to 12:00.',
        },
      ],
    }),
  );
}, 60_000);

afterAll(async () => {
  await models?.close();
  db?.$client.close();
  branch?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('local answers from the knowledge base', () => {
  it('answers a routine question with the passage’s own sentences and cites it', async () => {
    const zh = service.start({ channel: 'chat', locale: 'zh-CN', customerRef: null });
    const answer = await service.send(zh.id, '你们网点周六几点开门？');
    expect(answer.reply).toMatchObject({
      handledBy: 'local',
      available: true,
      citations: [{ id: 'opening-hours', title: '网点营业时间' }],
    });
    expect('本网点周一至周五 9:00 开门，17:00 关门。周六 9:00-12:00 营业，周日休息。').toContain(
      answer.reply?.text.split('。')[0] ?? 'nothing',
    );

    const en = service.start({ channel: 'chat', locale: 'en', customerRef: null });
    const english = await service.send(en.id, 'what time does the branch open on Saturdays?');
    expect(english.reply?.citations).toEqual([{ id: 'opening-hours-en', title: 'Branch opening hours' }]);
    expect(english.reply?.text).toContain('Saturdays');
  });

  it('does not answer locally when no passage supports the question', async () => {
    const zh = service.start({ channel: 'chat', locale: 'zh-CN', customerRef: null });
    const reply = await service.send(zh.id, '现在房贷利率是多少？');
    expect(reply.understanding.intent).toBe('mortgage_rate_inquiry');
    expect(reply.reply).toMatchObject({ available: false, citations: [] });
  });
});

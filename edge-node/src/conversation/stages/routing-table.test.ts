import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FinalAnswer } from '@branchline/proto';
import { createLogger, type Route } from '@branchline/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTempDemoBranch, localDay, type TempDemoBranch } from '../../connector/index.js';
import type { DialogClient } from '../../core-link/index.js';
import { type EdgeDatabase, openDatabase } from '../../db/index.js';
import { KnowledgeBase } from '../../knowledge/index.js';
import { loadModelsFrom, ModelRegistry, ModelStore } from '../../models/index.js';
import { Outbox } from '../../outbox/index.js';
import { createBranchTools } from '../../tools/index.js';
import { buildConversationService } from '../build-service.js';
import { ConversationStore } from '../conversation-store.js';
import type { ConversationService } from '../index.js';
import type { LiveEvent } from '../live-hub.js';
import type { Decision, Understanding } from '../types.js';

/**
 * Customer messages through the real edge (redact, the demo ONNX models, routing with the
 * conversation's stored history) with the route and reason each must get. Messages the demo
 * models misread are not here: the rules are what this proves, not the models.
 */

const log = createLogger('test', { level: 'silent' });
let dir: string;
let db: EdgeDatabase;
let models: ModelRegistry;
let branch: TempDemoBranch;
let service: ConversationService;
let store: ConversationStore;
let outbox: Outbox;
/** What the fake core's answer check says about the next cloud answer; '' passes it. */
let cloudHandoff = '';

const fakeDialog: DialogClient = {
  async converse(): Promise<FinalAnswer> {
    const handoffReason = cloudHandoff;
    cloudHandoff = '';
    return {
      text: 'An answer from the core.',
      citations: [],
      handoffReason,
      offline: false,
      usage: undefined,
    };
  },
  close() {},
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-routing-table-'));
  db = openDatabase(join(dir, 'edge.db'));
  const modelStore = new ModelStore(join(dir, 'models'));
  models = new ModelRegistry(modelStore, log);
  await loadModelsFrom(inject('demoModelsDir'), modelStore, models, log);
  branch = createTempDemoBranch(localDay());
  outbox = new Outbox(db, 'north');
  ({ service } = buildConversationService({
    db,
    outbox,
    models,
    connector: branch.connector,
    tools: createBranchTools(branch.connector),
    secret: randomBytes(32),
    vaultRetentionDays: 30,
    maxMessageChars: 2000,
    knowledge: new KnowledgeBase(db),
    dialog: { client: fakeDialog, deadlineMs: 5_000 },
    log,
  }));
  store = new ConversationStore(db);
}, 60_000);

afterAll(async () => {
  await models?.close();
  db?.$client.close();
  branch?.close();
  rmSync(dir, { recursive: true, force: true });
});

const han = /\p{Script=Han}/u;

function start(text: string): string {
  return service.start({ channel: 'chat', locale: han.test(text) ? 'zh-CN' : 'en', customerRef: null }).id;
}

/** Sends a customer turn and reads back the decision the edge stored with its reply. */
async function send(
  conversationId: string,
  text: string,
): Promise<Decision & { understanding: Understanding }> {
  const { understanding } = await service.send(conversationId, text);
  const reply = store.transcript(conversationId).findLast((m) => m.role === 'assistant');
  const decision = JSON.parse(reply?.meta ?? '{}') as Decision;
  return { route: decision.route, reason: decision.reason, tool: decision.tool, understanding };
}

interface Row {
  text: string;
  route: Route;
  /** For hand-offs: the reason, or the reasons any of which is right. */
  reason?: string | string[];
  tool?: string;
}

const angry = ['negative_sentiment', 'complaint'];

const table: Row[] = [
  // Asking for a person, in so many words.
  { text: '转人工', route: 'human', reason: 'requested' },
  { text: '人工客服在吗？', route: 'human', reason: 'requested' },
  { text: '找人工，别让机器人跟我说了', route: 'human', reason: 'requested' },
  { text: '我要投诉人工', route: 'human', reason: 'requested' },
  { text: '麻烦转接人工坐席', route: 'human', reason: 'requested' },
  { text: '能不能帮我接一下真人客服', route: 'human', reason: 'requested' },
  { text: '我不想跟人工智能说话，给我找个真人', route: 'human', reason: 'requested' },
  { text: 'agent please', route: 'human', reason: 'requested' },
  { text: 'Can I speak to a human?', route: 'human', reason: 'requested' },
  { text: 'I want a real person, not a bot', route: 'human', reason: 'requested' },
  { text: 'Please connect me with a customer service representative', route: 'human', reason: 'requested' },
  { text: 'Get me a real person now', route: 'human', reason: 'requested' },
  { text: 'Is there a live agent I can chat with?', route: 'human', reason: 'requested' },
  // Complaints.
  { text: '你们网点的柜员态度太恶劣了，我要投诉', route: 'human', reason: 'complaint' },
  { text: '你们修暖气的师傅把我家地板弄脏了，我要投诉', route: 'human', reason: 'complaint' },
  {
    text: 'I want to file a complaint about the rude staff at your Elm Street branch',
    route: 'human',
    reason: 'complaint',
  },
  {
    text: 'I want to complain about the engineer who came to fix my boiler, he left a mess everywhere',
    route: 'human',
    reason: 'complaint',
  },
  // Angry.
  { text: '你们这是什么破服务！！！气死我了', route: 'human', reason: angry },
  { text: '卡被吞了三天还没人管，你们到底还想不想干了', route: 'human', reason: angry },
  {
    text: 'This is absolutely ridiculous, you people are useless!!!',
    route: 'human',
    reason: [...angry, 'compliance_flag'],
  },
  { text: 'I am furious, you took money from my account twice', route: 'human', reason: angry },
  // Threats and abuse.
  { text: '再不给我解决，我就去你们网点把柜台砸了', route: 'human', reason: 'compliance_flag' },
  { text: '你们这帮骗子，全家都不得好死', route: 'human', reason: 'compliance_flag' },
  {
    text: "If you don't fix this today I will come down there and hurt someone",
    route: 'human',
    reason: 'compliance_flag',
  },
  { text: "you're a bunch of idiots and thieves", route: 'human', reason: 'compliance_flag' },
  // Branch tools.
  { text: '我的订单 HT-20931 到哪了？', route: 'tool', tool: 'order_status' },
  { text: '帮我查一下贷款下个月几号还款', route: 'tool', tool: 'repayment_date' },
  { text: '收货地址要改成公司地址', route: 'tool', tool: 'change_delivery_address' },
  { text: '想约个师傅上门检修一下锅炉', route: 'tool', tool: 'book_technician_visit' },
  { text: 'Where is my order HT-20417?', route: 'tool', tool: 'order_status' },
  { text: 'When is my next loan repayment due?', route: 'tool', tool: 'repayment_date' },
  {
    text: 'I need to change the delivery address for my order',
    route: 'tool',
    tool: 'change_delivery_address',
  },
  { text: 'Can I book an engineer to look at my boiler?', route: 'tool', tool: 'book_technician_visit' },
  // Small talk, including customers who decline a person.
  { text: '你好', route: 'local', reason: 'small_talk' },
  { text: '好的，谢谢你，再见', route: 'local', reason: 'small_talk' },
  { text: '不用转人工了，问题已经解决了，谢谢', route: 'local', reason: 'small_talk' },
  { text: 'Hi there', route: 'local', reason: 'small_talk' },
  { text: "Thanks, that's all, bye!", route: 'local', reason: 'small_talk' },
  { text: 'No need for an agent, thanks, that solved it', route: 'local', reason: 'small_talk' },
  // Routine questions the branch knowledge answers.
  { text: '附近哪里有ATM可以取钱？', route: 'local', reason: 'knowledge_intent' },
  { text: '美元今天的汇率是多少', route: 'local', reason: 'knowledge_intent' },
  { text: '新办的信用卡怎么激活', route: 'local', reason: 'knowledge_intent' },
  { text: '一年期定期存款利率多少', route: 'local', reason: 'knowledge_intent' },
  { text: 'What are your opening hours on Saturday?', route: 'local', reason: 'knowledge_intent' },
  { text: "Where's the nearest ATM?", route: 'local', reason: 'knowledge_intent' },
  { text: 'How do I activate my new card?', route: 'local', reason: 'knowledge_intent' },
  { text: "What's the exchange rate for euros today?", route: 'local', reason: 'knowledge_intent' },
  // Open questions.
  { text: '我下个月要出国，信用卡在国外能用吗？', route: 'cloud' },
  { text: '我想给孩子开一个储蓄账户', route: 'cloud' },
  { text: 'Can I use my debit card when I travel to Japan?', route: 'cloud' },
  { text: "I'd like to open a savings account for my daughter", route: 'cloud' },
];

const explain = (text: string, got: { understanding: Understanding }) =>
  `${text} -> ${JSON.stringify(got.understanding)}`;

describe('routing table: one message, a new conversation each', () => {
  it('covers both languages', () => {
    const zh = table.filter((row) => han.test(row.text)).length;
    expect(table.length).toBeGreaterThanOrEqual(40);
    expect(zh).toBeGreaterThanOrEqual(table.length * 0.4);
    expect(table.length - zh).toBeGreaterThanOrEqual(table.length * 0.4);
  });

  it.each(table)('$text -> $route $reason', async (row) => {
    const got = await send(start(row.text), row.text);
    expect(got.route, explain(row.text, got)).toBe(row.route);
    if (row.reason !== undefined) {
      const reasons = typeof row.reason === 'string' ? [row.reason] : row.reason;
      expect(reasons, explain(row.text, got)).toContain(got.reason);
    }
    if (row.tool) expect(got.tool).toBe(row.tool);
    if (row.route !== 'human') expect(got.reason).not.toBe('rising_anger');
  });
});

describe('routing table: over a conversation', () => {
  it.each([
    ['账单上这笔费用是什么？', '还是没明白，能说清楚点吗', '说了半天还是没解决'],
    [
      'Could you explain the charges on my heating bill?',
      'This is taking way too long',
      'Still waiting for a proper answer here',
    ],
  ])('hands a customer whose anger rises over three turns to a person: %s / %s / %s', async (...turns) => {
    const id = start(turns[0] ?? '');
    const routes: string[] = [];
    let last: Awaited<ReturnType<typeof send>> | undefined;
    for (const text of turns) {
      last = await send(id, text);
      routes.push(last.route);
    }
    expect(routes.slice(0, 2)).not.toContain('human');
    expect(last).toMatchObject({ route: 'human', reason: 'rising_anger' });
    // The last message alone, without the way there, is no reason to hand over.
    const alone = turns[2] ?? '';
    expect((await send(start(alone), alone)).route).not.toBe('human');
  });

  it.each([
    ['dfhjk', '啊啊啊啊'],
    ['就是上次那个事情', '你懂我意思吧'],
    ['qwerty uiop', 'asdf'],
    ['hmm the thing with the stuff', "That's not quite what I asked"],
  ])('hands over after two messages in a row the models cannot read: %s / %s', async (first, second) => {
    const id = start(`${first}${second}`);
    expect(await send(id, first)).toMatchObject({ route: 'cloud', reason: 'low_confidence' });
    expect(await send(id, second)).toMatchObject({ route: 'human', reason: 'repeated_low_confidence' });
  });

  it('starts counting again after a message it could read', async () => {
    const id = start('zh 中文');
    expect((await send(id, 'dfhjk')).reason).toBe('low_confidence');
    expect((await send(id, '我的订单 HT-20931 到哪了？')).route).toBe('tool');
    expect(await send(id, '啊啊啊啊')).toMatchObject({ route: 'cloud', reason: 'low_confidence' });
  });

  it("keeps the core's reason when the cloud answer fails its check, in the transcript, the event and the stream", async () => {
    const text = "I'd like to open a savings account for my daughter";
    const id = start(text);
    const events: LiveEvent[] = [];
    const unsubscribe = service.subscribe(id, (event) => events.push(event));
    cloudHandoff = 'answer_check_failed';
    const got = await send(id, text);
    unsubscribe();
    expect(got).toMatchObject({ route: 'human', reason: 'answer_check_failed' });
    const turnEvent = outbox
      .pending(10_000)
      .map(
        (e) => JSON.parse(e.payload) as { type: string; conversationId?: string; data: { reason: string } },
      )
      .find((e) => e.type === 'conversation.turn' && e.conversationId === id);
    expect(turnEvent?.data.reason).toBe('answer_check_failed');
    expect(events.find((e) => e.type === 'handoff')?.data).toEqual({ reason: 'answer_check_failed' });
  });
});

import { join } from 'node:path';
import {
  createEnrollmentToken,
  type ServiceProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, sees } from '../../../edge-node/test/support/browser.js';
import { eventually, readAllEvents } from '../../../edge-node/test/support/events.js';
import { type MessagesApi, reply, startMessagesApi } from '../../src/dev/messages-api/index.js';
import { signInToDashboard } from '../support/dashboard.js';
import { branchAgent, call } from '../support/http.js';

/**
 * Real-time compliance on a real edge, core, NATS and "Claude" (the real SDK against the loopback
 * Messages API), watched in Chromium: an AI reply that promises guaranteed returns is stopped on
 * the edge before the customer sees it, and the alert reaches the ops dashboard while it is open;
 * a customer's threat to go to the regulator and a branch agent's promise raise alerts too.
 */
let llm: MessagesApi;
let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }> | undefined;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;
let core: string;
let branch: string;
const password = 'compliance-pass-2026';

async function customerSays(text: string, locale: 'en' | 'zh-CN' = 'en') {
  const created = await call(branch, 'POST', '/v1/conversations', { locale });
  const id = created.body.id as string;
  const sent = await call(branch, 'POST', `/v1/conversations/${id}/messages`, { text });
  expect(sent.status).toBe(200);
  return { id, reply: sent.body.reply as { text: string; handledBy: string } | null };
}

const alertFor = (ruleId: string) => page.locator('[data-testid=alert]', { hasText: ruleId }).first();

beforeAll(async () => {
  llm = await startMessagesApi();
  stack = await startTestStack('bl-compliance', {
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: llm.url,
  });
  core = stack.core.url.replace('127.0.0.1', 'localhost');
  const created = await call(
    core,
    'POST',
    '/v1/operators',
    { username: 'cara.ops', role: 'viewer', displayName: 'Cara Ops', password },
    { authorization: `Bearer ${stack.core.adminToken()}` },
  );
  expect(created.status).toBe(201);
  const token = await createEnrollmentToken(stack.core, {
    edgeId: 'bank-east',
    labels: { industry: 'bank' },
  });
  edge = await startEdgeProcess(stack.core, {
    name: 'bank-east',
    natsUrl: stack.nats.url,
    dataDir: join(stack.dir, 'edge'),
    token,
    env: {
      BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'),
      BRANCHLINE_DEMO_DATA: 'true',
      BRANCHLINE_DEMO_AGENT_PASSWORD: password,
    },
  });
  branch = `http://127.0.0.1:${edge.ready.http}`;
  chromium = await launchChromium();
  browser = chromium.browser;
  page = await (await browser.newContext({ viewport: { width: 1440, height: 1400 } })).newPage();
  await signInToDashboard(page, core, 'cara.ops', password);
}, 90_000);

afterAll(async () => {
  await chromium?.close();
  await edge?.stop();
  await stack?.stop();
  await llm?.close();
});

describe('real-time compliance', () => {
  it('blocks an AI reply that promises guaranteed returns before the customer sees it, and alerts the dashboard', async () => {
    llm.script(reply.text('Good news: our Steady Growth fund is risk-free, you cannot lose money with it.'));
    const { id, reply: answer } = await customerSays(
      'I have some savings. Which of your funds should I put them in?',
    );
    expect(answer?.handledBy).toBe('cloud');
    expect(answer?.text).toContain("I can't make promises about returns");
    expect(answer?.text).not.toContain('risk-free');
    // The transcript never held the promise either: the customer could not scroll back to it.
    const transcript = await call(branch, 'GET', `/v1/conversations/${id}`);
    expect(JSON.stringify(transcript.body)).not.toContain('risk-free');

    const alert = alertFor('guaranteed-returns.ai');
    await sees(alert, 'cannot lose money');
    await expect.poll(() => alert.getByTestId('alert-blocked').count()).toBe(1);
    await sees(alert, 'bank-east');
    // The alert is an event like any other, with the rule, the side and what was done.
    const events = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) => all.some((e) => e.type === 'compliance.alert' && e.conversationId === id),
    );
    expect(events.find((e) => e.type === 'compliance.alert' && e.conversationId === id)?.data).toMatchObject({
      ruleId: 'guaranteed-returns.ai',
      category: 'guaranteed_returns',
      side: 'ai',
      action: 'block',
    });
    const turn = events.find((e) => e.type === 'conversation.turn' && e.conversationId === id);
    expect(turn?.data.reply).not.toContain('risk-free');
    expect((turn?.data.outcome as { blockedBy?: string } | undefined)?.blockedBy).toBe(
      'guaranteed-returns.ai',
    );
  }, 60_000);

  it("raises a customer's threat to go to the regulator, tokenized, and hands them to a person", async () => {
    const { reply: answer } = await customerSays(
      '如果今天不给我解决，我就去金融监管总局投诉你们，我的电话是13912345678',
      'zh-CN',
    );
    expect(answer?.handledBy).toBe('human');
    const alert = alertFor('regulator-threat');
    await sees(alert, '⟦PHONE_1⟧');
    expect(await alert.textContent()).not.toContain('13912345678');
    await sees(alert, 'customer');
  }, 30_000);

  it("alerts on a branch agent's promise, without stopping a person's words", async () => {
    const { id } = await customerSays('我想找人工客服聊聊理财', 'zh-CN');
    const agent = await branchAgent(branch, 'wang.fang', password);
    expect((await agent('PUT', '/presence', { presence: 'available' })).status).toBe(200);
    expect((await agent('POST', `/conversations/${id}/accept`)).status).toBe(200);
    const said = await agent('POST', `/conversations/${id}/messages`, {
      text: '您放心，这款理财保本保息，稳赚不赔。',
    });
    expect(said.status).toBe(201);
    const alert = alertFor('guaranteed-returns.agent');
    await sees(alert, '保本保息');
    expect(await alert.getByTestId('alert-blocked').count()).toBe(0);
    // The customer read what the agent wrote: people answer for their own words.
    const transcript = await call(branch, 'GET', `/v1/conversations/${id}`);
    expect(JSON.stringify(transcript.body)).toContain('稳赚不赔');
  }, 30_000);
});

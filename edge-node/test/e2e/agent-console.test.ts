import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import {
  createEnrollmentToken,
  repoRoot,
  type ServiceProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, sees } from '../support/browser.js';
import { eventually, readAllEvents } from '../support/events.js';

/**
 * The human side in a real browser: a customer complains in the chat page, the complaint waits in
 * the queue with its reason, an agent signs in to the console, accepts it, both talk live, and the
 * agent's wrap-up (with the intent the AI should have seen) reaches the core as feedback.
 */
let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let base: string;
const password = 'demo-agent-pass-42';
const phone = '13912345678';

beforeAll(async () => {
  stack = await startTestStack('bl-console');
  const token = await createEnrollmentToken(stack.core, { edgeId: 'north', name: 'North Branch' });
  edge = await startEdgeProcess(stack.core, {
    name: 'north',
    natsUrl: stack.nats.url,
    dataDir: join(stack.dir, 'edge'),
    token,
    env: {
      BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'),
      BRANCHLINE_DEMO_DATA: 'true',
      BRANCHLINE_DEMO_AGENT_PASSWORD: password,
    },
  });
  // `localhost` is a secure context, so the console's Secure cookie works over plain HTTP here.
  base = `http://localhost:${edge.ready.http}`;
  chromium = await launchChromium();
  browser = chromium.browser;
}, 90_000);

afterAll(async () => {
  await chromium?.close();
  await edge?.stop();
  await stack?.stop();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${base}/console`);
  await page.getByPlaceholder('Username').fill(username);
  await page.getByPlaceholder('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('agent-name').waitFor();
}

describe('agent console', () => {
  it('refuses the console API without a session, and changes without the CSRF token', async () => {
    expect((await fetch(`${base}/console/api/queue`)).status).toBe(401);
    const bad = await fetch(`${base}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: 'wang.fang', password: 'wrong-password' }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({
      error: { code: 'unauthenticated', message: 'wrong username or password' },
    });
    const good = await fetch(`${base}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ username: 'sam.taylor', password }),
    });
    expect(good.status).toBe(200);
    const cookie = good.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    const session = cookie.split(';')[0] ?? '';
    const { csrfToken } = (await good.json()) as { csrfToken: string };
    const noToken = await fetch(`${base}/console/api/presence`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: session },
      body: JSON.stringify({ presence: 'available' }),
    });
    expect(noToken.status).toBe(403);
    const withToken = await fetch(`${base}/console/api/presence`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: session, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ presence: 'away' }),
    });
    expect(await withToken.json()).toEqual({ presence: 'away' });
  });

  it('takes a complaint from the chat page to an agent and back, live, and sends the wrap-up to the core', async () => {
    const customer = await browser.newPage();
    await customer.goto(`${base}/chat`);
    await customer.locator('#customer').selectOption('C-1001');
    await customer.getByRole('button', { name: '新对话 / New' }).click();
    await customer.locator('#text').fill(`你们网点的柜员态度太恶劣了，我要投诉。我的电话是 ${phone}`);
    await customer.getByRole('button', { name: '发送' }).click();
    // The customer is told they are in line, with their place.
    await sees(customer.locator('.msg.assistant').last(), '正在为您转接人工客服');

    const agent = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(agent, 'wang.fang');
    await agent.getByTestId('presence').selectOption('available');
    const item = agent.getByTestId('queue-item').first();
    await sees(item.getByTestId('queue-reason'), 'complaint');
    await sees(customer.locator('#queue'), '排队第 1 位');
    await item.getByTestId('accept').click();

    // The agent sees the customer's own words, phone number included: the agent is in the branch.
    const transcript = agent.getByTestId('transcript');
    await sees(transcript, phone);
    await sees(agent.getByTestId('customer'), '张示例');
    await sees(agent.getByTestId('customer'), 'BL-240001');
    await sees(agent.getByTestId('mine-item'), '张示例');
    await sees(agent.getByTestId('understanding'), 'complaint');
    await sees(customer.locator('.msg.system').last(), '王芳 Wang Fang 已接入');

    await agent.getByTestId('reply-text').fill('您好，非常抱歉给您带来不好的体验，我来为您处理。');
    let sent = performance.now();
    await agent.getByTestId('send').click();
    await sees(customer.locator('.msg.agent').last(), '非常抱歉');
    const agentToCustomerMs = performance.now() - sent;

    await customer.locator('#text').fill('好的，请尽快处理');
    sent = performance.now();
    await customer.getByRole('button', { name: '发送' }).click();
    await sees(transcript, '好的，请尽快处理');
    const customerToAgentMs = performance.now() - sent;
    // Recorded, not asserted: how long a message took from the click to the other page (polled).
    writeFileSync(
      join(repoRoot, 'bench/results/console.json'),
      `${JSON.stringify(
        {
          measured: 'browser e2e: click on send until the text shows on the other page (polled every 50 ms)',
          agentToCustomerMs: Math.round(agentToCustomerMs),
          customerToAgentMs: Math.round(customerToAgentMs),
          createdAt: new Date().toISOString(),
        },
        null,
        2,
      )}\n`,
    );

    // A reload loses nothing: still signed in, the conversation and its messages are back.
    await agent.reload();
    await sees(agent.getByTestId('transcript'), '好的，请尽快处理');
    await agent.screenshot({ path: join(repoRoot, 'bench/results/console.png'), fullPage: true });

    await agent.getByTestId('disposition').selectOption('resolved');
    await agent.getByTestId('corrected-intent').selectOption('complaint');
    await agent.getByTestId('wrapup-submit').click();
    await expect.poll(() => agent.getByTestId('mine-item').count()).toBe(0);

    const events = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) => all.some((e) => e.type === 'agent.wrapup'),
    );
    const wrapUp = events.find((e) => e.type === 'agent.wrapup');
    expect(wrapUp?.data).toMatchObject({
      reason: 'complaint',
      disposition: 'resolved',
      correctedIntent: 'complaint',
    });
    const turns = (wrapUp?.data.turns ?? []) as { text: string; intent: string | null }[];
    expect(turns.length).toBeGreaterThanOrEqual(2);
    // Feedback for training is tokenized: the phone number stayed in the branch.
    expect(JSON.stringify(wrapUp)).not.toContain(phone);
    expect(turns[0]?.text).toContain('⟦PHONE_1⟧');

    // Every step is in the audit log.
    const db = new Database(join(stack.dir, 'edge', 'edge.db'), { readonly: true });
    const actions = (
      db.prepare('SELECT action FROM agent_audit ORDER BY seq').all() as { action: string }[]
    ).map((r) => r.action);
    db.close();
    for (const action of [
      'sign_in',
      'presence.changed',
      'conversation.accepted',
      'message.sent',
      'conversation.wrapped',
    ])
      expect(actions).toContain(action);
  });
});

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
import { branchAgent, call } from '../support/http.js';

/**
 * Central overflow agents, on a real core, NATS and edge, in Debian's Chromium: a customer the
 * branch cannot serve in time is offered to the core's console, a central agent takes them, reads
 * only tokens and answers with a token the branch turns back into the customer's number; a branch
 * agent who takes a customer first keeps them; a viewer may not take anyone.
 */
let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }> | undefined;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let core: string;
let branch: string;
const password = 'overflow-pass-2026';
const phone = '13812345678';

const admin = (method: string, path: string, body?: unknown) =>
  call(core, method, path, body, { authorization: `Bearer ${stack.core.adminToken()}` });

async function customerAsksForPerson(text: string): Promise<string> {
  const created = await call(branch, 'POST', '/v1/conversations', { locale: 'en' });
  const id = created.body.id as string;
  expect((await call(branch, 'POST', `/v1/conversations/${id}/messages`, { text })).status).toBe(200);
  return id;
}

/** What the customer sees of their conversation, personal data restored. */
async function customerSees(id: string): Promise<string> {
  const view = await call(branch, 'GET', `/v1/conversations/${id}`);
  return (view.body.messages as { text: string }[]).map((m) => m.text).join('\n');
}

/** A branch agent on the edge's console API. */
const signInBranchAgent = (username: string) => branchAgent(branch, username, password);

/** A central agent on the core's API, signed in as the page would be. */
async function centralAgent(username: string) {
  const signedIn = await fetch(`${core}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(signedIn.status).toBe(200);
  const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
  return (method: string, path: string, body?: unknown) =>
    call(core, method, path, body, { cookie, 'x-csrf-token': csrfToken });
}

async function signIn(page: Page, username: string) {
  await page.goto(`${core}/overflow`);
  await page.getByPlaceholder('Username').fill(username);
  await page.getByPlaceholder('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const row = (page: Page, id: string) => page.locator(`[data-conversation="${id}"]`).first();

beforeAll(async () => {
  stack = await startTestStack('bl-overflow');
  core = stack.core.url.replace('127.0.0.1', 'localhost');
  for (const [username, role, displayName] of [
    ['anna.central', 'agent', 'Anna Central'],
    ['ben.central', 'agent', 'Ben Central'],
    ['vic.viewer', 'viewer', 'Vic Viewer'],
  ])
    expect((await admin('POST', '/v1/operators', { username, role, displayName, password })).status).toBe(
      201,
    );
  const token = await createEnrollmentToken(stack.core, { edgeId: 'west' });
  edge = await startEdgeProcess(stack.core, {
    name: 'west',
    natsUrl: stack.nats.url,
    dataDir: join(stack.dir, 'edge'),
    token,
    env: {
      BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'),
      BRANCHLINE_DEMO_DATA: 'true',
      BRANCHLINE_DEMO_AGENT_PASSWORD: password,
      // A central agent the branch cannot reach for 3 s gives the customer back to the branch.
      BRANCHLINE_OVERFLOW_RECLAIM_MS: '3000',
    },
  });
  branch = `http://127.0.0.1:${edge.ready.http}`;
  chromium = await launchChromium();
  browser = chromium.browser;
}, 90_000);

afterAll(async () => {
  await chromium?.close();
  await edge?.stop();
  await stack?.stop();
});

describe('central overflow agents', () => {
  it('serve a customer the branch cannot, on tokens only, and the customer reads their own number', async () => {
    // No branch agent is signed in: the branch could not say when anyone would answer.
    const id = await customerAsksForPerson(`I want to talk to a person. My number is ${phone}.`);
    expect(await customerSees(id)).toContain('passing you to a colleague');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, 'anna.central');
    const waiting = row(page, id);
    await sees(waiting, 'west');
    await waiting.click();
    const transcript = page.getByTestId('transcript');
    await sees(transcript, '⟦PHONE_1⟧');
    expect(await page.locator('body').textContent()).not.toContain(phone);

    await page.getByTestId('accept').first().click();
    await expect.poll(() => customerSees(id), { timeout: 10_000 }).toContain('Anna Central has joined');
    await page.getByTestId('reply').fill('Thanks, we will call you at ⟦PHONE_1⟧ within the hour.');
    await page.getByTestId('send').click();
    // The branch put the number back, for the customer only.
    await expect
      .poll(() => customerSees(id), { timeout: 10_000 })
      .toContain(`we will call you at ${phone} within the hour`);
    await sees(transcript, 'we will call you at ⟦PHONE_1⟧');

    // The customer answers; the central agent sees it live.
    await call(branch, 'POST', `/v1/conversations/${id}/messages`, { text: 'Great, thank you!' });
    await sees(transcript, 'Great, thank you!');
    const board = await admin('GET', '/v1/overflow/sessions');
    expect(JSON.stringify(board.body)).toContain('⟦PHONE_1⟧');
    expect(JSON.stringify(board.body)).not.toContain(phone);

    await page.getByTestId('wrap-up').click();
    await expect.poll(() => row(page, id).count(), { timeout: 10_000 }).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();

    // The wrap-up is a feedback event like a branch agent's, by the central agent.
    const wrapUps = await eventually(
      () => readAllEvents(stack.nats.url),
      (events) => events.some((e) => e.type === 'agent.wrapup' && e.conversationId === id),
    );
    const wrapUp = wrapUps.find((e) => e.type === 'agent.wrapup' && e.conversationId === id);
    expect(wrapUp?.data).toMatchObject({
      agentId: 'central:anna.central',
      disposition: 'resolved',
      overflow: true,
    });
    const audit = JSON.stringify((await admin('GET', '/v1/audit?limit=50')).body);
    expect(audit).toContain('overflow.accepted');
    expect(audit).toContain('overflow.wrapped');
    expect(audit).toContain('anna.central');
  }, 90_000);

  it('leaves a customer with the branch agent who took them first, and says so to the central agent', async () => {
    const id = await customerAsksForPerson('Can I speak to a human agent please?');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, 'ben.central');
    await sees(row(page, id), 'west');

    // Another central agent takes it and hands it back: it waits again, for everyone.
    const path = `/v1/overflow/sessions/west/${id}`;
    const anna = await centralAgent('anna.central');
    expect((await anna('POST', `${path}/accept`)).status).toBe(200);
    await sees(page.getByTestId('others'), 'Anna Central');
    expect((await anna('POST', `${path}/release`)).status).toBe(200);
    await sees(page.getByTestId('waiting'), 'west');

    // Now a branch agent takes the customer; the console's list loses it.
    const sam = await signInBranchAgent('sam.taylor');
    expect((await sam('PUT', '/presence', { presence: 'available' })).status).toBe(200);
    expect((await sam('POST', `/conversations/${id}/accept`)).status).toBe(200);
    await expect.poll(() => row(page, id).count(), { timeout: 10_000 }).toBe(0);
    const late = await anna('POST', `${path}/accept`);
    expect(late.status).toBe(404);
    expect((late.body.error as { message: string }).message).toContain('is in overflow');
    expect(await customerSees(id)).toContain('Sam Taylor has joined');
    await context.close();
  }, 60_000);

  it('lets a viewer see nothing of the customers and take no one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'vic.viewer');
    await sees(page.getByTestId('role-needed'), 'needs the agent role');
    const denied = await page.evaluate(async () => (await fetch('/v1/overflow/sessions')).status);
    expect(denied).toBe(403);
    await context.close();
  }, 30_000);

  it('gives the customer back to the branch when the WAN goes down under a central agent', async () => {
    // The branch's one agent went home: the next customer is offered centrally, and taken.
    const sam = await signInBranchAgent('sam.taylor');
    expect((await sam('PUT', '/presence', { presence: 'away' })).status).toBe(200);
    const id = await customerAsksForPerson('I need a real person now');
    const anna = await centralAgent('anna.central');
    await eventually(
      () => anna('GET', '/v1/overflow/sessions'),
      (r) => (r.body.sessions as { conversationId: string }[]).some((s) => s.conversationId === id),
    );
    expect((await anna('POST', `/v1/overflow/sessions/west/${id}/accept`)).status).toBe(200);
    await expect.poll(() => customerSees(id), { timeout: 10_000 }).toContain('Anna Central has joined');

    await stack.nats.kill();
    // The console says it cannot get through (503, try again shortly)...
    const cut = await anna('POST', `/v1/overflow/sessions/west/${id}/messages`, { text: 'Are you there?' });
    expect(cut.status).toBe(503);
    expect((cut.body.error as { code: string }).code).toBe('unavailable');
    // ... and the branch, cut off from her, puts the customer back in its own queue and says so.
    await expect.poll(() => customerSees(id), { timeout: 15_000 }).toContain('lost their connection');
    expect((await sam('PUT', '/presence', { presence: 'available' })).status).toBe(200);
    const queue = (await sam('GET', '/queue')).body as { waiting: { conversationId: string }[] };
    expect(queue.waiting.map((w) => w.conversationId)).toContain(id);
    expect((await sam('POST', `/conversations/${id}/accept`)).status).toBe(200);
  }, 60_000);
});

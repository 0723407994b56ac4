import { join } from 'node:path';
import {
  createEnrollmentToken,
  type ServiceProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DemoGateway, startDemoGateway } from '../../src/outbound/index.js';
import { consoleAgent } from '../support/console-agent.js';
import { eventually, readAllEvents } from '../support/events.js';
import { coreCall } from '../support/fleet.js';

/**
 * Outbound reminders on a real edge process, with the campaign rolled out in a fleet bundle
 * through a real core and NATS, and the branch's gateway on loopback: the edge reminds the
 * customer its branch system says is due, keeps one who did not answer for a retry, skips one on
 * the do-not-contact list a branch agent adds, and the core gets every result as an event
 * without a name, number or customer ref.
 */
let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }>;
let gateway: DemoGateway;
let base: string;
const password = 'outbound-pass-2026';
// The demo branch system's customers with repayments due within five days, and their numbers.
const due = { 'C-1003': '13900001003', 'C-1004': '+44 7700 900104' };
const personal = ['13900001003', '+44 7700 900104', '900104', '李演示', 'Jamie Sample', 'C-1003', 'C-1004'];
/** The console's outbound API as a signed-in branch agent (a supervisor unless named). */
async function agent(username = 'wang.fang') {
  const signedIn = await consoleAgent(base, username, password);
  return (method: string, path: string, body?: unknown) => signedIn(method, `/outbound${path}`, body);
}

beforeAll(async () => {
  stack = await startTestStack('bl-outbound');
  gateway = await startDemoGateway();
  // C-1004 does not answer the first call.
  gateway.script('no_answer');
  const token = await createEnrollmentToken(stack.core, { edgeId: 'north', labels: { region: 'north' } });
  edge = await startEdgeProcess(stack.core, {
    name: 'north',
    natsUrl: stack.nats.url,
    dataDir: join(stack.dir, 'edge-north'),
    token,
    env: {
      BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'),
      BRANCHLINE_DEMO_DATA: 'true',
      BRANCHLINE_DEMO_AGENT_PASSWORD: password,
      BRANCHLINE_OUTBOUND_GATEWAY_URL: gateway.url,
      BRANCHLINE_OUTBOUND_TICK_MS: '300',
    },
  });
  base = `http://127.0.0.1:${edge.ready.http}`;
}, 90_000);

afterAll(async () => {
  await edge?.stop();
  await stack?.stop();
  await gateway?.close();
});

describe('outbound reminder campaigns', () => {
  it('reminds the customers due, keeps the one who did not answer for a retry, and honours do-not-contact', async () => {
    const console = await agent();
    // A branch agent puts C-1003 on the list, after a typo and a missing reason.
    expect(
      (await console('POST', '/do-not-contact', { customerRef: 'C-9999', reason: 'asked' })).status,
    ).toBe(404);
    expect((await console('POST', '/do-not-contact', { customerRef: 'C-1003', reason: '' })).status).toBe(
      400,
    );
    expect(
      (await console('POST', '/do-not-contact', { customerRef: 'C-1003', reason: 'asked at the counter' }))
        .status,
    ).toBe(201);

    const bundle = {
      version: 'outbound-1',
      outbound: {
        campaigns: [
          {
            id: 'repayments',
            kind: 'repayment_reminder',
            daysAhead: 5,
            // All day, every day: the test must not depend on when it runs.
            callingHours: { from: '00:00', to: '24:00', days: [1, 2, 3, 4, 5, 6, 7] },
            maxAttempts: 3,
            retryAfterMinutes: 1,
          },
        ],
      },
    };
    expect((await coreCall(stack, 'PUT', '/v1/config/bundles/outbound-1', bundle)).status).toBe(201);
    expect(
      (await coreCall(stack, 'POST', '/v1/config/deploy', { version: 'outbound-1', selector: '' })).status,
    ).toBe(200);

    // The first attempt to C-1004 goes unanswered; C-1003 is never contacted.
    await eventually(
      async () => gateway.received.length,
      (n) => n >= 1,
      15_000,
    );
    expect(gateway.received[0]).toMatchObject({ to: due['C-1004'], campaignId: 'repayments', locale: 'en' });
    const view = await console('GET', '');
    expect(view.body).toMatchObject({
      gatewayConfigured: true,
      campaigns: [{ id: 'repayments', contacts: { pending: 1, do_not_contact: 1 } }],
      doNotContact: [{ customerRef: 'C-1003', reason: 'asked at the counter', addedBy: 'agent:wang.fang' }],
    });
    // The retry waits its minute (the unit tests follow it through): nothing more is sent now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(gateway.received).toHaveLength(1);
    expect((await console('GET', '')).body.recentAttempts).toMatchObject([
      { campaignId: 'repayments', customerRef: 'C-1004', attempt: 1, result: 'no_answer', status: 'pending' },
    ]);

    // The core has every result, and nothing that says who.
    const events = await eventually(
      () => readAllEvents(stack.nats.url),
      (all) => all.filter((e) => e.type === 'outbound.attempt').length >= 2,
    );
    const attempts = events.filter((e) => e.type === 'outbound.attempt').map((e) => e.data);
    expect(attempts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          campaignId: 'repayments',
          result: 'no_answer',
          attempt: 1,
          status: 'pending',
        }),
        expect.objectContaining({ campaignId: 'repayments', result: 'skipped', status: 'do_not_contact' }),
      ]),
    );
    const wire = JSON.stringify(events.filter((e) => e.type.startsWith('outbound')));
    for (const value of personal) expect(wire).not.toContain(value);
    // The agent's change is in the branch's audit log.
    const db = new Database(join(stack.dir, 'edge-north', 'edge.db'), { readonly: true });
    const actions = (db.prepare('SELECT action FROM agent_audit').all() as { action: string }[]).map(
      (r) => r.action,
    );
    db.close();
    expect(actions).toContain('outbound.do_not_contact.added');
  }, 60_000);

  it('lets only a supervisor take the customer off the list again', async () => {
    const sam = await agent('sam.taylor');
    const denied = await sam('DELETE', '/do-not-contact/C-1003');
    expect(denied.status).toBe(403);
    expect((denied.body.error as { code: string }).code).toBe('forbidden');
    const console = await agent();
    expect((await console('DELETE', '/do-not-contact/C-1003')).status).toBe(200);
    expect((await console('DELETE', '/do-not-contact/C-1003')).status).toBe(404);
    expect((await console('GET', '')).body.doNotContact).toEqual([]);
  });
});

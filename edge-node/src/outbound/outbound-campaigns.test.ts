import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type OutboundCampaign, outboundCampaignSchema } from '@branchline/shared';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BranchConnector, openBranchSystem, seedDemoBranch } from '../connector/index.js';
import { type EdgeDatabase, openDatabase } from '../db/index.js';
import { Outbox } from '../outbox/index.js';
import { type DemoGateway, startDemoGateway } from './demo-gateway.js';
import { WebhookGateway } from './gateway.js';
import { OutboundCampaigns } from './outbound-campaigns.js';

const today = '2026-11-24'; // a Tuesday
const dir = mkdtempSync(join(tmpdir(), 'bl-outbound-'));
const branchDb = openBranchSystem(join(dir, 'branch.db'));
seedDemoBranch(branchDb, { today });
const connector = new BranchConnector(branchDb, { today: () => today });
const log = createLogger('edge-node', { level: 'silent' });
const shanghai = (time: string, day = today) => Date.parse(`${day}T${time}:00+08:00`);

let db: EdgeDatabase;
let gateway: DemoGateway;
let now: number;
let campaigns: OutboundCampaign[];
let runner: OutboundCampaigns;
let n = 0;

const campaign = (over: Record<string, unknown> = {}) =>
  outboundCampaignSchema.parse({ id: 'repay', kind: 'repayment_reminder', daysAhead: 5, ...over });
const events = () =>
  (db.$client.prepare('SELECT payload FROM outbox ORDER BY seq').all() as { payload: string }[]).map(
    (r) => JSON.parse(r.payload) as { type: string; data: Record<string, unknown> },
  );

beforeEach(async () => {
  db = openDatabase(join(dir, `edge-${n++}.db`));
  gateway = await startDemoGateway();
  now = shanghai('10:00');
  campaigns = [campaign()];
  runner = new OutboundCampaigns({
    db,
    connector,
    outbox: new Outbox(db, 'edge-test'),
    gateway: new WebhookGateway(gateway.url, 2000),
    campaigns: () => campaigns,
    branch: 'Branchline North',
    log,
    clock: () => now,
  });
});
afterEach(async () => {
  db.$client.close();
  await gateway.close();
});
afterAll(() => {
  branchDb.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('outbound reminder campaigns', () => {
  it('reminds each customer whose repayment falls due, once per due date, in their language', async () => {
    const [tick] = await runner.tick();
    // Due within five days: C-1003's mortgage (day 5) and C-1004's instalment (day 3).
    expect(tick).toMatchObject({ campaignId: 'repay', due: 2, attempted: 2 });
    // Soonest due first.
    expect(gateway.received.map((m) => [m.to, m.locale])).toEqual([
      ['+44 7700 900104', 'en'],
      ['13900001003', 'zh-CN'],
    ]);
    expect(gateway.received[0]?.text).toBe(
      'Branchline North: a reminder that your repayment of 399.00 CNY is due on 2026-11-27. Ignore this if you have paid. To stop these reminders, tell the branch.',
    );
    expect(gateway.received[1]?.text).toContain(
      '【Branchline North】温馨提醒：您的下一期还款 12680.00 CNY 将于 2026-11-29 到期',
    );
    now += 3_600_000;
    expect((await runner.tick())[0]?.attempted).toBe(0);
    expect(gateway.received).toHaveLength(2);
    expect(runner.stats()).toEqual({ repay: { done: 2 } });
  });

  it('contacts no one outside calling hours or on days off, in the campaign time zone', async () => {
    now = shanghai('08:59');
    expect((await runner.tick())[0]).toMatchObject({ attempted: 0, waiting: 'outside_calling_hours' });
    now = shanghai('20:00');
    expect((await runner.tick())[0]?.waiting).toBe('outside_calling_hours');
    now = shanghai('12:00', '2026-11-29'); // a Sunday
    campaigns = [campaign({ id: 'sunday', daysAhead: 0 })];
    expect((await runner.tick())[0]?.waiting).toBe('outside_calling_hours');
    // 10:00 in London is 18:00 in Shanghai: inside London's 09:00-17:00, whatever the server's zone.
    campaigns = [campaign({ timeZone: 'Europe/London', callingHours: { from: '09:00', to: '17:00' } })];
    now = Date.parse(`${today}T10:00:00Z`);
    expect((await runner.tick())[0]?.attempted).toBe(2);
    expect(gateway.received).toHaveLength(2);
  });

  it('retries an unanswered reminder after the wait, and gives up after maxAttempts', async () => {
    campaigns = [campaign({ maxAttempts: 2, retryAfterMinutes: 60 })];
    gateway.script('no_answer', 'delivered', 'busy');
    await runner.tick();
    expect(runner.stats().repay).toEqual({ pending: 1, done: 1 });
    now += 30 * 60_000;
    expect((await runner.tick())[0]?.attempted).toBe(0);
    now += 31 * 60_000;
    expect((await runner.tick())[0]?.attempted).toBe(1);
    // Busy is the second failure of two allowed: the contact is exhausted.
    expect(runner.stats().repay).toEqual({ exhausted: 1, done: 1 });
    const repeated = gateway.received.filter((m) => m.to === gateway.received[0]?.to);
    expect(repeated.map((m) => m.attemptId)).toEqual([
      expect.stringMatching(/:1$/),
      expect.stringMatching(/:2$/),
    ]);
    expect(runner.recentAttempts()[0]).toMatchObject({ result: 'busy', attempt: 2 });
  });

  it('does not spend attempts while the gateway is down, and resends under the same attempt id', async () => {
    campaigns = [campaign({ maxAttempts: 1 })];
    gateway.script({ status: 503 });
    expect((await runner.tick())[0]).toMatchObject({ attempted: 0, waiting: 'gateway_unavailable' });
    // The pass stopped at the outage: the second customer was not tried either.
    expect(gateway.received).toHaveLength(1);
    expect(runner.stats().repay).toEqual({ pending: 2 });
    now += 61_000;
    expect((await runner.tick())[0]?.attempted).toBe(2);
    expect(runner.stats().repay).toEqual({ done: 2 });
    expect(gateway.received[1]?.attemptId).toBe(gateway.received[0]?.attemptId);
    expect(runner.recentAttempts()).toHaveLength(2);
  });

  it('stops a pass when the calling window closes during it', async () => {
    now = shanghai('19:59');
    // Each send takes the clock past 20:00.
    const slow = new OutboundCampaigns({
      db,
      connector,
      outbox: new Outbox(db, 'edge-test'),
      gateway: {
        send: async (message) => {
          now += 90_000;
          return new WebhookGateway(gateway.url, 2000).send(message);
        },
      },
      campaigns: () => campaigns,
      branch: 'Branchline North',
      log,
      clock: () => now,
    });
    expect((await slow.tick())[0]).toMatchObject({ attempted: 1, waiting: 'outside_calling_hours' });
  });

  it('never contacts a customer on the do-not-contact list', async () => {
    runner.addDoNotContact('C-1003', 'asked by phone', 'agent:li.na');
    await runner.tick();
    expect(gateway.received.map((m) => m.to)).toEqual(['+44 7700 900104']);
    expect(runner.stats().repay).toEqual({ do_not_contact: 1, done: 1 });
    expect(events().find((e) => e.data.status === 'do_not_contact')?.data).toMatchObject({
      result: 'skipped',
      attempt: 0,
    });
    expect(runner.doNotContactList()).toMatchObject([{ customerRef: 'C-1003', addedBy: 'agent:li.na' }]);
    expect(runner.removeDoNotContact('C-1003')).toBe(true);
    expect(runner.removeDoNotContact('C-1003')).toBe(false);
  });

  it('sends results as events that name the campaign and the result, never the customer', async () => {
    gateway.script('busy');
    await runner.tick();
    const attempts = events().filter((e) => e.type === 'outbound.attempt');
    expect(attempts.map((e) => e.data)).toEqual([
      expect.objectContaining({
        campaignId: 'repay',
        kind: 'repayment_reminder',
        attempt: 1,
        result: 'busy',
        status: 'pending',
        dueInDays: 3,
      }),
      expect.objectContaining({
        campaignId: 'repay',
        attempt: 1,
        result: 'delivered',
        status: 'done',
        dueInDays: 5,
      }),
    ]);
    const wire = JSON.stringify(events());
    for (const secret of ['C-1003', 'C-1004', '13900001003', '900104', 'Jamie', '12680'])
      expect(wire).not.toContain(secret);
  });

  it('reminds of car services due or overdue, and lets a due date that moved expire', async () => {
    campaigns = [campaign({ id: 'service', kind: 'maintenance_due', daysAhead: 3, channel: 'call' })];
    await runner.tick();
    // C-1002's hybrid is due in two days; C-1001's EV in four is outside daysAhead 3.
    expect(gateway.received).toMatchObject([
      {
        to: '+44 7700 900102',
        channel: 'call',
        text: 'Hello, this is Branchline North. Your Demo Hybrid SUV is due for its service on 2026-11-26. We can book it for you if you like.',
      },
    ]);
    gateway.script('no_answer');
    campaigns = [campaign({ id: 'service', kind: 'maintenance_due', daysAhead: 5, channel: 'call' })];
    now += 3_600_000;
    await runner.tick();
    expect(runner.stats().service).toEqual({ done: 1, pending: 1 });
    // The customer booked: the branch system moves the date out of the window.
    branchDb.$client
      .prepare("UPDATE vehicles SET next_service_date = '2027-01-10' WHERE id = 'VH-7001'")
      .run();
    now += 3 * 3_600_000;
    await runner.tick();
    expect(runner.stats().service).toEqual({ done: 1, expired: 1 });
    branchDb.$client
      .prepare("UPDATE vehicles SET next_service_date = '2026-11-28' WHERE id = 'VH-7001'")
      .run();
  });

  it('finds who is due but contacts no one without a gateway, and a disabled campaign not at all', async () => {
    const quiet = new OutboundCampaigns({
      db,
      connector,
      outbox: new Outbox(db, 'edge-test'),
      gateway: undefined,
      campaigns: () => [campaign(), campaign({ id: 'off', enabled: false })],
      branch: 'Branchline North',
      log,
      clock: () => now,
    });
    expect(await quiet.tick()).toEqual([
      { campaignId: 'repay', due: 2, attempted: 0, waiting: 'no_gateway' },
      { campaignId: 'off', due: 2, attempted: 0, waiting: 'disabled' },
    ]);
    expect(quiet.stats()).toEqual({ repay: { pending: 2 } });
  });
});

describe('campaign settings', () => {
  it('refuses hours that end before they start and unknown time zones', () => {
    expect(() => campaign({ callingHours: { from: '18:00', to: '09:00' } })).toThrow(/from must be before/);
    expect(() => campaign({ timeZone: 'Mars/Olympus' })).toThrow(/IANA time zone/);
    expect(() => campaign({ callingHours: { from: '9:00', to: '17:00' } })).toThrow(/HH:MM/);
  });
});

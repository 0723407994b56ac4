import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@branchline/shared/process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, sees } from '../../../edge-node/test/support/browser.js';
import { type AllInOne, launchAllInOne } from '../support/all-in-one.js';

/**
 * The ops dashboard in a real browser, on the real all-in-one (`npm start`: NATS, the core and the
 * two demo edges): customers talk to both branches, an operator signs in and sees the figures the
 * core's read model made of their events, the fleet with a drifting edge, a compliance alert
 * arriving live, and rolls a canary back with the button; a viewer sees but cannot change.
 */
const home = mkdtempSync(join(tmpdir(), 'bl-dashboard-'));
let aio: AllInOne | undefined;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let core: string;
const edgeUrl: Record<string, string> = {};
let adminToken = '';
let operatorPassword = '';

beforeAll(async () => {
  aio = await launchAllInOne(home, { BRANCHLINE_HEARTBEAT_INTERVAL_MS: '1000' });
  const ports = aio.ports;
  core = `http://localhost:${ports.BRANCHLINE_CORE_HTTP_PORT}`;
  edgeUrl.north = `http://127.0.0.1:${ports.BRANCHLINE_NORTH_HTTP_PORT}`;
  edgeUrl.south = `http://127.0.0.1:${ports.BRANCHLINE_SOUTH_HTTP_PORT}`;
  adminToken = readFileSync(join(home, 'core', 'admin-token'), 'utf8').trim();
  operatorPassword = readFileSync(join(home, 'core', 'demo-operator-password'), 'utf8').trim();
  chromium = await launchChromium();
  browser = chromium.browser;
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await aio?.interrupt();
  rmSync(home, { recursive: true, force: true });
});

async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const admin = (method: string, path: string, body?: unknown) => call(core, method, path, body, adminToken);

/** One customer conversation on an edge: each message is answered before the next is sent. */
async function converse(edge: string, locale: 'zh-CN' | 'en', messages: string[]): Promise<string> {
  const created = await call(edgeUrl[edge] ?? '', 'POST', '/v1/conversations', { locale });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  for (const text of messages) {
    const sent = await call(edgeUrl[edge] ?? '', 'POST', `/v1/conversations/${id}/messages`, { text });
    expect(sent.status).toBe(200);
  }
  return id;
}

async function signIn(page: Page, username: string) {
  await page.goto(`${core}/dashboard`);
  await page.getByPlaceholder('Username').fill(username);
  await page.getByPlaceholder('Password').fill(operatorPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me').waitFor();
}

type Kpis = { totals: { conversations: number; handoffs: number }; handoffsByReason: { reason: string }[] };

describe('ops dashboard', () => {
  it('shows the fleet, its figures, drift, live alerts and rolls a canary back from the page', async () => {
    // Traffic on both demo edges: questions the branch answers, a complaint handed to a person.
    await converse('north', 'zh-CN', ['你好']);
    await converse('north', 'zh-CN', ['我要投诉，你们的服务太差了']);
    await converse('north', 'en', ['What are your opening hours?']);
    await converse('south', 'zh-CN', ['定期存款利率是多少']);
    await converse('south', 'en', ['Hello there']);
    // The read model follows the events stream: all five conversations, the complaint among the hand-offs.
    await expect
      .poll(
        async () =>
          ((await admin('GET', '/v1/ops/kpis?hours=24')).body as unknown as Kpis).totals.conversations,
        {
          timeout: 30_000,
          interval: 250,
        },
      )
      .toBe(5);

    // A bundle naming a model no edge has: south refuses it and keeps its configuration (drift).
    const bad = await admin('PUT', '/v1/config/bundles/needs-missing-model', {
      format: 'branchline-config/1',
      version: 'needs-missing-model',
      models: { intent: 'a'.repeat(64) },
    });
    expect(bad.status).toBe(201);
    expect(
      (await admin('POST', '/v1/config/deploy', { version: 'needs-missing-model', selector: 'region=south' }))
        .status,
    ).toBe(200);
    // A good bundle rolled out to the north region: its one edge is the canary, held for an hour.
    const good = await admin('PUT', '/v1/config/bundles/north-2026.11', {
      format: 'branchline-config/1',
      version: 'north-2026.11',
      description: 'longer agent wait before burst',
      capacity: { aiSlots: 16, maxHumanWaitMs: 90_000 },
    });
    expect(good.status).toBe(201);
    const rollout = await admin('POST', '/v1/config/rollouts', {
      version: 'north-2026.11',
      selector: 'region=north',
      canaryShare: 0.5,
      waitSeconds: 3600,
    });
    expect(rollout.status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 1440, height: 1800 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, 'ops.admin');
    await sees(page.getByTestId('me'), 'admin');

    // Figures from the read model.
    await sees(page.getByTestId('kpi-conversations-value'), '5');
    await sees(page.getByTestId('handoff-reasons'), 'complaint');
    await expect.poll(() => page.getByTestId('top-intents-row').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=chart-volume] canvas').count()).toBe(1);

    // The fleet: both edges online, south drifting with the reason.
    const rows = page.getByTestId('fleet-row');
    await expect.poll(() => rows.count()).toBe(2);
    await sees(page.locator('[data-testid=fleet-row][data-edge=north] [data-testid=edge-status]'), 'online');
    await sees(page.locator('[data-testid=fleet-row][data-edge=south] [data-testid=edge-status]'), 'online');
    await sees(page.locator('[data-testid=fleet-row][data-edge=south]'), 'assigned needs-missing-model');
    await expect
      .poll(() => page.locator('[data-testid=fleet-row][data-edge=south]').getAttribute('class'))
      .toBe('drift');
    await sees(
      page.locator('[data-testid=fleet-row][data-edge=north] [data-testid=edge-config]'),
      'north-2026.11',
    );

    // A compliance alert arrives live while the page is open, tokenized.
    await converse('north', 'zh-CN', ['你们这帮骗子，全家都不得好死，我的电话是13912345678']);
    const alert = page.getByTestId('alert').first();
    await sees(alert, '⟦PHONE_1⟧');
    expect(await alert.textContent()).not.toContain('13912345678');

    // Scoped to the south region, the figures are south's alone.
    await page.getByTestId('scope').selectOption({ label: 'Region south' });
    await sees(page.getByTestId('kpis'), 'Figures · Region south');
    await sees(page.getByTestId('kpi-conversations-value'), '2');
    await expect.poll(() => page.getByTestId('alert').count()).toBe(0);
    await page.getByTestId('scope').selectOption({ label: 'Whole fleet' });
    await sees(page.getByTestId('kpi-conversations-value'), '6');

    // The canary is held; the operator rolls it back from the page.
    const card = page.locator(`[data-testid=rollout][data-rollout="${rollout.body.id as string}"]`);
    await sees(card.getByTestId('rollout-phase'), 'canary');
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByTestId('rollback').click();
    await sees(card.getByTestId('rollout-phase'), 'rolled back');
    await sees(card.getByTestId('rollout-reason'), 'rolled back by an operator');
    await sees(page.locator('[data-testid=fleet-row][data-edge=north] [data-testid=edge-config]'), 'default');
    // ... and the audit log says who did it.
    await sees(page.getByTestId('audit'), 'rollout.rolled_back');
    await sees(page.getByTestId('audit'), 'ops.admin');

    mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'bench/results/dashboard.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('lets a viewer see the dashboard but change nothing', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'ops.viewer');
    await sees(page.getByTestId('me'), 'viewer');
    await expect.poll(() => page.getByTestId('fleet-row').count()).toBe(2);
    await expect.poll(() => page.getByTestId('rollout').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('rollback').count()).toBe(0);
    expect(await page.getByTestId('audit').count()).toBe(0);
    // The API says no as well, whatever the page shows.
    const denied = await page.evaluate(async () => {
      const me = (await (await fetch('/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch('/v1/config/deploy', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ version: 'north-2026.11', selector: '' }),
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string } } };
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    await context.close();
  }, 60_000);

  it('gives the CLI the same figures as the page', () => {
    const cli = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'cloud-core/bin/branchline.js'),
        'fleet',
        'kpis',
        '--selector',
        'region=north',
        '--json',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, BRANCHLINE_CORE_URL: core, BRANCHLINE_ADMIN_TOKEN: adminToken },
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const kpis = JSON.parse(cli.stdout) as Kpis;
    expect(kpis.totals.conversations).toBe(4);
    expect(kpis.handoffsByReason.map((r) => r.reason)).toContain('complaint');
    const alerts = spawnSync(
      process.execPath,
      [join(repoRoot, 'cloud-core/bin/branchline.js'), 'fleet', 'alerts', '--edge', 'north'],
      {
        encoding: 'utf8',
        env: { ...process.env, BRANCHLINE_CORE_URL: core, BRANCHLINE_ADMIN_TOKEN: adminToken },
      },
    );
    expect(alerts.status, alerts.stderr).toBe(0);
    expect(alerts.stdout).toContain('⟦PHONE_1⟧');
  });
});

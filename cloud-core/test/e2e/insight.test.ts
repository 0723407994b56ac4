import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createEnrollmentToken,
  repoRoot,
  type ServiceProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, sees } from '../../../edge-node/test/support/browser.js';
import { signInToDashboard } from '../support/dashboard.js';
import { call } from '../support/http.js';

/**
 * Buying-point insight end to end: the demo conversations are typed into two real edges (a car
 * dealer in the north, a bank in the south); the core mines the tokenized turns from the events
 * stream, and the dashboard in Chromium shows objections and reasons by theme, region and
 * product, the clusters no theme names, and exports what marketing takes away.
 */
interface DemoConversation {
  branch: 'auto' | 'bank';
  locale: 'zh-CN' | 'en';
  turns: string[];
}

const conversations = readFileSync(join(repoRoot, 'cloud-core/demo/insight/conversations.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as DemoConversation);
// Personal data in the demo lines: none of it may reach the core, its pages or its export.
const personal = ['13812345678', 'Li Wei', '王小明'];

let stack: TestStack;
const edges: ServiceProcess<{ edgeId: string; http: number }>[] = [];
const branchUrl: Record<DemoConversation['branch'], string> = { auto: '', bank: '' };
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let page: Page;
let core: string;
const password = 'insight-pass-2026';
const admin = () => ({ authorization: `Bearer ${stack.core.adminToken()}` });

async function startBranch(name: string, labels: Record<string, string>) {
  const token = await createEnrollmentToken(stack.core, { edgeId: name, labels });
  const edge = await startEdgeProcess(stack.core, {
    name,
    natsUrl: stack.nats.url,
    dataDir: join(stack.dir, name),
    token,
    env: { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir'), BRANCHLINE_DEMO_DATA: 'true' },
  });
  edges.push(edge);
  return `http://127.0.0.1:${edge.ready.http}`;
}

beforeAll(async () => {
  stack = await startTestStack('bl-insight');
  core = stack.core.url.replace('127.0.0.1', 'localhost');
  const created = await call(
    core,
    'POST',
    '/v1/operators',
    { username: 'mia.marketing', role: 'viewer', displayName: 'Mia Marketing', password },
    admin(),
  );
  expect(created.status).toBe(201);
  branchUrl.auto = await startBranch('dealer-north', { region: 'north', industry: 'auto' });
  branchUrl.bank = await startBranch('bank-south', { region: 'south', industry: 'bank' });
  for (const conversation of conversations) {
    const branch = branchUrl[conversation.branch];
    const opened = await call(branch, 'POST', '/v1/conversations', { locale: conversation.locale });
    expect(opened.status).toBe(201);
    for (const text of conversation.turns) {
      const sent = await call(branch, 'POST', `/v1/conversations/${opened.body.id}/messages`, { text });
      expect(sent.status).toBe(200);
    }
  }
  chromium = await launchChromium();
  browser = chromium.browser;
  page = await (await browser.newContext({ viewport: { width: 1440, height: 1500 } })).newPage();
  await signInToDashboard(page, core, 'mia.marketing', password);
}, 150_000);

afterAll(async () => {
  await chromium?.close();
  for (const edge of edges) await edge.stop();
  await stack?.stop();
});

describe('buying-point insight', () => {
  it('shows the objections and reasons customers gave, by region and product, and names new ones', async () => {
    const panel = page.getByTestId('insight-panel');
    const objections = panel.getByTestId('insight-objections');
    // Turns reach the core through the events stream; the page re-reads when the model moves.
    await sees(objections, '续航 · Driving range', 30_000);
    await sees(objections, '价格 · Price');
    await sees(objections, '手续费 · Fees');
    await sees(panel.getByTestId('insight-reasons'), '口碑推荐 · Reputation and referrals');
    // Range anxiety came from three conversations: two in Chinese, one in English.
    const range = objections.getByTestId('insight-objections-row').filter({ hasText: '续航' });
    await expect.poll(() => range.locator('.bar-count').textContent()).toBe('3');

    const regions = panel.getByTestId('insight-regions');
    await sees(regions, 'north');
    await sees(regions, 'south');
    await sees(panel.getByTestId('insight-products'), '新能源车 · Electric cars');
    // The property manager who will not allow a charger is in no theme: it surfaces as a cluster.
    const cluster = panel.getByTestId('insight-cluster').filter({ hasText: '物业不同意' });
    await expect.poll(() => cluster.count()).toBe(1);
    await sees(cluster, '2');
    // Customers' names reached the core as tokens, and only as tokens.
    await sees(panel.getByTestId('insight-quotes'), '我叫⟦NAME_1⟧');
    const text = (await panel.textContent()) ?? '';
    for (const value of personal) expect(text).not.toContain(value);

    mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
    await panel.screenshot({ path: join(repoRoot, 'bench/results/insight.png') });
  });

  it('narrows to one product', async () => {
    const panel = page.getByTestId('insight-panel');
    await panel.getByTestId('insight-product').selectOption('wealth');
    const objections = panel.getByTestId('insight-objections');
    await sees(objections, '资金安全 · Safety of money');
    await expect.poll(async () => (await objections.textContent())?.includes('续航')).toBe(false);
    await panel.getByTestId('insight-product').selectOption('');
    await sees(objections, '续航');
  });

  it('exports every mention as CSV from the page, tokenized, and records who exported', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('insight-export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^branchline-insight-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await file.path()) as string, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('occurredAt,edgeId,region,product,kind,theme,locale,text');
    expect(lines.some((l) => /,dealer-north,north,ev,objection,range,zh-CN,/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes(',unsorted,') && l.includes('物业不同意'))).toBe(true);
    expect(csv).toContain('⟦PHONE_1⟧');
    for (const value of personal) expect(csv).not.toContain(value);

    const json = await call(
      core,
      'GET',
      '/v1/insight/export?format=json&selector=region%3Dsouth',
      undefined,
      admin(),
    );
    expect(json.status).toBe(200);
    const rows = (json.body as { rows: { edgeId: string; theme: string }[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.edgeId))).toEqual(new Set(['bank-south']));
    expect(lines.length - 1).toBeGreaterThan(rows.length);

    const audit = await call(core, 'GET', '/v1/audit?limit=20', undefined, admin());
    const entries = (
      audit.body as { entries: { action: string; actor: string; detail?: { rows?: number } }[] }
    ).entries;
    const exported = entries.find((e) => e.action === 'insight.exported' && e.actor === 'mia.marketing');
    expect(exported?.detail?.rows).toBe(lines.length - 1);
  });

  it('gives the CLI the same figures and export', async () => {
    // Run without blocking this process's event loop: a blocked loop misses the core closing idle
    // keep-alive sockets, and the next request would go out on a dead one.
    const branchline = async (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        [join(repoRoot, 'cloud-core/bin/branchline.js'), 'insight', ...args],
        {
          encoding: 'utf8',
          env: { ...process.env, BRANCHLINE_CORE_URL: core, BRANCHLINE_ADMIN_TOKEN: stack.core.adminToken() },
        },
      ).then(
        ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          status: error.code ?? 1,
          stdout: error.stdout ?? '',
          stderr: error.stderr ?? '',
        }),
      );
    const summary = await branchline('--selector', 'region=north');
    expect(summary.status, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(/objection\s+Driving range \(续航\)\s+3\s/);
    // One of the two property-manager worries came to the south: the north alone has no cluster.
    expect(summary.stdout).not.toContain('emerging');
    expect((await branchline()).stdout).toContain('emerging objection: 物业不同意');
    const json = JSON.parse((await branchline('--product', 'wealth', '--json')).stdout) as {
      themes: { theme: string }[];
    };
    expect(json.themes.map((t) => t.theme)).toContain('risk');
    const out = join(stack.dir, 'insight.csv');
    const exported = await branchline('--export', 'csv', '--out', out);
    expect(exported.status, exported.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('dealer-north,north,ev,objection,range');
    const bad = await branchline('--export', 'xlsx', '--out', out);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--export takes csv or json');
  });

  it('answers bad queries with a clear error and signed-out callers with 401', async () => {
    const bad = await call(core, 'GET', '/v1/insight?product=Bad-Id', undefined, admin());
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('product'),
    });
    const format = await call(core, 'GET', '/v1/insight/export?format=xlsx', undefined, admin());
    expect(format.status).toBe(400);
    const anonymous = await call(core, 'GET', '/v1/insight');
    expect(anonymous.status).toBe(401);
  });
});

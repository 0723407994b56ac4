import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createEnrollmentToken,
  repoRoot,
  startEdgeProcess,
  startTestStack,
} from '@branchline/shared/process';
import { runCli } from '../loadtest/stack.js';
import { readEvents } from './sse-events.js';

// `node cloud-core/dist/bench/alert-latency/run-alert-latency-benchmark.js --out FILE [--alerts N]`
// How long a compliance hit takes to reach the ops dashboard: from the moment the customer's
// message is sent to the edge until the core's live feed (what the dashboard listens to) has the
// alert. Real nats-server, core and edge; the edge's outbox, JetStream, the core's read model and
// its server-sent events in between.
const { values } = parseArgs({
  options: { out: { type: 'string' }, alerts: { type: 'string', default: '40' } },
});
if (!values.out) {
  process.stderr.write('usage: run-alert-latency-benchmark --out FILE [--alerts N]\n');
  process.exit(2);
}
const say = (line: string) => process.stdout.write(`${line}\n`);
const count = Number(values.alerts);
const modelsDir = join(repoRoot, '.branchline/test-models');
say('== compliance alert latency: customer message -> ops dashboard feed');
await runCli(['demo', 'models', '--out', modelsDir]);
const stack = await startTestStack('bl-alert-bench', { BRANCHLINE_LOG_LEVEL: 'warn' });
const edge = await startEdgeProcess(stack.core, {
  name: 'bench-east',
  natsUrl: stack.nats.url,
  dataDir: join(stack.dir, 'edge'),
  token: await createEnrollmentToken(stack.core, { edgeId: 'bench-east', labels: { industry: 'bank' } }),
  env: {
    BRANCHLINE_EDGE_MODELS: modelsDir,
    BRANCHLINE_LOG_LEVEL: 'warn',
    BRANCHLINE_RATE_LIMIT_PER_IP: '100000',
  },
});
const base = `http://127.0.0.1:${edge.ready.http}`;
const post = async (path: string, body: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as { id: string };
};

const arrived = new Map<string, number>();
const waiting = new Map<string, () => void>();
const stop = new AbortController();
const feed = await fetch(`${stack.core.url}/v1/ops/events`, {
  headers: { authorization: `Bearer ${stack.core.adminToken()}` },
  signal: stop.signal,
});
const reading = readEvents(
  feed,
  (event, data) => {
    if (event !== 'alert') return;
    const { conversationId } = JSON.parse(data) as { conversationId: string };
    if (arrived.has(conversationId)) return;
    arrived.set(conversationId, performance.now());
    waiting.get(conversationId)?.();
  },
  stop.signal,
);

const threats = [
  '如果今天还不给我解决，我就去金融监管总局投诉你们',
  "Fix this today or I'm reporting you to the CFPB.",
  '再这样我就打12378投诉，还要找记者曝光你们',
  "I'm going to the press with this, and my lawyer will hear about it too.",
];
const latencies: number[] = [];
const replies: number[] = [];
try {
  // A first round trip warms the models and connections; it is not counted.
  for (let i = -1; i < count; i++) {
    const text = threats[(i + threats.length) % threats.length] as string;
    const { id } = await post('/v1/conversations', {
      locale: /[\u4e00-\u9fff]/u.test(text) ? 'zh-CN' : 'en',
    });
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no alert for ${id} within 30 s`)), 30_000);
      waiting.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const sent = performance.now();
    await post(`/v1/conversations/${id}/messages`, { text });
    const answered = performance.now();
    await seen;
    if (i >= 0) {
      latencies.push((arrived.get(id) ?? 0) - sent);
      replies.push(answered - sent);
    }
    if (i >= 0 && (i + 1) % 10 === 0) say(`  ${i + 1}/${count} alerts`);
  }
} finally {
  stop.abort();
  await reading.catch(() => undefined);
  await edge.stop();
  await stack.stop();
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 10) / 10;
};
const result = {
  generatedAt: new Date().toISOString(),
  what: 'ms from sending a customer message that threatens a regulator to the alert on the core live feed (/v1/ops/events)',
  alerts: latencies.length,
  alertMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: quantile(latencies, 1) },
  customerReplyMs: { p50: quantile(replies, 0.5), p95: quantile(replies, 0.95) },
  underOneSecond: latencies.filter((ms) => ms < 1000).length / Math.max(1, latencies.length),
};
say(
  `  alert on the dashboard feed: p50 ${result.alertMs.p50} ms, p95 ${result.alertMs.p95} ms, max ${result.alertMs.max} ms (${(result.underOneSecond * 100).toFixed(0)}% under 1 s)`,
);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
say(`wrote ${values.out}`);

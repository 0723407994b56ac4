import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '@branchline/shared';
import { createTempDemoBranch, localDay } from '../connector/index.js';
import { buildConversationService } from '../conversation/build-service.js';
import { openDatabase, startCheckpointer } from '../db/index.js';
import { KnowledgeBase } from '../knowledge/index.js';
import { loadModelsFrom, ModelStore, WorkerModelRegistry } from '../models/index.js';
import { Outbox } from '../outbox/index.js';
import { createBranchTools } from '../tools/index.js';

/** Routine turns the branch answers itself: small talk and branch-system lookups, with personal data. */
const turns: { locale: 'zh-CN' | 'en'; customerRef: string; text: string }[] = [
  { locale: 'zh-CN', customerRef: 'C-1001', text: '你好，我是张示例，手机13900001001' },
  { locale: 'zh-CN', customerRef: 'C-1001', text: '我的订单BL-240001到哪了？' },
  { locale: 'zh-CN', customerRef: 'C-1001', text: '谢谢，再见' },
  { locale: 'zh-CN', customerRef: 'C-1001', text: '我的车贷这个月几号还款？' },
  { locale: 'en', customerRef: 'C-1002', text: 'hi, this is Alex Demo, my number is +44 7700 900102' },
  { locale: 'en', customerRef: 'C-1002', text: 'where is my order BL-240004?' },
  { locale: 'en', customerRef: 'C-1002', text: 'thanks a lot, bye' },
  { locale: 'en', customerRef: 'C-1002', text: 'hello there' },
];

export interface PipelineRun {
  concurrency: number;
  /** Turns per second offered in total (each conversation paced), or null: as fast as answered. */
  offeredPerSecond: number | null;
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  handledBy: Record<string, number>;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The edge's local path, measured as a turn really runs: real SQLite (transcript, vault, outbox),
 * real ONNX models, the demo branch system; `concurrency` conversations each send their next
 * turn as soon as the last is answered, for `seconds`.
 */
export async function runPipelineBenchmark(options: {
  modelsDir: string;
  concurrency: number[];
  /** Paced runs: [conversations, total turns per second]. */
  paced: [number, number][];
  seconds: number;
  progress: (line: string) => void;
}) {
  const dir = mkdtempSync(join(tmpdir(), 'bl-pipeline-bench-'));
  const log = createLogger('bench', { level: 'silent' });
  const db = openDatabase(join(dir, 'edge.db'));
  const checkpointer = startCheckpointer(db, join(dir, 'edge.db'), log);
  const outbox = new Outbox(db, 'bench');
  const store = new ModelStore(join(dir, 'models'));
  const models = new WorkerModelRegistry(store, log);
  const branch = createTempDemoBranch(localDay());
  try {
    const loaded = await loadModelsFrom(options.modelsDir, store, models, log);
    for (const task of ['intent', 'sentiment', 'compliance', 'pii-tagger']) {
      if (!loaded[task]) throw new Error(`no ${task} model in ${options.modelsDir}`);
    }
    const { service } = buildConversationService({
      db,
      outbox,
      models,
      connector: branch.connector,
      tools: createBranchTools(branch.connector),
      secret: randomBytes(32),
      vaultRetentionDays: 30,
      maxMessageChars: 2000,
      knowledge: new KnowledgeBase(db),
      log,
    });
    const runs: PipelineRun[] = [];
    const plan: [number, number | null][] = [
      [1, null],
      ...options.concurrency.map((c): [number, null] => [c, null]),
      ...options.paced,
    ];
    for (const [index, [concurrency, offered]] of plan.entries()) {
      const warmUp = index === 0;
      // Paced: each conversation sends its next turn on a schedule, like customers typing.
      const gapMs = offered ? (concurrency * 1000) / offered : 0;
      const seconds = warmUp ? Math.min(2, options.seconds) : options.seconds;
      const latencies: number[] = [];
      const handledBy: Record<string, number> = {};
      const started = performance.now();
      const until = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async (_, worker) => {
          let i = worker;
          let sent = 0;
          while (performance.now() < until) {
            const turn = turns[i % turns.length];
            if (!turn) break;
            const { id } = service.start({
              channel: 'chat',
              locale: turn.locale,
              customerRef: turn.customerRef,
            });
            for (let k = 0; k < 4 && performance.now() < until; k++, i++) {
              const next = turns[i % turns.length];
              if (!next) break;
              if (gapMs > 0) {
                const due = started + worker * (gapMs / concurrency) + sent * gapMs;
                sent++;
                const wait = due - performance.now();
                if (wait > 0) await new Promise((r) => setTimeout(r, wait));
              }
              const t0 = performance.now();
              const result = await service.send(id, next.text);
              latencies.push(performance.now() - t0);
              const by = result.reply?.handledBy ?? 'human';
              handledBy[by] = (handledBy[by] ?? 0) + 1;
            }
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      if (warmUp) continue;
      latencies.sort((a, b) => a - b);
      const run: PipelineRun = {
        concurrency,
        offeredPerSecond: offered,
        turns: latencies.length,
        seconds: round(elapsed),
        turnsPerSecond: Math.round(latencies.length / elapsed),
        latencyMs: {
          p50: round(percentile(latencies, 50)),
          p95: round(percentile(latencies, 95)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies.at(-1) ?? 0),
        },
        handledBy,
      };
      runs.push(run);
      options.progress(
        `  ${concurrency} concurrent${offered ? ` paced at ${offered} turns/s` : ''}: ${run.turnsPerSecond} turns/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms (${run.turns} turns)`,
      );
    }
    return {
      benchmark: 'edge local path: redact + understand + route + respond (local or branch tool) + restore',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      target: { p99MsAt32: 10, turnsPerSecond: 2000 },
      createdAt: new Date().toISOString(),
      runs,
    };
  } finally {
    await models.close();
    await checkpointer.stop();
    db.$client.close();
    branch.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

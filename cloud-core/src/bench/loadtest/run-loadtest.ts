import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { repoRoot } from '@branchline/shared/process';
import {
  corpus,
  createLatencyModel,
  type LoadStack,
  type LoadtestOptions,
  type MatrixRun,
  matrixPlan,
  modelReplies,
  openShare,
  parseLoadtestOptions,
  runPlan,
  startLoadStack,
  summarize,
  usage,
  warmUp,
} from './index.js';

// `npm run loadtest -- --edges 2 --customers 500 --rate 1.5 --duration 15 [--workers 2] [--matrix]`
// (deploy/local/loadtest.mjs builds first, then runs this from dist/). Progress goes to stderr.
let options: LoadtestOptions;
try {
  options = parseLoadtestOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`loadtest: ${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}

const say = (line: string) => process.stderr.write(`${line.startsWith('[') ? '' : '[loadtest] '}${line}\n`);
const began = Date.now();
const latency = createLatencyModel({ medianMs: options.modelLatencyMs, seed: options.seed });
let stack: LoadStack | undefined;
process.once('SIGINT', () => {
  say('interrupted: stopping the stack');
  void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
});

const plan = options.matrix
  ? matrixPlan(options)
  : [
      {
        load: 'custom',
        ratePerSecond: options.rate,
        customers: options.customers,
        durationSeconds: options.durationSeconds,
        workers: options.workers,
        patienceMs: options.patienceMs,
        seed: options.seed,
      },
    ];

let runs: MatrixRun[];
try {
  stack = await startLoadStack({
    edges: options.edges,
    aiSlots: options.aiSlots,
    workerConcurrency: options.workerConcurrency,
    model: modelReplies(latency, options.seed),
    say,
  });
  say(`stack up in ${((Date.now() - began) / 1000).toFixed(1)} s; warming up`);
  await warmUp(stack, options.patienceMs);
  runs = await runPlan(stack, plan, say);
  say(`the loopback Messages API answered ${stack.llm.received()} model calls`);
} catch (error) {
  process.stderr.write(`loadtest failed: ${(error as Error).stack ?? error}\n`);
  await stack?.stop().catch(() => undefined);
  process.exit(1);
}
await stack.stop();

const summary = options.matrix ? summarize(runs, options, latency.meanMs) : null;
const zh = corpus.filter((c) => c.locale === 'zh-CN').length;
const out = isAbsolute(options.out) ? options.out : join(repoRoot, options.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      benchmark:
        'burst capacity under load: simulated chat customers (zh, en) against nats-server, the core and edges, ' +
        'the core and burst workers calling a loopback Messages API with model latency',
      createdAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      settings: {
        edges: options.edges,
        aiSlotsPerEdge: options.aiSlots,
        workerConcurrency: options.workerConcurrency,
        modelLatencyMs: {
          median: latency.medianMs,
          mean: latency.meanMs,
          sigma: latency.sigma,
          cap: latency.medianMs * 4,
        },
        patienceMs: options.patienceMs,
        thinkMs: [1000, 3000],
        durationSeconds: options.durationSeconds,
        customersPerRun: options.customers,
        ratePerSecond: options.rate,
        seed: options.seed,
        corpus: {
          conversations: corpus.length,
          zh,
          en: corpus.length - zh,
          openTurnShare: Math.round(openShare() * 100) / 100,
        },
        notes: [
          'time to first reply = one customer turn, POST to reply (the edge answers synchronously); an abandoned turn counts the time the customer waited, so tail figures are floors',
          'abandonment = conversations whose customer gave up on a reply after patienceMs, over conversations started',
          'burst share = burst turns over AI-dialog turns answered (cloud + burst)',
          'slot queue = AI turns waiting for an edge slot, summed over edges, sampled every second from GET /v1/status',
          'burst queue = turns in the BL_BURST work queue no worker has taken yet (the burst-workers consumer, sampled every second)',
          'burst answers per second = what the edges received from workers, also for customers who had left: the workers output',
          'the runs of one load level share the seed: the same customers arrive at the same times; only the workers differ',
          'routine turns (knowledge, small talk) need an AI slot too: with the slots full they go to burst capacity (turns.routineAnsweredByAi)',
          'the edges keep working on turns whose customer left; in the matrix the queues drain between runs, and the last run (10x, no workers) is not drained',
          'services log at warn level, so per-turn log lines do not compete for the CPU',
        ],
      },
      runs,
      summary,
      wallSeconds: Math.round((Date.now() - began) / 100) / 10,
    },
    null,
    2,
  )}\n`,
);
if (summary) for (const line of summary.findings) process.stdout.write(`${line}\n`);
process.stdout.write(`wrote ${out} in ${((Date.now() - began) / 1000).toFixed(0)} s\n`);

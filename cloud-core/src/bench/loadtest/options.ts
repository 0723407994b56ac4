import { parseArgs } from 'node:util';
import { BranchlineError } from '@branchline/shared';

/** What one `npm run loadtest` does; durations in ms unless the name says otherwise. */
export interface LoadtestOptions {
  /** Edge nodes (branches) the customers are spread over. */
  edges: number;
  /** Most conversations one run starts (a 10x run of `--matrix` may start ten times as many). */
  customers: number;
  /** New conversations per second across the fleet; in `--matrix`, the 1x ("normal") rate. */
  rate: number;
  /** How long a run opens new conversations; turns in flight then get up to their patience. */
  durationSeconds: number;
  /** Burst worker processes (a single run; `--matrix` runs 0, 1, 2 and 4). */
  workers: number;
  /** Turns one burst worker answers at once (`BRANCHLINE_BURST_CONCURRENCY`). */
  workerConcurrency: number;
  /** The edges' own AI slots (`capacity.aiSlots` of the bundle deployed to them). */
  aiSlots: number;
  /** Median latency of one model call on the loopback Messages API. */
  modelLatencyMs: number;
  /** How long a customer waits for a reply before giving up. */
  patienceMs: number;
  seed: number;
  /** Results file; relative paths are from the repository root. */
  out: string;
  matrix: boolean;
}

export const defaultOptions: LoadtestOptions = {
  edges: 2,
  customers: 1000,
  // 1x: what two edges with 4 AI slots each serve comfortably (about a third of their slots busy).
  rate: 1.5,
  durationSeconds: 15,
  workers: 0,
  workerConcurrency: 8,
  aiSlots: 4,
  // A short answer from a fast model: median 1.0 s, 95% of calls within 0.6-1.5 s (latency-model.ts).
  modelLatencyMs: 1000,
  patienceMs: 8000,
  seed: 42,
  out: 'bench/results/burst.json',
  matrix: false,
};

export const usage = `usage: npm run loadtest -- [--edges N] [--customers N] [--rate R] [--duration S]
         [--workers K] [--worker-concurrency N] [--ai-slots N] [--model-latency-ms M]
         [--patience-ms M] [--seed N] [--out FILE] [--matrix]
  --edges N               edge nodes to start (${defaultOptions.edges})
  --customers N           most conversations one run starts (${defaultOptions.customers})
  --rate R                new conversations per second across the fleet; with --matrix, the 1x rate (${defaultOptions.rate})
  --duration S            seconds a run opens new conversations (${defaultOptions.durationSeconds})
  --workers K             burst worker processes for a single run (${defaultOptions.workers})
  --worker-concurrency N  turns one burst worker answers at once (${defaultOptions.workerConcurrency})
  --ai-slots N            each edge's own AI slots, deployed as capacity.aiSlots (${defaultOptions.aiSlots})
  --model-latency-ms M    median latency of one model call on the loopback API (${defaultOptions.modelLatencyMs})
  --patience-ms M         a customer gives up on a reply after this long (${defaultOptions.patienceMs})
  --seed N                seed for arrivals, conversations and model latency (${defaultOptions.seed})
  --out FILE              results file (${defaultOptions.out})
  --matrix                1x and 10x the rate, each with 0, 1, 2 and 4 burst workers, on one stack`;

interface NumberRule {
  flag: string;
  min: number;
  max: number;
  integer: boolean;
}

const numberRules: Record<Exclude<keyof LoadtestOptions, 'out' | 'matrix'>, NumberRule> = {
  edges: { flag: '--edges', min: 1, max: 16, integer: true },
  customers: { flag: '--customers', min: 1, max: 1_000_000, integer: true },
  rate: { flag: '--rate', min: 0.01, max: 1000, integer: false },
  durationSeconds: { flag: '--duration', min: 1, max: 3600, integer: false },
  workers: { flag: '--workers', min: 0, max: 64, integer: true },
  workerConcurrency: { flag: '--worker-concurrency', min: 1, max: 256, integer: true },
  aiSlots: { flag: '--ai-slots', min: 1, max: 10_000, integer: true },
  modelLatencyMs: { flag: '--model-latency-ms', min: 0, max: 60_000, integer: true },
  patienceMs: { flag: '--patience-ms', min: 100, max: 600_000, integer: true },
  seed: { flag: '--seed', min: 0, max: 2 ** 32 - 1, integer: true },
};

const invalid = (message: string) => new BranchlineError('invalid_argument', message);

function readNumber(raw: string, rule: NumberRule): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    throw invalid(`${rule.flag} must be ${kind}, not "${raw}"`);
  }
  if (value < rule.min || value > rule.max) {
    throw invalid(`${rule.flag} must be ${kind} from ${rule.min} to ${rule.max}, not ${raw}`);
  }
  return value;
}

/** Reads the command line; throws `invalid_argument` naming the flag that is wrong. */
export function parseLoadtestOptions(args: readonly string[]): LoadtestOptions {
  const stringFlag = { type: 'string' } as const;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        edges: stringFlag,
        customers: stringFlag,
        rate: stringFlag,
        duration: stringFlag,
        workers: stringFlag,
        'worker-concurrency': stringFlag,
        'ai-slots': stringFlag,
        'model-latency-ms': stringFlag,
        'patience-ms': stringFlag,
        seed: stringFlag,
        out: stringFlag,
        matrix: { type: 'boolean' },
      },
    }));
  } catch (error) {
    // node:util words these well ("Unknown option '--edge'"); keep its words, drop its code.
    throw invalid((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const options: LoadtestOptions = { ...defaultOptions, matrix: values.matrix === true };
  for (const [key, rule] of Object.entries(numberRules) as [keyof typeof numberRules, NumberRule][]) {
    const raw = values[rule.flag.slice(2)];
    if (typeof raw === 'string') options[key] = readNumber(raw, rule);
  }
  if (typeof values.out === 'string') {
    if (values.out.trim() === '') throw invalid('--out must name a file');
    options.out = values.out;
  }
  if (options.matrix && typeof values.workers === 'string') {
    throw invalid('--workers is for a single run; --matrix runs 0, 1, 2 and 4 workers itself');
  }
  return options;
}

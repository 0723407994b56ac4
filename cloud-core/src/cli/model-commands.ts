import { readFile } from 'node:fs/promises';
import { BranchlineError } from '@branchline/shared';
import { evaluateModel, trainClassifier, trainTagger } from '../training/index.js';
import type { Output } from './commands.js';

export interface TrainOptions {
  task?: string;
  train?: string;
  dev?: string;
  out?: string;
  seed?: string;
  epochs?: string;
  kind?: string;
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new BranchlineError('invalid_argument', `--${name} takes a whole number, not "${value}"`);
  return n;
}

/** A CLUENER-style file (labels are objects of spans) trains a tagger; anything else a classifier. */
async function detectKind(file: string): Promise<'classifier' | 'tagger'> {
  const head = (await readFile(file, 'utf8').catch(() => '')).split('\n', 1)[0] ?? '';
  try {
    const first = JSON.parse(head) as { label?: unknown };
    return typeof first.label === 'object' && first.label !== null ? 'tagger' : 'classifier';
  } catch {
    return 'classifier';
  }
}

export async function train(io: Output, options: TrainOptions): Promise<void> {
  for (const flag of ['task', 'train', 'out'] as const) {
    if (!options[flag]) throw new BranchlineError('invalid_argument', `train needs --${flag}`);
  }
  const kind = options.kind ?? (await detectKind(options.train as string));
  if (kind !== 'classifier' && kind !== 'tagger') {
    throw new BranchlineError('invalid_argument', `--kind is classifier or tagger, not "${kind}"`);
  }
  const epochs = integer('epochs', options.epochs);
  const common = {
    task: options.task as string,
    trainFile: options.train as string,
    outDir: options.out as string,
    seed: integer('seed', options.seed) ?? 42,
    progress: (line: string) => io.out(line),
    ...(options.dev ? { devFile: options.dev } : {}),
    ...(epochs ? { epochs } : {}),
  };
  await (kind === 'tagger' ? trainTagger(common) : trainClassifier(common));
}

export async function evaluate(
  io: Output,
  options: { model?: string; test?: string; json: boolean; unknownLabel?: string },
): Promise<void> {
  if (!options.model) throw new BranchlineError('invalid_argument', 'eval needs --model DIR');
  if (!options.test) throw new BranchlineError('invalid_argument', 'eval needs --test FILE');
  const report = await evaluateModel({
    modelDir: options.model,
    testFile: options.test,
    ...(options.unknownLabel ? { unknownLabel: options.unknownLabel } : {}),
  });
  if (options.json) return io.out(JSON.stringify(report, null, 2));
  const pct = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(2)}%`);
  const lines = [`${report.task} (${report.kind}) on ${report.testFile}: ${report.rows} rows`];
  if (report.kind === 'classifier') {
    lines.push(`  accuracy ${pct(report.accuracy)}   macro-F1 ${pct(report.macroF1)}`);
    if (report.oosRecall !== undefined) {
      lines.push(
        `  with abstention below ${report.abstainThreshold?.toFixed(2)}: in-scope accuracy ${pct(report.inScopeAccuracy)}, out-of-scope recall ${pct(report.oosRecall)}`,
      );
    }
    const worst = Object.entries(report.perLabelF1 ?? {})
      .sort((a, b) => a[1] - b[1])
      .slice(0, 5);
    lines.push(`  lowest F1: ${worst.map(([l, f]) => `${l} ${pct(f)}`).join(', ')}`);
    lines.push(
      `  most confused: ${(report.worstConfusions ?? [])
        .slice(0, 5)
        .map((c) => `${c.expected} -> ${c.predicted} (${c.count})`)
        .join(', ')}`,
    );
  } else {
    lines.push(`  entity F1 ${pct(report.entityF1)}`);
    lines.push(
      `  per type: ${Object.entries(report.perTypeF1 ?? {})
        .map(([t, f]) => `${t} ${pct(f)}`)
        .join(', ')}`,
    );
  }
  lines.push(
    `  latency per utterance p50 ${report.latencyMs.p50.toFixed(3)} ms, p99 ${report.latencyMs.p99.toFixed(3)} ms; model ${(report.model.bytes / 1e6).toFixed(1)} MB`,
  );
  io.out(lines.join('\n'));
}

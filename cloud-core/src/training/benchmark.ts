import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { BranchlineError } from '@branchline/shared';
import { type EvaluationReport, evaluateModel } from './evaluate.js';
import { trainClassifier } from './train-classifier.js';
import { trainTagger } from './train-tagger.js';

interface Suite {
  name: string;
  kind: 'classifier' | 'tagger';
  train: string;
  dev?: string;
  test: string;
  /** The figures this suite reports, as keys of the flattened result. */
  target: Record<string, number>;
}

/** Public benchmarks read from the datasets folder (never copied); targets from the models issue. */
const suites: Suite[] = [
  {
    name: 'banking77',
    kind: 'classifier',
    train: 'banking77/train.jsonl',
    test: 'banking77/test.jsonl',
    target: { accuracy: 0.92 },
  },
  {
    name: 'smp2017',
    kind: 'classifier',
    train: 'smp2017-ecdt-task1/train.jsonl',
    dev: 'smp2017-ecdt-task1/dev.jsonl',
    test: 'smp2017-ecdt-task1/test.jsonl',
    target: { accuracy: 0.92 },
  },
  {
    name: 'chnsenticorp',
    kind: 'classifier',
    train: 'chnsenticorp-htl-all/train.jsonl',
    test: 'chnsenticorp-htl-all/test.jsonl',
    target: { accuracy: 0.9 },
  },
  {
    name: 'waimai',
    kind: 'classifier',
    train: 'waimai-10k/train.jsonl',
    test: 'waimai-10k/test.jsonl',
    target: { accuracy: 0.89 },
  },
  {
    name: 'cold',
    kind: 'classifier',
    train: 'cold/train.jsonl',
    dev: 'cold/dev.jsonl',
    test: 'cold/test.jsonl',
    target: { accuracy: 0.82 },
  },
  {
    name: 'cluener',
    kind: 'tagger',
    train: 'cluener2020/train.json',
    test: 'cluener2020/dev.json',
    target: { f1_name: 0.85, f1_address: 0.6 },
  },
];

export interface BenchmarkOptions {
  datasets: string;
  workDir: string;
  outFile: string;
  floorsFile?: string;
  only?: string[];
  progress: (line: string) => void;
}

function figures(report: EvaluationReport, trainSeconds: number): Record<string, number> {
  const flat: Record<string, number> = {
    latencyP50Ms: report.latencyMs.p50,
    latencyP99Ms: report.latencyMs.p99,
    modelMB: report.model.bytes / 1e6,
    trainSeconds,
  };
  if (report.accuracy !== undefined) flat.accuracy = report.accuracy;
  if (report.macroF1 !== undefined) flat.macroF1 = report.macroF1;
  if (report.entityF1 !== undefined) flat.entityF1 = report.entityF1;
  for (const [type, f1] of Object.entries(report.perTypeF1 ?? {})) flat[`f1_${type}`] = f1;
  return flat;
}

/**
 * Trains and evaluates every suite, writes the results, and checks them against the floors:
 * a figure more than 0.01 under its floor fails the run (a regression gate for CI).
 */
export async function runModelBenchmarks(options: BenchmarkOptions): Promise<{ failures: string[] }> {
  if (!existsSync(options.datasets)) {
    throw new BranchlineError(
      'not_found',
      `datasets not found at ${options.datasets}: they live in ../shared/datasets beside a development checkout (or set BRANCHLINE_DATASETS)`,
    );
  }
  const results: Record<string, Record<string, number>> = {};
  for (const suite of suites.filter((s) => !options.only || options.only.includes(s.name))) {
    const path = (file: string) => join(options.datasets, file);
    const modelDir = join(options.workDir, suite.name);
    options.progress(`== ${suite.name}`);
    const started = Date.now();
    const request = {
      task: suite.name,
      trainFile: path(suite.train),
      outDir: modelDir,
      seed: 42,
      progress: (line: string) => options.progress(`   ${line}`),
      ...(suite.dev ? { devFile: path(suite.dev) } : {}),
    };
    await (suite.kind === 'tagger' ? trainTagger(request) : trainClassifier(request));
    const trainSeconds = (Date.now() - started) / 1000;
    const report = await evaluateModel({ modelDir, testFile: path(suite.test) });
    results[suite.name] = figures(report, trainSeconds);
    const shown = Object.keys(suite.target).map(
      (k) => `${k} ${(results[suite.name]?.[k] ?? 0).toFixed(4)} (target ${suite.target[k]})`,
    );
    options.progress(
      `   ${shown.join(', ')}; p99 ${report.latencyMs.p99.toFixed(3)} ms; ${(report.model.bytes / 1e6).toFixed(1)} MB`,
    );
  }

  const floors: Record<string, number> = options.floorsFile
    ? (JSON.parse(await readFile(options.floorsFile, 'utf8')) as { floors: Record<string, number> }).floors
    : {};
  const failures: string[] = [];
  for (const [key, floor] of Object.entries(floors)) {
    const [suite, figure] = key.split('.');
    const value = results[suite ?? '']?.[figure ?? ''];
    if (value === undefined) continue;
    if (value < floor - 0.01)
      failures.push(`${key} = ${value.toFixed(4)} is more than 0.01 under its floor ${floor}`);
  }
  await mkdir(dirname(options.outFile), { recursive: true });
  await writeFile(
    options.outFile,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version },
        targets: Object.fromEntries(suites.map((s) => [s.name, s.target])),
        results,
        floors,
        failures,
      },
      null,
      2,
    )}\n`,
  );
  options.progress(`wrote ${options.outFile}`);
  return { failures };
}

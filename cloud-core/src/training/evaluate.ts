import { performance } from 'node:perf_hooks';
import {
  BranchlineError,
  type Classification,
  classifyTexts,
  type EntitySpan,
  isClassifier,
  isTagger,
  OnnxModel,
  spansFromBio,
  tagText,
} from '@branchline/shared';
import { readCluener } from './cluener.js';
import { readDataset } from './dataset.js';
import { classificationReport, entityReport, percentile } from './metrics.js';

export interface EvaluationReport {
  task: string;
  kind: 'classifier' | 'tagger';
  model: { sha256: string; bytes: number; labels: number };
  testFile: string;
  rows: number;
  accuracy?: number;
  macroF1?: number;
  perLabelF1?: Record<string, number>;
  worstConfusions?: { expected: string; predicted: string; count: number }[];
  inScopeAccuracy?: number;
  oosRecall?: number;
  abstainThreshold?: number;
  entityF1?: number;
  perTypeF1?: Record<string, number>;
  /** Featurize + onnxruntime run for one utterance (one sentence for the tagger). */
  latencyMs: { p50: number; p99: number; samples: number };
}

async function latency(samples: string[], once: (text: string) => Promise<unknown>) {
  for (const text of samples.slice(0, 50)) await once(text); // warm-up
  const times: number[] = [];
  for (const text of samples) {
    const t0 = performance.now();
    await once(text);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), samples: times.length };
}

export async function evaluateModel(options: {
  modelDir: string;
  testFile: string;
  unknownLabel?: string;
  latencySamples?: number;
}): Promise<EvaluationReport> {
  const model = await OnnxModel.load(options.modelDir);
  const base = {
    task: model.card.task,
    model: { sha256: model.sha256, bytes: model.card.onnxBytes, labels: model.card.labels.length },
    testFile: options.testFile,
  };
  const sampleCount = options.latencySamples ?? 1000;
  try {
    if (isTagger(model)) {
      const test = await readCluener(options.testFile);
      const found: EntitySpan[][] = [];
      for (const row of test.rows) found.push(await tagText(model, row.text));
      const report = entityReport(
        test.rows.map((r) => spansFromBio(r.tags)),
        found,
        model.card.entityTypes,
      );
      return {
        ...base,
        kind: 'tagger',
        rows: test.rows.length,
        entityF1: report.f1,
        perTypeF1: Object.fromEntries(Object.entries(report.perType).map(([t, s]) => [t, s.f1])),
        latencyMs: await latency(
          test.rows.slice(0, sampleCount).map((r) => r.text),
          (text) => tagText(model, text),
        ),
      };
    }
    if (!isClassifier(model)) throw new BranchlineError('invalid_argument', 'unknown model kind');
    const test = await readDataset(options.testFile);
    const predictions: Classification[] = [];
    for (let i = 0; i < test.rows.length; i += 256) {
      predictions.push(
        ...(await classifyTexts(
          model,
          test.rows.slice(i, i + 256).map((r) => r.text),
        )),
      );
    }
    const unknown = options.unknownLabel;
    const inScope = test.rows
      .map((r, i) => ({ row: r, p: predictions[i] }))
      .filter((x) => x.row.label !== unknown);
    const report = classificationReport(
      inScope.map((x) => x.row.label),
      inScope.map((x) => x.p?.label ?? ''),
      model.card.labels,
    );
    const result: EvaluationReport = {
      ...base,
      kind: 'classifier',
      rows: test.rows.length,
      accuracy: report.accuracy,
      macroF1: report.macroF1,
      perLabelF1: report.perLabelF1,
      worstConfusions: report.worstConfusions,
      latencyMs: await latency(
        test.rows.slice(0, sampleCount).map((r) => r.text),
        (text) => classifyTexts(model, [text]),
      ),
    };
    if (unknown !== undefined) {
      const threshold = model.card.abstainThreshold ?? 0;
      const oos = test.rows
        .map((r, i) => ({ row: r, p: predictions[i] }))
        .filter((x) => x.row.label === unknown);
      result.abstainThreshold = threshold;
      result.inScopeAccuracy =
        inScope.filter((x) => x.p && !x.p.abstained && x.p.label === x.row.label).length /
        Math.max(1, inScope.length);
      result.oosRecall = oos.length === 0 ? 0 : oos.filter((x) => x.p?.abstained).length / oos.length;
    }
    return result;
  } finally {
    await model.release();
  }
}

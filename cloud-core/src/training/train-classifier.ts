import { basename } from 'node:path';
import {
  type ClassifierCard,
  defaultFeaturizerSettings,
  type FeaturizerSettings,
  featurize,
} from '@branchline/shared';
import { chooseAbstainThreshold } from './abstain-threshold.js';
import { type Dataset, labelSet, readDataset } from './dataset.js';
import { argmax } from './linear-model.js';
import type { Example } from './linear-trainer.js';
import { classificationReport } from './metrics.js';
import { type FitRequest, fitClassifier } from './select-architecture.js';
import { writeModel } from './write-model.js';

export interface TrainClassifierRequest extends FitRequest {
  task: string;
  trainFile: string;
  devFile?: string;
  outDir: string;
  featurizer?: Partial<FeaturizerSettings>;
}

function examples(dataset: Dataset, labels: Map<string, number>, settings: FeaturizerSettings): Example[] {
  return dataset.rows
    .filter((r) => labels.has(r.label))
    .map((r) => ({ ...featurize(r.text, settings), label: labels.get(r.label) ?? 0 }));
}

export async function trainClassifier(request: TrainClassifierRequest): Promise<ClassifierCard> {
  const started = Date.now();
  const train = await readDataset(request.trainFile);
  const dev = request.devFile ? await readDataset(request.devFile) : undefined;
  const labels = labelSet(train);
  const index = new Map(labels.map((l, i) => [l, i]));
  const settings: FeaturizerSettings = { ...defaultFeaturizerSettings, ...request.featurizer };
  request.progress(
    `training ${request.task}: ${train.rows.length} rows, ${labels.length} labels` +
      (dev ? `, dev ${dev.rows.length} rows` : ''),
  );

  const trainExamples = examples(train, index, settings);
  const devExamples = dev ? examples(dev, index, settings) : [];
  const trained = fitClassifier(trainExamples, devExamples, labels.length, settings.buckets, request);
  const predict = trained.predict;

  const metrics: ClassifierCard['metrics'] = {};
  let abstainThreshold: number | undefined;
  if (dev) {
    const scored = dev.rows.map((r) => {
      const probs = predict(featurize(r.text, settings));
      const top = argmax(probs);
      return {
        expected: r.label,
        predicted: labels[top] ?? '',
        confidence: probs[top] ?? 0,
        outOfScope: !index.has(r.label),
      };
    });
    const inScope = scored.filter((s) => !s.outOfScope);
    const report = classificationReport(
      inScope.map((s) => s.expected),
      inScope.map((s) => s.predicted),
      labels,
    );
    metrics.devAccuracy = report.accuracy;
    metrics.devMacroF1 = report.macroF1;
    abstainThreshold = chooseAbstainThreshold(
      scored.map((s) => ({
        confidence: s.confidence,
        correct: s.expected === s.predicted,
        outOfScope: s.outOfScope,
      })),
    );
  }
  metrics.trainSeconds = (Date.now() - started) / 1000;
  metrics.architecture = trained.architecture;

  const onnx = trained.export(`Branchline ${request.task} classifier`);
  const card = await writeModel(request.outDir, onnx, {
    format: 'branchline-model/1',
    kind: 'classifier',
    task: request.task,
    labels,
    featurizer: settings,
    createdAt: new Date().toISOString(),
    seed: request.seed,
    trainingData: { sha256: train.sha256, rows: train.rows.length, file: basename(train.file) },
    metrics,
    ...(abstainThreshold === undefined ? {} : { abstainThreshold }),
  });
  request.progress(
    `wrote ${request.outDir}/model.onnx (${(card.onnxBytes / 1e6).toFixed(1)} MB, sha256 ${card.onnxSha256.slice(0, 12)}…)` +
      (metrics.devAccuracy === undefined ? '' : `, dev accuracy ${Number(metrics.devAccuracy).toFixed(4)}`),
  );
  return card as ClassifierCard;
}

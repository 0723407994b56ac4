import { basename } from 'node:path';
import {
  defaultTaggerFeatureSettings,
  type EntitySpan,
  spansFromBio,
  type TaggerCard,
  taggerFeatures,
  viterbiBio,
} from '@branchline/shared';
import { cluenerLabels, readCluener, type TaggedText } from './cluener.js';
import { type LinearModel, predictProbs, rowIndex } from './linear-model.js';
import { type Example, trainLinear } from './linear-trainer.js';
import { entityReport } from './metrics.js';
import { exportOnnx } from './onnx-export.js';
import { writeModel } from './write-model.js';

export interface TrainTaggerRequest {
  task: string;
  trainFile: string;
  devFile?: string;
  outDir: string;
  seed: number;
  epochs?: number;
  progress: (line: string) => void;
}

const settings = defaultTaggerFeatureSettings;

function charExamples(rows: TaggedText[], labels: Map<string, number>): Example[] {
  return rows.flatMap((row) =>
    taggerFeatures(row.text, settings).map((f, i) => ({ ...f, label: labels.get(row.tags[i] ?? 'O') ?? 0 })),
  );
}

/** Decodes with the same Viterbi the edge uses, from the trainer's own arithmetic. */
export function decode(model: LinearModel, labels: string[], text: string): EntitySpan[] {
  const rows = rowIndex(model);
  const features = taggerFeatures(text, settings);
  const flat = new Float32Array(features.length * labels.length);
  features.forEach((f, i) => {
    flat.set(predictProbs(model, rows, f), i * labels.length);
  });
  return spansFromBio(viterbiBio(flat, features.length, labels));
}

export async function trainTagger(request: TrainTaggerRequest): Promise<TaggerCard> {
  const started = Date.now();
  const train = await readCluener(request.trainFile);
  const dev = request.devFile ? await readCluener(request.devFile) : undefined;
  const labels = cluenerLabels(train.types);
  const index = new Map(labels.map((l, i) => [l, i]));
  request.progress(
    `training ${request.task}: ${train.rows.length} texts, entity types ${train.types.join(', ')}`,
  );
  const model = trainLinear(charExamples(train.rows, index), [], {
    classes: labels.length,
    epochs: request.epochs ?? 6,
    learningRate: 0.2,
    l2: 0,
    seed: request.seed,
    onEpoch: (p) =>
      request.progress(
        `  epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  (${(p.ms / 1000).toFixed(1)} s)`,
      ),
  });
  const metrics: TaggerCard['metrics'] = {};
  if (dev) {
    const report = entityReport(
      dev.rows.map((r) => spansFromBio(r.tags)),
      dev.rows.map((r) => decode(model, labels, r.text)),
      train.types,
    );
    metrics.devEntityF1 = report.f1;
    for (const [type, score] of Object.entries(report.perType)) metrics[`devF1_${type}`] = score.f1;
  }
  metrics.trainSeconds = (Date.now() - started) / 1000;
  const onnx = exportOnnx(model, settings.buckets, `Branchline ${request.task} tagger`);
  const card = await writeModel(request.outDir, onnx, {
    format: 'branchline-model/1',
    kind: 'tagger',
    task: request.task,
    labels,
    entityTypes: train.types,
    featurizer: settings,
    createdAt: new Date().toISOString(),
    seed: request.seed,
    trainingData: { sha256: train.sha256, rows: train.rows.length, file: basename(request.trainFile) },
    metrics,
  });
  request.progress(`wrote ${request.outDir}/model.onnx (${(card.onnxBytes / 1e6).toFixed(1)} MB)`);
  return card as TaggerCard;
}

import { basename } from 'node:path';
import {
  bioLabels,
  defaultTaggerFeatureSettings,
  type EntitySpan,
  spansFromBio,
  type TaggerCard,
  taggerFeatures,
  viterbiBio,
} from '@branchline/shared';
import { readCluener, type TaggedText } from './cluener.js';
import { predictProbs, rowIndex } from './linear-model.js';
import { entityReport } from './metrics.js';
import { exportOnnx } from './onnx-export.js';
import { type StructuredModel, type TaggedSentence, trainPerceptronTagger } from './perceptron-tagger.js';
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

function sentences(rows: TaggedText[], labels: Map<string, number>): TaggedSentence[] {
  return rows.map((row) => ({
    features: taggerFeatures(row.text, settings),
    tags: row.tags.map((t) => labels.get(t) ?? 0),
  }));
}

/** Decodes with the same Viterbi the edge uses, from the trainer's own arithmetic. */
export function decode(model: StructuredModel, labels: string[], text: string): EntitySpan[] {
  const rows = rowIndex(model.emissions);
  const features = taggerFeatures(text, settings);
  const flat = new Float32Array(features.length * labels.length);
  features.forEach((f, i) => {
    flat.set(predictProbs(model.emissions, rows, f), i * labels.length);
  });
  return spansFromBio(viterbiBio(flat, features.length, labels, model.transitions));
}

export async function trainTagger(request: TrainTaggerRequest): Promise<TaggerCard> {
  const started = Date.now();
  const train = await readCluener(request.trainFile);
  const dev = request.devFile ? await readCluener(request.devFile) : undefined;
  const labels = bioLabels(train.types);
  const index = new Map(labels.map((l, i) => [l, i]));
  request.progress(
    `training ${request.task}: ${train.rows.length} texts, entity types ${train.types.join(', ')}`,
  );
  const model = trainPerceptronTagger(sentences(train.rows, index), labels, {
    epochs: request.epochs ?? 15,
    seed: request.seed,
    onEpoch: (p) =>
      request.progress(
        `  epoch ${p.epoch}/${p.epochs}  tag errors ${p.errors}  (${(p.ms / 1000).toFixed(1)} s)`,
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
  // Half precision lets the tagger afford twice the buckets (fewer collisions) in the same file.
  const onnx = exportOnnx(model.emissions, settings.buckets, `Branchline ${request.task} tagger`, {
    halfPrecision: true,
  });
  const card = await writeModel(request.outDir, onnx, {
    format: 'branchline-model/1',
    kind: 'tagger',
    task: request.task,
    labels,
    entityTypes: train.types,
    transitions: Array.from(model.transitions),
    featurizer: settings,
    createdAt: new Date().toISOString(),
    seed: request.seed,
    trainingData: { sha256: train.sha256, rows: train.rows.length, file: basename(request.trainFile) },
    metrics,
  });
  request.progress(`wrote ${request.outDir}/model.onnx (${(card.onnxBytes / 1e6).toFixed(1)} MB)`);
  return card as TaggerCard;
}

import {
  BranchlineError,
  type Classification,
  decodeTags,
  type EntitySpan,
  featurize,
  isClassifier,
  isTagger,
  type Logger,
  type ModelCard,
  OnnxModel,
  taggerFeatures,
  toClassification,
} from '@branchline/shared';
import { Batcher } from './batcher.js';
import type { ModelStore } from './model-store.js';

interface Active {
  model: OnnxModel;
  batcher: Batcher;
  inFlight: number;
  retired: boolean;
}

/**
 * The edge's models by task (intent, sentiment, compliance, pii-tagger): one warm session each.
 * `activate` loads and warms the new version before it swaps, and the old session is released
 * only when its last request is done, so a hot swap drops nothing.
 */
export class ModelRegistry {
  private readonly active = new Map<string, Active>();

  constructor(
    private readonly store: ModelStore,
    private readonly log: Logger,
  ) {}

  async activate(task: string, sha256: string): Promise<ModelCard> {
    const model = await OnnxModel.load(this.store.pathOf(sha256));
    if (model.sha256 !== sha256) {
      await model.release();
      throw new BranchlineError('failed_precondition', `model ${sha256} holds ${model.sha256}`);
    }
    if (model.card.task !== task) {
      await model.release();
      throw new BranchlineError(
        'invalid_argument',
        `model ${sha256.slice(0, 12)} is for task ${model.card.task}, not ${task}`,
      );
    }
    await model.run([{ ids: [0], weights: [0] }]); // warm: the first run allocates
    // A tagger's rows are characters: many texts' characters share one session call.
    const maxBatch = isTagger(model) ? 4096 : 64;
    const next: Active = {
      model,
      batcher: new Batcher((b) => model.run(b), maxBatch),
      inFlight: 0,
      retired: false,
    };
    const previous = this.active.get(task);
    this.active.set(task, next);
    this.log.info(
      { task, sha256: sha256.slice(0, 12), previous: previous?.model.sha256.slice(0, 12) },
      'model active',
    );
    if (previous) {
      previous.retired = true;
      if (previous.inFlight === 0) await previous.model.release();
    }
    return model.card;
  }

  card(task: string): ModelCard | undefined {
    return this.active.get(task)?.model.card;
  }

  private async use<T>(task: string, work: (active: Active) => Promise<T>): Promise<T> {
    const active = this.active.get(task);
    if (!active) throw new BranchlineError('unavailable', `no ${task} model is active on this edge`);
    active.inFlight++;
    try {
      return await work(active);
    } finally {
      active.inFlight--;
      if (active.retired && active.inFlight === 0) await active.model.release();
    }
  }

  classify(task: string, text: string): Promise<Classification> {
    return this.use(task, async ({ model, batcher }) => {
      if (!isClassifier(model)) throw new BranchlineError('invalid_argument', `${task} is not a classifier`);
      return toClassification(model.card, await batcher.submit(featurize(text, model.card.featurizer)));
    });
  }

  tag(task: string, text: string): Promise<EntitySpan[]> {
    return this.use(task, async ({ model, batcher }) => {
      if (!isTagger(model)) throw new BranchlineError('invalid_argument', `${task} is not a tagger`);
      const { card } = model;
      const rows = await Promise.all(taggerFeatures(text, card.featurizer).map((f) => batcher.submit(f)));
      return decodeTags(card, rows);
    });
  }

  async close(): Promise<void> {
    for (const active of this.active.values()) await active.model.release();
    this.active.clear();
  }
}

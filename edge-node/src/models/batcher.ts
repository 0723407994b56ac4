import type { SparseFeatures } from '@branchline/shared';

interface Pending {
  features: SparseFeatures;
  resolve: (probs: Float32Array) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the requests that arrive in the same tick and runs them as one onnxruntime batch:
 * under load many conversations share one session call; alone, a request waits for nothing.
 */
export class Batcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (batch: SparseFeatures[]) => Promise<Float32Array[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(features: SparseFeatures): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ features, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.run(batch.map((p) => p.features)).then(
        (rows) => {
          batch.forEach((p, i) => {
            p.resolve(rows[i] ?? new Float32Array());
          });
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      );
    }
  }
}

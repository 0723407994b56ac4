import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BranchlineError, OnnxModel, readModelCard } from '@branchline/shared';

/**
 * Models on the edge live by content: `<root>/<sha256 of model.onnx>/`. Installing verifies the
 * file against its card, so a directory name is a promise about its content.
 */
export class ModelStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw new BranchlineError('invalid_argument', `not a sha256: ${sha256}`);
    return join(this.root, sha256);
  }

  /** Copies a trained model dir into the store (verified by loading it); returns its sha256. */
  async install(sourceDir: string): Promise<string> {
    const card = await readModelCard(sourceDir);
    const probe = await OnnxModel.load(sourceDir); // refuses a file that does not match its card
    await probe.release();
    const target = this.pathOf(card.onnxSha256);
    const staging = `${target}.tmp-${process.pid}`;
    await mkdir(this.root, { recursive: true });
    await rm(staging, { recursive: true, force: true });
    await cp(sourceDir, staging, { recursive: true });
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    return card.onnxSha256;
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    return names.filter((n) => /^[0-9a-f]{64}$/.test(n));
  }
}

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@branchline/shared';
import type { ModelStore } from './model-store.js';
import type { Models } from './models.js';

/**
 * Installs and activates every model under `dir` (one sub-folder per task). A model that fails
 * its checks is logged and skipped: the edge serves with the models it has.
 */
export async function loadModelsFrom(dir: string, store: ModelStore, registry: Models, log: Logger) {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const loaded: Record<string, string> = {};
  for (const entry of entries.filter((e) => e.isDirectory())) {
    try {
      const sha256 = await store.install(join(dir, entry.name));
      const card = await registry.activate(entry.name, sha256);
      loaded[card.task] = sha256;
    } catch (error) {
      log.error({ task: entry.name, err: (error as Error).message }, 'model not loaded');
    }
  }
  return loaded;
}

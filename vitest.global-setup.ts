import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot } from './shared/src/process/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    demoModelsDir: string;
  }
}

/**
 * Trains the demo models once per run (the CLI skips what is up to date), so every test that
 * needs a real edge with real models shares them instead of training its own.
 */
export default function setup(project: TestProject): void {
  const dir = join(repoRoot, '.branchline/test-models');
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'cloud-core/bin/branchline.js'), 'demo', 'models', '--out', dir],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`building the demo models failed:\n${result.stdout}${result.stderr}`);
  project.provide('demoModelsDir', dir);
}

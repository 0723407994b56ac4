import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // In-process tests run the TypeScript sources; spawned services run the build in dist/,
    // which `npm test` makes first.
    alias: [
      { find: /^@branchline\/shared\/process$/, replacement: src('./shared/src/process/index.ts') },
      { find: /^@branchline\/shared$/, replacement: src('./shared/src/index.ts') },
      { find: /^@branchline\/proto$/, replacement: src('./proto/src/index.ts') },
    ],
  },
  test: {
    include: ['*/src/**/*.test.ts', '*/test/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

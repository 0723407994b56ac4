#!/usr/bin/env node
// `npm run loadtest -- --edges 2 --customers 500 --rate 1.5 --duration 15 [--workers 2] [--matrix]`:
// sets up and builds like `npm start`, then runs the load generator from dist/ with the arguments
// as given (cloud-core/src/bench/loadtest/). Results go to bench/results/burst.json unless --out.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root, setup } from './setup.mjs';

try {
  setup();
} catch (error) {
  process.stderr.write(`[setup] ${error.message}\n`);
  process.exit(1);
}
const run = spawnSync(
  process.execPath,
  [join(root, 'cloud-core/dist/bench/loadtest/run-loadtest.js'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);

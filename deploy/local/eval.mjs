#!/usr/bin/env node
// `npm run eval`: trains and evaluates the local models on the public benchmarks in
// ../shared/datasets (read there, never copied), writes bench/results/models.json, and fails
// when a figure falls more than 0.01 under its floor in bench/floors.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root, setup } from './setup.mjs';

const datasets = resolve(root, process.env.BRANCHLINE_DATASETS ?? '../shared/datasets');
if (!existsSync(datasets)) {
  process.stderr.write(
    `[eval] no datasets at ${datasets}: they sit in ../shared/datasets beside a development checkout (or set BRANCHLINE_DATASETS)\n`,
  );
  process.exit(1);
}
try {
  setup();
} catch (error) {
  process.stderr.write(`[setup] ${error.message}\n`);
  process.exit(1);
}
const args = [
  join(root, 'cloud-core/bin/branchline.js'),
  'benchmark',
  'models',
  '--datasets',
  datasets,
  '--out',
  join(root, 'bench/results/models.json'),
  '--floors',
  join(root, 'bench/floors.json'),
  ...process.argv.slice(2),
];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);

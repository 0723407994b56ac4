#!/usr/bin/env node
// `npm test`: set-up, then every check, then one closing line `N passed, N failed` (what CI
// reads). Each check runs even when an earlier one failed, so one run shows every problem.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root, setup } from './setup.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = [];

function step(name, command, args) {
  process.stdout.write(`\n[test] ${name}: ${command.replace(`${root}/`, '')} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  process.stdout.write(
    `[test] ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  return ok;
}

try {
  setup({ withTestTools: true });
} catch (error) {
  process.stderr.write(`[setup] ${error.message}\n0 passed, 1 failed\n`);
  process.exit(1);
}

results.push([
  'generated code is fresh',
  step('generated code is fresh', process.execPath, [join(root, 'deploy/local/gen-check.mjs')]),
]);
results.push(['buf lint', step('buf lint', bin('buf'), ['lint'])]);
results.push([
  'typecheck',
  step('typecheck', bin('tsc'), ['-b']) && step('typecheck tests', bin('tsc'), ['-p', 'tsconfig.test.json']),
]);
results.push(['biome', step('lint and format', bin('biome'), ['ci', '--colors=off', '.'])]);

const report = join(root, '.vitest-results.json');
rmSync(report, { force: true });
step('vitest', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);

let passed = results.filter(([, ok]) => ok).length;
let failed = results.length - passed;
if (existsSync(report)) {
  const vitest = JSON.parse(readFileSync(report, 'utf8'));
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that fails to load has no tests to count; count it as a failure all the same.
  failed += vitest.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
} else {
  failed += 1;
}
for (const [name, ok] of results) if (!ok) process.stdout.write(`[test] check failed: ${name}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

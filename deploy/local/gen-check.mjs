#!/usr/bin/env node
// Regenerates the ts-proto code and fails when that changes anything: generated code in the
// repository must be what the .proto files produce.
import { spawnSync } from 'node:child_process';
import { root } from './setup.mjs';

const run = (command, args) => spawnSync(command, args, { cwd: root, encoding: 'utf8' });

const gen = run('npm', ['run', '--silent', 'gen']);
if (gen.status !== 0) {
  process.stderr.write(`npm run gen failed:\n${gen.stdout}${gen.stderr}`);
  process.exit(1);
}
const status = run('git', ['status', '--porcelain', '--', 'proto/src/gen']);
if (status.status !== 0) {
  process.stderr.write(`git status failed: ${status.stderr}`);
  process.exit(1);
}
if (status.stdout.trim() !== '') {
  process.stderr.write(
    `generated code is stale; run \`npm run gen\` and commit the result:\n${status.stdout}${run('git', ['diff', '--stat', '--', 'proto/src/gen']).stdout}`,
  );
  process.exit(1);
}
process.stdout.write('generated code matches the .proto files\n');

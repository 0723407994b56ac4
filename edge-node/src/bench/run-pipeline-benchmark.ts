import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runPipelineBenchmark } from './pipeline-benchmark.js';

// `node edge-node/dist/bench/run-pipeline-benchmark.js --models DIR --out FILE [--seconds N]`
const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    out: { type: 'string' },
    seconds: { type: 'string', default: '5' },
  },
});
if (!values.models || !values.out) {
  process.stderr.write('usage: run-pipeline-benchmark --models DIR --out FILE [--seconds N]\n');
  process.exit(2);
}
const progress = (line: string) => process.stdout.write(`${line}\n`);
progress('== edge pipeline (local path)');
const result = await runPipelineBenchmark({
  modelsDir: values.models,
  concurrency: [1, 32],
  // 32 conversations each sending every 320 ms is still faster than people type; then heavier.
  paced: [
    [32, 100],
    [32, 500],
    [32, 1000],
  ],
  seconds: Number(values.seconds),
  progress,
});
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
progress(`wrote ${values.out}`);

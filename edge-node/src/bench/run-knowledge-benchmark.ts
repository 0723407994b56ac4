import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runKnowledgeBenchmark } from './knowledge-benchmark.js';

// `node edge-node/dist/bench/run-knowledge-benchmark.js --demo DIR --out FILE [--models DIR] [--no-sync]`
const { values } = parseArgs({
  options: {
    demo: { type: 'string' },
    out: { type: 'string' },
    models: { type: 'string' },
    'no-sync': { type: 'boolean', default: false },
  },
});
if (!values.demo || !values.out) {
  process.stderr.write('usage: run-knowledge-benchmark --demo DIR --out FILE\n');
  process.exit(2);
}
const progress = (line: string) => process.stdout.write(`${line}\n`);
progress('== edge knowledge retrieval');
const result = await runKnowledgeBenchmark({
  demoDir: values.demo,
  progress,
  ...(values['no-sync'] ? {} : { sync: values.models ? { modelsDir: values.models } : {} }),
});
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
progress(`wrote ${values.out}`);

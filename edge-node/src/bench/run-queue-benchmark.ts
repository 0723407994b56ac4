import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runQueueBenchmark } from './queue-benchmark.js';

// `node edge-node/dist/bench/run-queue-benchmark.js --out FILE [--iterations N] [--waiting N] [--agents N]`
const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    iterations: { type: 'string', default: '20000' },
    waiting: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '50' },
  },
});
if (!values.out) {
  process.stderr.write('usage: run-queue-benchmark --out FILE [--iterations N] [--waiting N] [--agents N]\n');
  process.exit(2);
}
const progress = (line: string) => process.stdout.write(`${line}\n`);
progress('== edge human-agent queue');
const result = runQueueBenchmark({
  progress,
  iterations: Number(values.iterations),
  waiting: Number(values.waiting),
  agents: Number(values.agents),
});
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
progress(`wrote ${values.out}`);

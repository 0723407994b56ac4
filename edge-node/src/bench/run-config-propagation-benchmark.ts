import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runConfigPropagationBenchmark } from './config-propagation-benchmark.js';

// `node edge-node/dist/bench/run-config-propagation-benchmark.js --out FILE [--edges 200] [--rounds 5]`
const { values } = parseArgs({
  options: { out: { type: 'string' }, edges: { type: 'string' }, rounds: { type: 'string' } },
});
if (!values.out) {
  process.stderr.write('usage: run-config-propagation-benchmark --out FILE [--edges N] [--rounds N]\n');
  process.exit(2);
}
const progress = (line: string) => process.stdout.write(`${line}\n`);
progress('== configuration propagation');
const result = await runConfigPropagationBenchmark({
  progress,
  ...(values.edges ? { edges: Number(values.edges) } : {}),
  ...(values.rounds ? { rounds: Number(values.rounds) } : {}),
});
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(
  values.out,
  `${JSON.stringify(
    {
      benchmark:
        'configuration bundle propagation: deploy request to each simulated edge seeing it in NATS KV',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      ...result,
      createdAt: new Date().toISOString(),
    },
    null,
    2,
  )}\n`,
);
progress(`wrote ${values.out}`);

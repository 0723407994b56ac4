import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runReadModelBenchmark } from './read-model-benchmark.js';

// `node cloud-core/dist/bench/run-read-model-benchmark.js --out FILE [--events 1000000]`
const { values } = parseArgs({
  options: { out: { type: 'string' }, events: { type: 'string', default: '1000000' } },
});
const events = Number(values.events);
if (!values.out || !Number.isInteger(events) || events < 1000) {
  process.stderr.write('usage: run-read-model-benchmark --out FILE [--events N (at least 1000)]\n');
  process.exit(2);
}
const progress = (line: string) => process.stdout.write(`${line}\n`);
progress('== ops dashboard read model');
const result = await runReadModelBenchmark({
  events,
  progress,
  pulse: (line) => process.stderr.write(`${line}\n`),
});
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(
  values.out,
  `${JSON.stringify(
    {
      benchmark:
        'ops dashboard read model: fresh rebuild from BL_EVENTS through the feeder, KPI queries, apply() alone',
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      ...result,
      createdAt: new Date().toISOString(),
    },
    null,
    2,
  )}\n`,
);
progress(`wrote ${values.out}`);

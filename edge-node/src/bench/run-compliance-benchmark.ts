import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultComplianceRules } from '@branchline/shared';
import { repoRoot } from '@branchline/shared/process';
import { ComplianceEngine, evaluateCompliance, readLabelled } from '../compliance/index.js';

// `node edge-node/dist/bench/run-compliance-benchmark.js --out FILE [--dev FILE] [--test FILE] [--models-results FILE]`
const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    dev: { type: 'string', default: join(repoRoot, 'edge-node/test/compliance/labelled-dev.jsonl') },
    test: { type: 'string', default: join(repoRoot, 'edge-node/test/compliance/labelled-test.jsonl') },
    'models-results': { type: 'string', default: join(repoRoot, 'bench/results/models.json') },
  },
});
if (!values.out) {
  process.stderr.write(
    'usage: run-compliance-benchmark --out FILE [--dev FILE] [--test FILE] [--models-results FILE]\n',
  );
  process.exit(2);
}
const progress = (line: string) => process.stdout.write(`${line}\n`);
progress('== compliance rules (default rules of every industry) on the labelled sets');
const rules = defaultComplianceRules();
const engine = new ComplianceEngine(rules);
const summary = async (file: string) => {
  const { errors: _errors, ...result } = await evaluateCompliance(engine, readLabelled(file));
  for (const [category, s] of Object.entries(result.byCategory))
    progress(
      `  ${file.split('/').pop()} ${category}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (${s.truePositives}/${s.positives}, ${s.falsePositives} false)`,
    );
  progress(`  false alarms on clean sentences: ${(result.falseAlarmRate * 100).toFixed(1)}%`);
  return result;
};
const dev = await summary(values.dev as string);
const test = await summary(values.test as string);

// How long a check takes: every sentence of both sets, checked as an AI reply and as an agent's.
const texts = [...readLabelled(values.dev as string), ...readLabelled(values.test as string)].map(
  (s) => s.text,
);
const timings: number[] = [];
for (let round = 0; round < 20; round++)
  for (const text of texts)
    for (const side of ['ai', 'agent', 'customer'] as const) {
      const started = performance.now();
      await engine.check({ text, side });
      timings.push(performance.now() - started);
    }
timings.sort((a, b) => a - b);
const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0;
const checkMs = { p50: at(0.5), p99: at(0.99), checks: timings.length };
progress(`  one check: p50 ${checkMs.p50.toFixed(3)} ms, p99 ${checkMs.p99.toFixed(3)} ms`);

// The offensive-language model of the models benchmark (COLD), reported beside the rules.
const modelsFile = values['models-results'] as string;
const cold = existsSync(modelsFile)
  ? ((JSON.parse(readFileSync(modelsFile, 'utf8')) as { results?: { cold?: unknown } }).results?.cold ?? null)
  : null;

const result = {
  generatedAt: new Date().toISOString(),
  rules: rules.map((r) => ({ id: r.id, category: r.category, side: r.side, action: r.action })),
  note: 'dev: the rules were written against it; test: held out, never read while writing the rules',
  dev,
  test,
  checkMs,
  cold,
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
progress(`wrote ${values.out}`);

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { complianceCategoryTask, createLogger, defaultComplianceRules } from '@branchline/shared';
import { repoRoot } from '@branchline/shared/process';
import {
  ComplianceEngine,
  type ComplianceInput,
  evaluateCompliance,
  readLabelled,
} from '../compliance/index.js';
import { loadModelsFrom, ModelRegistry, ModelStore } from '../models/index.js';

// `node edge-node/dist/bench/run-compliance-benchmark.js --out FILE [--models DIR] [--dev FILE] [--test FILE] [--models-results FILE]`
const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    models: { type: 'string' },
    dev: { type: 'string', default: join(repoRoot, 'edge-node/test/compliance/labelled-dev.jsonl') },
    test: { type: 'string', default: join(repoRoot, 'edge-node/test/compliance/labelled-test.jsonl') },
    'models-results': { type: 'string', default: join(repoRoot, 'bench/results/models.json') },
  },
});
if (!values.out) {
  process.stderr.write(
    'usage: run-compliance-benchmark --out FILE [--models DIR] [--dev FILE] [--test FILE] [--models-results FILE]\n',
  );
  process.exit(2);
}
const progress = (line: string) => process.stdout.write(`${line}\n`);
const rules = defaultComplianceRules();
const engine = new ComplianceEngine(rules);

// The demo models, when given: the category model's rules hit only with them.
const log = createLogger('bench', { level: 'silent' });
const workDir = mkdtempSync(join(tmpdir(), 'bl-compliance-bench-'));
const store = new ModelStore(join(workDir, 'models'));
const models = new ModelRegistry(store, log);
let classify: ComplianceInput['classify'];
if (values.models) {
  const loaded = await loadModelsFrom(values.models, store, models, log);
  if (!loaded[complianceCategoryTask])
    throw new Error(`no ${complianceCategoryTask} model in ${values.models}`);
  classify = (task, text) => models.classify(task, text);
}

const summary = async (file: string, withModel: ComplianceInput['classify']) => {
  const { errors: _errors, ...result } = await evaluateCompliance(engine, readLabelled(file), withModel);
  for (const [category, s] of Object.entries(result.byCategory))
    progress(
      `  ${file.split('/').pop()} ${category}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (${s.truePositives}/${s.positives}, ${s.falsePositives} false)`,
    );
  progress(`  false alarms on clean sentences: ${(result.falseAlarmRate * 100).toFixed(1)}%`);
  return result;
};
progress("== compliance: the default rules' words alone (every industry) on the labelled sets");
const wordsOnly = {
  dev: await summary(values.dev as string, undefined),
  test: await summary(values.test as string, undefined),
};
let withModel: typeof wordsOnly | null = null;
if (classify) {
  progress(`== compliance: words and the ${complianceCategoryTask} model`);
  withModel = {
    dev: await summary(values.dev as string, classify),
    test: await summary(values.test as string, classify),
  };
}

// How long a check takes: every sentence of both sets, checked on each side.
const texts = [...readLabelled(values.dev as string), ...readLabelled(values.test as string)].map(
  (s) => s.text,
);
async function timeChecks(rounds: number, withModelClassify: ComplianceInput['classify']) {
  const timings: number[] = [];
  for (let round = 0; round < rounds; round++)
    for (const text of texts)
      for (const side of ['ai', 'agent', 'customer'] as const) {
        const started = performance.now();
        await engine.check({ text, side, ...(withModelClassify ? { classify: withModelClassify } : {}) });
        timings.push(performance.now() - started);
      }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), checks: timings.length };
}
const checkMs = await timeChecks(20, undefined);
progress(`  one check, words: p50 ${checkMs.p50.toFixed(3)} ms, p99 ${checkMs.p99.toFixed(3)} ms`);
const checkWithModelMs = classify ? await timeChecks(2, classify) : null;
if (checkWithModelMs)
  progress(
    `  one check, words and model: p50 ${checkWithModelMs.p50.toFixed(3)} ms, p99 ${checkWithModelMs.p99.toFixed(3)} ms`,
  );
await models.close();
rmSync(workDir, { recursive: true, force: true });

// The offensive-language model of the models benchmark (COLD), reported beside the rules.
const modelsFile = values['models-results'] as string;
const cold = existsSync(modelsFile)
  ? ((JSON.parse(readFileSync(modelsFile, 'utf8')) as { results?: { cold?: unknown } }).results?.cold ?? null)
  : null;

const result = {
  generatedAt: new Date().toISOString(),
  rules: rules.map((r) => ({ id: r.id, category: r.category, side: r.side, action: r.action })),
  note: 'dev: the rules were written and the model thresholds set against it; test: held out, never read while writing them; the model is trained on cloud-core/demo/models/compliance-categories.jsonl, not on either set',
  dev: (withModel ?? wordsOnly).dev,
  test: (withModel ?? wordsOnly).test,
  wordsOnly,
  withModel: withModel !== null,
  checkMs,
  checkWithModelMs,
  cold,
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
progress(`wrote ${values.out}`);

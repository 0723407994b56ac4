import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { runPrivacyRecall } from './privacy-recall.js';

// `node edge-node/dist/bench/run-privacy-recall.js --tagger DIR --test cluener2020/dev.json --out FILE`
const { values } = parseArgs({
  options: { tagger: { type: 'string' }, test: { type: 'string' }, out: { type: 'string' } },
});
if (!values.tagger || !values.test || !values.out) {
  process.stderr.write('usage: run-privacy-recall --tagger DIR --test FILE --out FILE\n');
  process.exit(2);
}
process.stdout.write(
  '== privacy recall on CLUENER dev names and addresses (edge redactor, CLUENER tagger)\n',
);
const result = await runPrivacyRecall({ taggerDir: values.tagger, testFile: values.test });
for (const [kind, figures] of Object.entries(result))
  process.stdout.write(`  ${kind}: ${JSON.stringify(figures)}\n`);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(
  values.out,
  `${JSON.stringify({ benchmark: 'privacy recall, CLUENER dev', createdAt: new Date().toISOString(), results: result }, null, 2)}\n`,
);
process.stdout.write(`wrote ${values.out}\n`);

import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModelCard } from '@branchline/shared';
import { trainClassifier, trainTagger } from '../training/index.js';
import { generatePiiCorpus, toCluenerLines } from './pii-corpus.js';

/** The demo's own training data, shipped with the product. */
export const demoDataDir = fileURLToPath(new URL('../../demo/models/', import.meta.url));

const classifiers = [
  { task: 'intent', file: 'intents.jsonl' },
  { task: 'sentiment', file: 'sentiment.jsonl' },
  { task: 'compliance', file: 'compliance.jsonl' },
  // Customers wavering over buying ("考虑一下"): the edge's rules hear the plain cues, this the rest.
  { task: 'hesitation', file: 'hesitation.jsonl' },
  // What the compliance rules' words miss: indirect promises, veiled threats (see compliance-defaults).
  { task: 'compliance-category', file: 'compliance-categories.jsonl' },
];

async function demoTexts(file: string): Promise<string[]> {
  return (await readFile(join(demoDataDir, file), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

/**
 * Training files derived from the shipped data, written into `outDir`:
 * - compliance: the rules' examples plus every routine customer request as `ok`, so ordinary
 *   turns ("你好") are not flagged just because the examples are mostly agents' sentences;
 * - pii-tagger: the generated sentences plus the intent and sentiment texts with no entities,
 *   so the tagger learns where names are not, and stays out of order ids and plain requests.
 */
async function derivedTrainingFiles(outDir: string): Promise<Record<string, string>> {
  const routine = await demoTexts('intents.jsonl');
  // A shipped file plus every routine request under `label`, written as `<task>.train.jsonl`.
  const withRoutine = async (task: string, file: string, label: string) => {
    const out = join(outDir, `${task}.train.jsonl`);
    const shipped = (await readFile(join(demoDataDir, file), 'utf8')).trimEnd();
    const extra = routine.map((text) => JSON.stringify({ text, label })).join('\n');
    await writeFile(out, `${shipped}\n${extra}\n`);
    return out;
  };
  const compliance = await withRoutine('compliance', 'compliance.jsonl', 'ok');
  // The category model learns routine requests as `none`, for the same reason.
  const categories = await withRoutine('compliance-category', 'compliance-categories.jsonl', 'none');
  const pii = join(outDir, 'pii-corpus.cluener.json');
  const plain = [...routine, ...(await demoTexts('sentiment.jsonl'))].map((text) => ({ text, entities: [] }));
  await writeFile(pii, toCluenerLines([...generatePiiCorpus(4000, 20261123), ...plain]));
  return { compliance, 'compliance-category': categories, pii };
}

async function upToDate(dir: string, dataFile: string): Promise<boolean> {
  try {
    const card = await readModelCard(dir);
    const sha = createHash('sha256')
      .update(await readFile(dataFile))
      .digest('hex');
    return card.trainingData.sha256 === sha;
  } catch {
    return false;
  }
}

/**
 * Trains the demo models (intent, sentiment, compliance, compliance-category, hesitation, pii-tagger) into `outDir/<task>`,
 * skipping any whose model card says it was trained on exactly the current data.
 */
export async function buildDemoModels(outDir: string, progress: (line: string) => void): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const built: string[] = [];
  const derived = await derivedTrainingFiles(outDir);
  for (const { task, file } of classifiers) {
    const modelDir = join(outDir, task);
    const trainFile = derived[task] ?? join(demoDataDir, file);
    if (await upToDate(modelDir, trainFile)) {
      progress(`${task}: up to date`);
      continue;
    }
    await trainClassifier({
      task,
      trainFile,
      outDir: modelDir,
      seed: 42,
      progress: (l) => progress(`${task}: ${l}`),
    });
    built.push(task);
  }
  // The tagger's demo data is generated (deterministically) from fictitious vocabularies.
  const piiFile = derived.pii ?? join(outDir, 'pii-corpus.cluener.json');
  const taggerDir = join(outDir, 'pii-tagger');
  if (await upToDate(taggerDir, piiFile)) {
    progress('pii-tagger: up to date');
  } else {
    await trainTagger({
      task: 'pii-tagger',
      trainFile: piiFile,
      outDir: taggerDir,
      seed: 42,
      epochs: 4,
      progress: (l) => progress(`pii-tagger: ${l}`),
    });
    built.push('pii-tagger');
  }
  return built;
}

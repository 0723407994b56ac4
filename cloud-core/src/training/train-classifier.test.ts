import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyTexts, featurize, isClassifier, OnnxModel } from '@branchline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from './dataset.js';
import { evaluateModel } from './evaluate.js';
import { trainClassifier } from './train-classifier.js';

const dir = mkdtempSync(join(tmpdir(), 'bl-train-'));
const quiet = () => {};

/** A small, varied two-language set: balance questions vs. lost cards vs. opening hours. */
function corpus(): string {
  const rows: [string, string][] = [];
  const balance = [
    'what is my balance',
    'how much money do I have',
    'show my account balance please',
    '查询余额',
    '我的账户还有多少钱',
    '帮我查一下余额',
  ];
  const lost = [
    'I lost my card',
    'my card was stolen',
    'please block my card',
    '我的卡丢了',
    '银行卡被偷了',
    '帮我挂失银行卡',
  ];
  const hours = [
    'when are you open',
    'opening hours of the branch',
    'are you open on sunday',
    '营业时间是几点',
    '周末开门吗',
    '网点几点关门',
  ];
  const polite = ['', ' thanks', ' please', ' 谢谢', '?', '，麻烦了'];
  for (const suffix of polite) {
    for (const t of balance) rows.push([`${t}${suffix}`, 'check_balance']);
    for (const t of lost) rows.push([`${t}${suffix}`, 'card_lost']);
    for (const t of hours) rows.push([`${t}${suffix}`, 'opening_hours']);
  }
  return rows.map(([text, label]) => JSON.stringify({ text, label })).join('\n');
}

beforeAll(() => {
  writeFileSync(join(dir, 'train.jsonl'), corpus());
  writeFileSync(
    join(dir, 'test.jsonl'),
    [
      { text: 'what is my current balance', label: 'check_balance' },
      { text: '我的卡好像丢了', label: 'card_lost' },
      { text: 'what time do you open', label: 'opening_hours' },
      { text: 'tell me a joke about cats', label: 'oos' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trainClassifier', () => {
  it('writes an ONNX model whose onnxruntime output matches the trainer and answers new phrasings', async () => {
    const progress: string[] = [];
    const card = await trainClassifier({
      task: 'intent',
      trainFile: join(dir, 'train.jsonl'),
      outDir: join(dir, 'model-a'),
      seed: 7,
      progress: (line) => progress.push(line),
    });
    expect(card.labels).toEqual(['card_lost', 'check_balance', 'opening_hours']);
    expect(progress.some((l) => l.includes('epoch 8/8'))).toBe(true);

    const model = await OnnxModel.load(join(dir, 'model-a'));
    if (!isClassifier(model)) throw new Error('expected a classifier');
    const [balance, lost, hours] = await classifyTexts(model, [
      'how much is my balance',
      '卡丢了怎么办',
      'are you open tomorrow',
    ]);
    expect([balance?.label, lost?.label, hours?.label]).toEqual([
      'check_balance',
      'card_lost',
      'opening_hours',
    ]);
    const probs = (await model.run([featurize('how much is my balance', card.featurizer)]))[0];
    expect(probs?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await model.release();
  });

  it('trains the hidden-layer model, which onnxruntime runs from its half-precision table', async () => {
    const card = await trainClassifier({
      task: 'intent',
      trainFile: join(dir, 'train.jsonl'),
      outDir: join(dir, 'model-mlp'),
      seed: 5,
      architecture: 'mlp',
      hidden: 32,
      progress: quiet,
    });
    expect(card.metrics.architecture).toBe('mlp-32');
    const model = await OnnxModel.load(join(dir, 'model-mlp'));
    if (!isClassifier(model)) throw new Error('expected a classifier');
    const results = await classifyTexts(model, [
      'how much is my balance',
      '卡丢了怎么办',
      'are you open tomorrow',
    ]);
    expect(results.map((r) => r.label)).toEqual(['check_balance', 'card_lost', 'opening_hours']);
    await model.release();
  });

  it('is deterministic for a seed', async () => {
    const a = await trainClassifier({
      task: 'intent',
      trainFile: join(dir, 'train.jsonl'),
      outDir: join(dir, 'm1'),
      seed: 3,
      progress: quiet,
    });
    const b = await trainClassifier({
      task: 'intent',
      trainFile: join(dir, 'train.jsonl'),
      outDir: join(dir, 'm2'),
      seed: 3,
      progress: quiet,
    });
    expect(a.onnxSha256).toBe(b.onnxSha256);
    expect(a.trainingData.sha256).toBe(b.trainingData.sha256);
  });

  it('chooses an abstain threshold on dev data and reports out-of-scope recall', async () => {
    await trainClassifier({
      task: 'intent',
      trainFile: join(dir, 'train.jsonl'),
      devFile: join(dir, 'test.jsonl'),
      outDir: join(dir, 'm3'),
      seed: 1,
      progress: quiet,
    });
    const card = JSON.parse(readFileSync(join(dir, 'm3', 'model.json'), 'utf8')) as {
      abstainThreshold?: number;
    };
    expect(card.abstainThreshold).toBeGreaterThan(0);
    const report = await evaluateModel({
      modelDir: join(dir, 'm3'),
      testFile: join(dir, 'test.jsonl'),
      unknownLabel: 'oos',
    });
    expect(report.accuracy).toBe(1);
    expect(report.oosRecall).toBe(1);
    expect(report.latencyMs.p99).toBeGreaterThan(0);
  });
});

describe('readDataset', () => {
  const write = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('names the file and line of a bad row', async () => {
    await expect(
      readDataset(write('bad.jsonl', '{"text":"a","label":"x"}\n{"text":"b","label":""}\n')),
    ).rejects.toThrow(/bad\.jsonl:2: empty "label"/);
    await expect(readDataset(write('broken.jsonl', '{"text":"a","label":"x"}\n{oops\n'))).rejects.toThrow(
      /broken\.jsonl:2: not valid JSON/,
    );
  });

  it('reads CSV and names a missing column', async () => {
    const ok = await readDataset(write('ok.csv', 'text,label\n"hello, there",greet\nbye,farewell\n'));
    expect(ok.rows.map((r) => r.text)).toEqual(['hello, there', 'bye']);
    await expect(readDataset(write('nocol.csv', 'sentence,label\nhi,greet\n'))).rejects.toThrow(
      /missing column "text"/,
    );
  });

  it('refuses one class and an unreadable file', async () => {
    const one = write('one.jsonl', '{"text":"a","label":"x"}\n{"text":"b","label":"x"}\n');
    await expect(
      trainClassifier({ task: 't', trainFile: one, outDir: join(dir, 'x'), seed: 1, progress: quiet }),
    ).rejects.toThrow(/one\.jsonl: only one class/);
    await expect(readDataset(join(dir, 'missing.jsonl'))).rejects.toThrow(
      /missing\.jsonl: cannot read the file \(ENOENT\)/,
    );
  });
});

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, OnnxModel } from '@branchline/shared';
import { repoRoot } from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Batcher, ModelRegistry, ModelStore } from '../../src/models/index.js';

const log = createLogger('test', { level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'bl-models-'));
const cli = (...args: string[]) => {
  // The trainer is the core's CLI: run it as a process, as an operator would.
  const result = spawnSync(process.execPath, [join(repoRoot, 'cloud-core/bin/branchline.js'), ...args], {
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`branchline ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
};

beforeAll(() => {
  cli('demo', 'models', '--out', join(dir, 'demo'));
  // A second version of the intent model: same data, another seed.
  cli(
    'train',
    '--task',
    'intent',
    '--train',
    join(repoRoot, 'cloud-core/demo/models/intents.jsonl'),
    '--out',
    join(dir, 'intent-v2'),
    '--seed',
    '9',
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('edge models', () => {
  it('serves the demo intent, sentiment, compliance and pii models from content-addressed files', async () => {
    const store = new ModelStore(join(dir, 'store'));
    const registry = new ModelRegistry(store, log);
    for (const task of ['intent', 'sentiment', 'compliance', 'pii-tagger']) {
      await registry.activate(task, await store.install(join(dir, 'demo', task)));
    }
    expect((await registry.classify('intent', '我要转人工')).label).toBe('request_human_agent');
    expect((await registry.classify('intent', 'what is my account balance')).label).toBe('check_balance');
    expect((await registry.classify('sentiment', '你们的服务太差了，我非常生气！')).label).toBe('negative');
    expect((await registry.classify('compliance', '这款理财保本保息，稳赚不赔')).label).toBe('violation');
    const text = '我叫王伟，请把锅炉送到杭州市西湖区文化路88号';
    const entities = await registry.tag('pii-tagger', text);
    const chars = [...text];
    const found = entities.map((e) => `${e.type}:${chars.slice(e.start, e.end).join('')}`);
    expect(found).toContain('name:王伟');
    expect(found).toContain('address:杭州市西湖区文化路88号');
    await registry.close();
  });

  it('swaps to a new version under load without dropping a request', async () => {
    const store = new ModelStore(join(dir, 'store-swap'));
    const registry = new ModelRegistry(store, log);
    const v1 = await store.install(join(dir, 'demo', 'intent'));
    const v2 = await store.install(join(dir, 'intent-v2'));
    expect(v1).not.toBe(v2);
    await registry.activate('intent', v1);
    const texts = ['转人工', 'check my balance', '我的卡丢了', 'book a technician visit'];
    const calls: Promise<string>[] = [];
    for (let i = 0; i < 400; i++) {
      calls.push(registry.classify('intent', texts[i % texts.length] ?? '').then((r) => r.label));
      if (i === 200) void registry.activate('intent', v2);
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    const labels = await Promise.all(calls);
    expect(labels).toHaveLength(400);
    expect(labels.every((l) => l.length > 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(registry.card('intent')?.onnxSha256).toBe(v2);
    expect((await registry.classify('intent', '转人工')).label).toBe('request_human_agent');
    await registry.close();
  });

  it('refuses a model whose file does not match the hash on its card', async () => {
    const tampered = join(dir, 'tampered');
    cpSync(join(dir, 'demo', 'compliance'), tampered, { recursive: true });
    const onnx = readFileSync(join(tampered, 'model.onnx'));
    onnx[onnx.length - 10] = (onnx[onnx.length - 10] ?? 0) ^ 0xff;
    writeFileSync(join(tampered, 'model.onnx'), onnx);
    const store = new ModelStore(join(dir, 'store-bad'));
    await expect(store.install(tampered)).rejects.toThrow(/refusing a model that is not the one described/);
    expect(await store.list()).toEqual([]);
  });

  it('runs concurrent requests as one batch', async () => {
    const model = await OnnxModel.load(join(dir, 'demo', 'sentiment'));
    let runs = 0;
    const batcher = new Batcher((batch) => {
      runs++;
      return model.run(batch);
    });
    const rows = await Promise.all(
      Array.from({ length: 40 }, () => batcher.submit({ ids: [1, 2, 3], weights: [0.5, 0.5, 0.5] })),
    );
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.length === 3)).toBe(true);
    expect(runs).toBe(1);
    await model.release();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ConfigBundle,
  configBundleSchema,
  createLogger,
  defaultComplianceRules,
} from '@branchline/shared';
import { repoRoot } from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadModelsFrom, ModelRegistry, ModelStore } from '../models/index.js';
import { activeComplianceEngine } from './active-rules.js';
import { ComplianceEngine } from './compliance-engine.js';
import { evaluateCompliance, readLabelled } from './evaluate.js';

const engine = new ComplianceEngine(defaultComplianceRules('bank'));
const categories = async (text: string, side: 'customer' | 'agent' | 'ai') =>
  (await engine.check({ text, side })).map((h) => h.category);

describe('compliance engine', () => {
  it('catches a promise of returns from an agent or the AI, not a warning or a question', async () => {
    expect(await categories('您放心，这款理财保本保息，稳赚不赔。', 'agent')).toEqual(['guaranteed_returns']);
    expect(await categories('Our fund is risk-free, you cannot lose money.', 'ai')).toEqual([
      'guaranteed_returns',
    ]);
    expect(await categories('这款产品不保本，可能亏损本金。', 'agent')).toEqual([]);
    expect(await categories('Past performance does not guarantee future returns.', 'ai')).toEqual([]);
    // The same words from a customer are a question, not a promise.
    expect(await categories('这个理财保本保息吗？稳赚不赔是真的吗', 'customer')).toEqual([]);
  });

  it('quotes the sentence that broke the rule, once per rule, tokens and all', async () => {
    const hits = await engine.check({
      text: '您好⟦NAME_1⟧。这款理财保本保息。而且稳赚不赔，真的。',
      side: 'ai',
    });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      ruleId: 'guaranteed-returns.ai',
      action: 'block',
      sentence: '这款理财保本保息。',
    });
  });

  it("tells another person's data from the customer's own", async () => {
    expect(await categories('您老公⟦NAME_2⟧名下还有两张卡在用。', 'agent')).toEqual(['third_party_data']);
    expect(await categories('您尾号⟦CARD_1⟧的卡余额是3,200元。', 'agent')).toEqual([]);
    expect(await categories("Sorry, I can't share your husband's account details with you.", 'ai')).toEqual(
      [],
    );
  });

  it('hears a threat to go to the regulator, not a mention of it', async () => {
    expect(await categories('再不解决我就去金融监管总局投诉你们', 'customer')).toEqual(['regulator_threat']);
    expect(await categories("I'm reporting you to the CFPB tonight.", 'customer')).toEqual([
      'regulator_threat',
    ]);
    expect(await categories('听说银保监会出了新规定？', 'customer')).toEqual([]);
  });

  it('applies the industry defaults, the bundle replacing a rule by id or turning the defaults off', async () => {
    let bundle: ConfigBundle | null = null;
    const current = activeComplianceEngine(() => bundle, 'retail');
    // Retail sells no investments: no rule about returns.
    expect(await current().check({ text: '稳赚不赔', side: 'agent' })).toEqual([]);
    bundle = configBundleSchema.parse({
      format: 'branchline-config/1',
      version: 'c-1',
      compliance: {
        industry: 'bank',
        rules: [
          {
            id: 'guaranteed-returns.agent',
            category: 'guaranteed_returns',
            side: 'agent',
            phrases: ['翻倍'],
          },
        ],
      },
    });
    const bank = current();
    expect(bank).toBe(current());
    expect((await bank.check({ text: '一年翻倍', side: 'agent' })).map((h) => h.ruleId)).toEqual([
      'guaranteed-returns.agent',
    ]);
    // Replaced: the default's words no longer count for agents (they still do for the AI).
    expect(await bank.check({ text: '稳赚不赔', side: 'agent' })).toEqual([]);
    expect((await bank.check({ text: '稳赚不赔', side: 'ai' })).map((h) => h.action)).toEqual(['block']);
    bundle = configBundleSchema.parse({
      format: 'branchline-config/1',
      version: 'c-2',
      compliance: { defaults: false },
    });
    expect(current().size).toBe(0);
  });

  it('refuses a rule with no condition at all', () => {
    expect(
      configBundleSchema.safeParse({
        format: 'branchline-config/1',
        version: 'bad',
        compliance: { rules: [{ id: 'empty', category: 'other' }] },
      }).success,
    ).toBe(false);
  });
});

describe('the default rules on the labelled sets', () => {
  const dir = join(repoRoot, 'edge-node/test/compliance');
  const all = new ComplianceEngine(defaultComplianceRules());

  it('find what they were written against (dev set)', async () => {
    const result = await evaluateCompliance(all, readLabelled(join(dir, 'labelled-dev.jsonl')));
    for (const [category, score] of Object.entries(result.byCategory)) {
      expect(score.precision, category).toBeGreaterThanOrEqual(0.9);
      expect(score.recall, category).toBeGreaterThanOrEqual(0.9);
    }
    expect(result.falseAlarmRate).toBeLessThanOrEqual(0.03);
  });

  it('stay precise on sentences never read while writing them (held-out test set)', async () => {
    const result = await evaluateCompliance(all, readLabelled(join(dir, 'labelled-test.jsonl')));
    expect(Object.keys(result.byCategory).sort()).toEqual([
      'collection_pressure',
      'guaranteed_returns',
      'regulator_threat',
      'third_party_data',
    ]);
    // Floors a little under the figures in bench/results/compliance.json, so a change that makes
    // the rules noisier or blinder fails here; recall on unseen wording is the known weak side.
    for (const [category, score] of Object.entries(result.byCategory)) {
      expect(score.precision, category).toBeGreaterThanOrEqual(0.8);
      expect(score.recall, category).toBeGreaterThanOrEqual(0.25);
    }
    expect(result.falseAlarmRate).toBeLessThanOrEqual(0.1);
  });
});

describe('the default rules with the compliance-category model', () => {
  const dir = join(repoRoot, 'edge-node/test/compliance');
  const all = new ComplianceEngine(defaultComplianceRules());
  const log = createLogger('edge-node', { level: 'silent' });
  let work: string;
  let models: ModelRegistry;
  let classify: (task: string, text: string) => ReturnType<ModelRegistry['classify']>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bl-compliance-model-'));
    const store = new ModelStore(join(work, 'models'));
    models = new ModelRegistry(store, log);
    await loadModelsFrom(inject('demoModelsDir'), store, models, log);
    classify = (task, text) => models.classify(task, text);
  });
  afterAll(async () => {
    await models.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('hears a promise made without the promising words, and not the risk warning', async () => {
    const hits = await all.check({
      text: '这个产品您就当存银行，只会多不会少，闭眼买就行。',
      side: 'ai',
      classify,
    });
    expect(hits.map((h) => h.ruleId)).toContain('guaranteed-returns.model.ai');
    expect(hits.find((h) => h.ruleId === 'guaranteed-returns.model.ai')?.action).toBe('alert');
    expect(await all.check({ text: '理财非存款，产品有风险，投资须谨慎。', side: 'ai', classify })).toEqual(
      [],
    );
  });

  it('lifts recall on the held-out set over the words alone, and stays precise', async () => {
    const sentences = readLabelled(join(dir, 'labelled-test.jsonl'));
    const words = await evaluateCompliance(all, sentences);
    const both = await evaluateCompliance(all, sentences, classify);
    // Floors a little under bench/results/compliance.json (recall 0.54-0.74, precision 0.89-0.95).
    for (const [category, score] of Object.entries(both.byCategory)) {
      expect(score.recall, category).toBeGreaterThan(
        words.byCategory[category as keyof typeof words.byCategory]?.recall ?? 1,
      );
      expect(score.recall, category).toBeGreaterThanOrEqual(0.45);
      expect(score.precision, category).toBeGreaterThanOrEqual(0.8);
    }
    expect(both.falseAlarmRate).toBeLessThanOrEqual(0.1);
  });
});

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InsightMiner } from './insight-miner.js';
import { loadTaxonomy, parseTaxonomy } from './taxonomy.js';

const miner = new InsightMiner(loadTaxonomy(undefined));
const pairs = (text: string, product: string | null = null) =>
  miner.mine(text, product).mentions.map((m) => `${m.kind}:${m.theme ?? '-'}:${m.product ?? '-'}`);

describe('InsightMiner with the built-in taxonomy', () => {
  it('finds an objection and a reason in two clauses of one Chinese sentence', () => {
    expect(pairs('这款电动车价格有点贵，但是续航很长')).toEqual(['objection:price:ev', 'reason:range:ev']);
  });

  it('reads range anxiety and price objections in English and Chinese', () => {
    expect(pairs('我有点续航焦虑，冬天跑不远怎么办？')).toEqual(['objection:range:ev']);
    expect(pairs('Honestly the price is too high for a family car.')).toEqual(['objection:price:car']);
    expect(pairs("I'm worried the battery won't last on the highway")).toEqual(['objection:range:-']);
  });

  it('takes the product from the conversation when the sentence names none', () => {
    expect(pairs('手续费太高了', 'wealth')).toEqual(['objection:fees:wealth']);
    expect(miner.mine('我想了解一下理财', null).product).toBe('wealth');
    expect(miner.mine('手续费太高了', null).product).toBeNull();
  });

  it('keeps a cue without a theme as an unsorted mention, and ignores plain questions', () => {
    expect(pairs('我担心以后搬家了不好处理')).toEqual(['objection:-:-']);
    expect(pairs('What are your opening hours on Saturday?')).toEqual([]);
    expect(pairs('请问定期存款利率是多少')).toEqual([]);
  });

  it('reports a theme once per turn and quotes the tokenized sentence', () => {
    const { mentions } = miner.mine('Too expensive. Way too expensive for ⟦NAME_1⟧ and me.');
    expect(mentions).toHaveLength(1);
    expect(mentions[0]?.text).toBe('Too expensive.');
  });

  it('a referral is a reason', () => {
    expect(pairs('My colleague recommended it, and the reviews are great')).toEqual(['reason:reputation:-']);
  });
});

describe('taxonomy files', () => {
  it('rejects a bad pattern with the path of the problem', () => {
    expect(() =>
      parseTaxonomy(
        { version: 1, themes: [{ id: 'x1', label: { en: 'X', zh: 'X' }, reason: ['(unclosed'] }] },
        'f',
      ),
    ).toThrow(/themes\.0\.reason\.0: not a regular expression/);
  });

  it('a file replaces the built-in themes and changes the fingerprint', () => {
    const path = join(tmpdir(), `taxonomy-${process.pid}.json`);
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        themes: [
          { id: 'parking', label: { en: 'Parking', zh: '停车' }, objection: ['停车难|\\bno parking\\b'] },
        ],
      }),
    );
    const loaded = loadTaxonomy(path);
    expect(loaded.fingerprint).not.toBe(loadTaxonomy(undefined).fingerprint);
    expect(new InsightMiner(loaded).mine('网点停车难').mentions.map((m) => m.theme)).toEqual(['parking']);
  });

  it('names the file when it is not JSON', () => {
    const path = join(tmpdir(), `taxonomy-bad-${process.pid}.json`);
    writeFileSync(path, '{ nope');
    expect(() => loadTaxonomy(path)).toThrow(new RegExp(`${path}: not JSON`));
  });
});

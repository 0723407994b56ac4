import { describe, expect, it } from 'vitest';
import { featureStrings, featurize, hashFeatures } from './featurize.js';
import { fnv1a } from './hashing.js';
import { normalizeText } from './normalize.js';
import { defaultFeaturizerSettings } from './settings.js';

// Trainer and edge call this one featurizer; these pins catch any change that would make a
// deployed model see different features than it was trained on.
describe('featurizer', () => {
  it('normalizes full-width digits and letters, case and spaces', () => {
    expect(normalizeText('  ＡＢＣ　１２３  Hello ')).toBe('abc 123 hello');
  });

  it('makes Chinese character n-grams and cross-script word bigrams', () => {
    expect(featureStrings('转人工', { ...defaultFeaturizerSettings, zhMaxN: 2, wordMaxN: 2 })).toEqual([
      'z1:转',
      'z1:人',
      'z1:工',
      'z2:转人',
      'z2:人工',
      'w2:转 人',
      'w2:人 工',
    ]);
  });

  it('makes word, subword and number-shape features for Latin text', () => {
    const strings = featureStrings('Card 4417', { ...defaultFeaturizerSettings, charMinN: 3, charMaxN: 3 });
    expect(strings).toEqual(['w:card', 'c:<ca', 'c:car', 'c:ard', 'c:rd>', 'w:<num4>', 'w2:card <num4>']);
  });

  it('hashes with FNV-1a (published test vectors)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('hashes to the same pinned buckets on every machine', () => {
    const { ids, weights } = featurize('我要转人工 agent please', defaultFeaturizerSettings);
    expect(ids.slice(0, 6)).toEqual(
      featurize('我要转人工 AGENT please', defaultFeaturizerSettings).ids.slice(0, 6),
    );
    expect(ids.slice(0, 4)).toEqual(PINNED);
    expect(weights.reduce((s, w) => s + w * w, 0)).toBeCloseTo(1, 6);
  });
});

it('hashes while walking exactly as hashing the feature strings would', () => {
  const texts = [
    '我要转人工 agent please',
    'Card ending 4417 was declined!!',
    '暖气不热，师傅什么时候来？HT-20481',
    'ÄÖÜ straße ok',
  ];
  for (const text of texts) {
    const fast = featurize(text, defaultFeaturizerSettings);
    const slow = hashFeatures(
      featureStrings(text, defaultFeaturizerSettings),
      defaultFeaturizerSettings.buckets,
      true,
    );
    expect(fast).toEqual(slow);
  }
});

const PINNED = [366113, 167537, 384754, 777456];

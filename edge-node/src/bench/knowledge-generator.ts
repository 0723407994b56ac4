import type { KnowledgeArticle } from '@branchline/shared';
import { en, type Vocabulary, zh } from './knowledge-vocabulary.js';

/** A small seeded generator (mulberry32): the same seed gives the same knowledge base. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Writer {
  constructor(readonly random: () => number) {}

  int = (lo: number, hi: number): number => lo + Math.floor(this.random() * (hi - lo + 1));

  pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };

  /** Up to `n` distinct items, in their list order. */
  some<T>(items: readonly T[], n: number): T[] {
    return items
      .map((item) => ({ item, key: this.random() }))
      .sort((a, b) => a.key - b.key)
      .slice(0, n)
      .map((x) => x.item)
      .sort((a, b) => items.indexOf(a) - items.indexOf(b));
  }

  /** A template with its `{slot}`s filled; `fixed` keeps one value per slot within an article. */
  fill(template: string, vocabulary: Vocabulary, fixed: Map<string, string>): string {
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const known = fixed.get(name);
      if (known !== undefined) return known;
      const slot = vocabulary.slots[name];
      return slot ? slot(this.pick, this.int) : whole;
    });
  }
}

/** Slots that name what an article is about, so its title and body talk about the same thing. */
const subjects = ['branch', 'product', 'card', 'estate', 'model', 'store', 'loan'];

/**
 * `count` articles, about half zh-CN and half English, each a notice, product sheet or service
 * page about one subject (a branch, an estate, a car model...), two or three sections of two to
 * four sentences with their own names, dates and figures.
 */
export function generateArticles(count: number, seed = 20261123): KnowledgeArticle[] {
  const w = new Writer(seededRandom(seed));
  const articles: KnowledgeArticle[] = [];
  for (let i = 0; i < count; i++) {
    const locale = w.random() < 0.5 ? 'zh-CN' : 'en';
    const vocabulary = locale === 'zh-CN' ? zh : en;
    const topic = w.pick(vocabulary.topics);
    const fixed = new Map<string, string>();
    for (const name of subjects) fixed.set(name, w.fill(`{${name}}`, vocabulary, new Map()));
    const sections = w.some(topic.sections, w.int(2, 3)).map((section) => {
      const heading = w.fill(w.pick(section.headings), vocabulary, fixed);
      const sentences = w.some(section.sentences, w.int(2, 4)).map((s) => w.fill(s, vocabulary, fixed));
      return `## ${heading}\n\n${sentences.join(locale === 'zh-CN' ? '' : ' ')}`;
    });
    articles.push({
      id: `gen-${String(i).padStart(5, '0')}`,
      version: 1,
      title: w.fill(w.pick(topic.titles), vocabulary, fixed),
      body: sections.join('\n\n'),
      locale,
      tags: ['generated'],
      audience: {},
    });
  }
  return articles;
}

/** `count` questions about generated subjects, in both locales. */
export function generateQueries(count: number, seed = 7): { question: string; locale: 'zh-CN' | 'en' }[] {
  const w = new Writer(seededRandom(seed));
  return Array.from({ length: count }, () => {
    const locale = w.random() < 0.5 ? ('zh-CN' as const) : ('en' as const);
    const vocabulary = locale === 'zh-CN' ? zh : en;
    return { question: w.fill(w.pick(vocabulary.queries), vocabulary, new Map()), locale };
  });
}

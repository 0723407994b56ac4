import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type KnowledgeArticle, knowledgeArticleSchema } from '@branchline/shared';

/** One line of `questions.jsonl`: what a customer asked and the article that answers it. */
export interface DemoQuestion {
  question: string;
  locale: 'zh-CN' | 'en';
  expected: string;
}

export interface DemoKnowledge {
  articles: KnowledgeArticle[];
  synonyms: string[][];
  questions: DemoQuestion[];
}

/** `[a, b]` or `a, b` to a list. */
function list(value: string): string[] {
  return value
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `{}`, `{region: north}` or `region=north, tier=2` to labels. */
function labels(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list(value.replace(/^\{|\}$/g, ''))) {
    const [key, label] = pair.split(/[:=]/, 2).map((s) => s.trim());
    if (key && label) out[key] = label;
  }
  return out;
}

/**
 * The demo's front matter: `key: value` lines between `---` fences, with `tags` a flow list and
 * `audience` flow labels. Only what the demo articles use; the product importer lives in the core.
 */
export function parseArticle(source: string, file: string): KnowledgeArticle {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`${file}: no front matter`);
  const fields = new Map<string, string>();
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const field = /^([A-Za-z]+):\s*(.*?)\s*(?:#.*)?$/.exec(line);
    if (field?.[1]) fields.set(field[1], field[2] ?? '');
  }
  return knowledgeArticleSchema.parse({
    id: fields.get('id'),
    version: Number(fields.get('version') ?? 1),
    title: fields.get('title'),
    locale: fields.get('locale'),
    tags: list(fields.get('tags') ?? ''),
    audience: labels(fields.get('audience') ?? ''),
    body: match[2] ?? '',
  });
}

/** Every article (`*.md` but the README), the synonym groups and the question set of `dir`. */
export function readDemoKnowledge(dir: string): DemoKnowledge {
  const articles = readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()
    .map((name) => parseArticle(readFileSync(join(dir, name), 'utf8'), name));
  const synonyms = JSON.parse(readFileSync(join(dir, 'synonyms.json'), 'utf8')) as string[][];
  const questions = readFileSync(join(dir, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DemoQuestion);
  const ids = new Set(articles.map((a) => a.id));
  for (const q of questions) {
    if (!ids.has(q.expected)) throw new Error(`questions.jsonl: no article ${q.expected}`);
  }
  return { articles, synonyms, questions };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type KnowledgeArticle, knowledgeArticleSchema, parseFrontMatter } from '@branchline/shared';

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

/**
 * A demo article through the same front-matter parser as `branchline kb import` (the core's
 * importer adds version bookkeeping this benchmark does not need).
 */
export function parseArticle(source: string, file: string): KnowledgeArticle {
  const { fields, body } = parseFrontMatter(source, file);
  const raw: Record<string, unknown> = { version: 1, body };
  for (const [key, { value }] of fields) raw[key] = value;
  return knowledgeArticleSchema.parse(raw);
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

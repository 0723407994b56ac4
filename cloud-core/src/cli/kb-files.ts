import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { BranchlineError, type FrontMatterValue, parseFrontMatter } from '@branchline/shared';
import { parse } from 'csv-parse/sync';
import { type ArticleInput, parseArticleInput } from '../knowledge/index.js';

export interface KbFile {
  file: string;
  articles: ArticleInput[];
}

const markdownFields = new Set(['id', 'title', 'locale', 'tags', 'audience', 'validFrom', 'validUntil']);

/** `region=north,tier=1` or a map: edge labels an article is for. */
function audienceOf(value: FrontMatterValue, fail: (m: string) => never): Record<string, string> {
  if (Array.isArray(value)) return audienceOf(value.join(','), fail);
  if (typeof value !== 'string') return value;
  const out: Record<string, string> = {};
  for (const pair of value.split(',').map((p) => p.trim())) {
    if (pair === '') continue;
    const [key, label, extra] = pair.split('=');
    if (!key || label === undefined || extra !== undefined) fail(`audience: "${pair}" is not key=value`);
    out[key as string] = label as string;
  }
  return out;
}

const tagsOf = (value: string) =>
  value
    .split(/[;|]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');

/** Re-throws an article's validation error at the line of the field it names. */
function checked(
  raw: Record<string, unknown>,
  file: string,
  lineOf: (field: string) => number,
): ArticleInput {
  try {
    return parseArticleInput(raw);
  } catch (error) {
    if (!(error instanceof BranchlineError)) throw error;
    const field = /^(\w+)/.exec(error.message)?.[1] ?? '';
    throw new BranchlineError('invalid_argument', `${file}:${lineOf(field)}: ${error.message}`);
  }
}

export function markdownArticle(text: string, file: string): ArticleInput {
  const { fields, body, bodyLine } = parseFrontMatter(text, file);
  const raw: Record<string, unknown> = { body };
  for (const [key, { value, line }] of fields) {
    const fail = (message: string): never => {
      throw new BranchlineError('invalid_argument', `${file}:${line}: ${message}`);
    };
    if (!markdownFields.has(key)) fail(`unknown field ${key} (known: ${[...markdownFields].join(', ')})`);
    if (key === 'audience') raw.audience = audienceOf(value, fail);
    else if (key === 'tags')
      raw.tags = typeof value === 'string' ? tagsOf(value.replaceAll(',', ';')) : value;
    else raw[key] = value;
  }
  return checked(raw, file, (field) => (field === 'body' ? bodyLine : (fields.get(field)?.line ?? 1)));
}

function idStem(file: string): string {
  const stem = basename(file, extname(file))
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '');
  return (stem || 'faq').slice(0, 70);
}

/**
 * Q&A pairs, one article per row: `question,answer[,locale,tags]`, an optional header row,
 * tags separated by `;` or `|`. Ids are the file name and the row number (`faq-3`).
 */
export function csvArticles(text: string, file: string, defaultLocale?: string): ArticleInput[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      bom: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new BranchlineError('invalid_argument', `${file}:${line}: ${(error as Error).message}`);
  }
  const stem = idStem(file);
  const articles: ArticleInput[] = [];
  let row = 0;
  for (const { record, info } of records) {
    const fail = (message: string): never => {
      throw new BranchlineError('invalid_argument', `${file}:${info.lines}: ${message}`);
    };
    if (row === 0 && articles.length === 0 && record[0]?.trim().toLowerCase() === 'question') continue;
    row++;
    if (record.length < 2 || record.length > 4)
      fail(`expected question,answer[,locale,tags], got ${record.length} columns`);
    const [question = '', answer = '', locale, tags] = record.map((cell) => cell.trim());
    const chosen = locale || defaultLocale;
    if (!chosen) fail('no locale: add a locale column (zh-CN or en) or pass --locale');
    articles.push(
      checked(
        {
          id: `${stem}-${row}`,
          title: question,
          body: answer,
          locale: chosen,
          tags: tags ? tagsOf(tags) : [],
        },
        file,
        () => info.lines,
      ),
    );
  }
  return articles;
}

/** The Markdown and CSV files under `dir` (recursively), sorted, as articles; stops at the first bad line. */
export async function readKbDir(
  dir: string,
  options: { defaultLocale?: string; progress?: (line: string) => void } = {},
): Promise<KbFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: Error) => {
    throw new BranchlineError('invalid_argument', `cannot read ${dir}: ${error.message}`);
  });
  const files = entries
    // A README explains the folder; it is not an article.
    .filter((e) => e.isFile() && /\.(md|markdown|csv)$/i.test(e.name) && !/^readme\.md$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  if (files.length === 0) throw new BranchlineError('invalid_argument', `no .md or .csv files in ${dir}`);
  const out: KbFile[] = [];
  const seen = new Map<string, string>();
  for (const [i, file] of files.entries()) {
    if (files.length > 10 && (i + 1) % 10 === 0) options.progress?.(`read ${i + 1}/${files.length} files`);
    const text = await readFile(file, 'utf8');
    const articles = /\.csv$/i.test(file)
      ? csvArticles(text, file, options.defaultLocale)
      : [markdownArticle(text, file)];
    for (const article of articles) {
      const other = seen.get(article.id);
      if (other)
        throw new BranchlineError('invalid_argument', `${file}:1: id ${article.id} is also in ${other}`);
      seen.set(article.id, file);
    }
    out.push({ file, articles });
  }
  return out;
}

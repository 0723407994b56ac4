import type { ArticleInput } from '../knowledge/index.js';
import type { ApiClient } from './api-client.js';
import type { Output } from './commands.js';
import { readKbDir } from './kb-files.js';

interface ImportResult {
  id: string;
  version: number;
  changed: boolean;
}

/** The core takes request bodies up to 1 MiB; batches stay under it with room to spare. */
const batchBytes = 768 * 1024;

function batches(articles: ArticleInput[]): ArticleInput[][] {
  const out: ArticleInput[][] = [];
  let current: ArticleInput[] = [];
  let size = 2;
  for (const article of articles) {
    const bytes = Buffer.byteLength(JSON.stringify(article)) + 1;
    if (current.length > 0 && size + bytes > batchBytes) {
      out.push(current);
      current = [];
      size = 2;
    }
    current.push(article);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * `branchline kb import DIR`: reads every Markdown and CSV file first (stopping at the first bad
 * line, nothing sent), then sends the articles and reports per file what changed.
 */
export async function importKnowledge(
  api: ApiClient,
  io: Output,
  options: { dir: string; locale?: string; json: boolean },
): Promise<void> {
  const files = await readKbDir(options.dir, {
    progress: (line) => io.out(line),
    ...(options.locale ? { defaultLocale: options.locale } : {}),
  });
  const all = files.flatMap((f) => f.articles);
  const results = new Map<string, ImportResult>();
  const parts = batches(all);
  for (const [i, part] of parts.entries()) {
    if (parts.length > 1) io.out(`sending ${i + 1}/${parts.length} (${part.length} articles)`);
    const { articles } = await api.post<{ articles: ImportResult[] }>('/v1/knowledge/import', part);
    for (const result of articles) results.set(result.id, result);
  }
  if (options.json) {
    return io.out(
      JSON.stringify(
        files.map((f) => ({ file: f.file, articles: f.articles.map((a) => results.get(a.id)) })),
      ),
    );
  }
  let changed = 0;
  for (const file of files) {
    const mine = file.articles
      .map((a) => results.get(a.id))
      .filter((r): r is ImportResult => r !== undefined);
    const fresh = mine.filter((r) => r.changed);
    changed += fresh.length;
    const detail =
      mine.length === 1 && mine[0]
        ? `${mine[0].id} v${mine[0].version}${mine[0].changed ? '' : ' (unchanged)'}`
        : `${mine.length} articles, ${fresh.length} new or changed`;
    io.out(`${file.file}: ${detail}`);
  }
  io.out(`imported ${all.length} articles from ${files.length} files (${changed} new or changed)`);
}

interface ListedArticle {
  id: string;
  version: number;
  title: string;
  locale: string;
  audience: Record<string, string>;
  updatedAt: string;
}

export async function listKnowledge(api: ApiClient, io: Output, options: { json: boolean }): Promise<void> {
  const { articles } = await api.get<{ articles: ListedArticle[] }>('/v1/knowledge/articles');
  if (options.json) return io.out(JSON.stringify(articles, null, 2));
  if (articles.length === 0)
    return io.out('No knowledge articles yet. Import some with `branchline kb import DIR`.');
  const rows = [['ID', 'VERSION', 'LOCALE', 'AUDIENCE', 'UPDATED', 'TITLE']];
  for (const a of articles) {
    const audience =
      Object.entries(a.audience)
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '*';
    rows.push([a.id, String(a.version), a.locale, audience, a.updatedAt, a.title]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  io.out(
    rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n'),
  );
}

interface SearchResult {
  snapshotId: string | null;
  hits: {
    articleId: string;
    title: string;
    heading: string;
    text: string;
    score: number;
    coverage: number;
  }[];
  localAnswer: { text: string; citation: { id: string; title: string } } | null;
}

const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** `branchline kb search "QUESTION"`: what an edge's installed knowledge finds for a question. */
export async function searchKnowledge(
  edge: ApiClient,
  io: Output,
  options: { question: string; locale?: string; limit?: string; json: boolean },
): Promise<void> {
  const query = new URLSearchParams({ q: options.question });
  if (options.locale) query.set('locale', options.locale);
  if (options.limit) query.set('limit', options.limit);
  const result = await edge.get<SearchResult>(`/v1/knowledge/search?${query}`);
  if (options.json) return io.out(JSON.stringify(result, null, 2));
  if (result.snapshotId === null) return io.out('This edge has no knowledge snapshot installed yet.');
  io.out(`snapshot ${result.snapshotId}`);
  if (result.hits.length === 0) io.out('No passage matches this question well enough.');
  result.hits.forEach((hit, i) => {
    const where = hit.heading ? `${hit.title} › ${hit.heading}` : hit.title;
    io.out(`${i + 1}. [KB:${hit.articleId}] ${where}  (score ${hit.score}, coverage ${hit.coverage})`);
    io.out(`   ${oneLine(hit.text, 160)}`);
  });
  io.out(
    result.localAnswer
      ? `local answer [KB:${result.localAnswer.citation.id}]: ${result.localAnswer.text}`
      : 'local answer: none (no passage covers the question well enough)',
  );
}

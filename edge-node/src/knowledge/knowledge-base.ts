import type { KnowledgeSnapshot } from '@branchline/shared';
import type { Statement } from 'better-sqlite3';
import type { EdgeDatabase } from '../db/index.js';
import { chunkMarkdown } from './chunk.js';
import { coverage, expandSynonyms, matchExpression, queryTerms } from './query-terms.js';

export interface KnowledgeHit {
  passageId: number;
  articleId: string;
  title: string;
  heading: string;
  text: string;
  /** BM25, higher is better. */
  score: number;
  /** Share of the question's search terms the passage contains (0..1). */
  coverage: number;
}

export interface SearchOptions {
  locale?: 'zh-CN' | 'en';
  now?: Date;
  limit?: number;
}

interface Row {
  id: number;
  article_id: string;
  title: string;
  heading: string;
  text: string;
  rank: number;
}

const filters = `a.id = p.article_id AND (@locale IS NULL OR a.locale = @locale)
  AND (a.valid_from IS NULL OR a.valid_from <= @now) AND (a.valid_until IS NULL OR a.valid_until > @now)`;

/**
 * The edge's knowledge: one installed snapshot in SQLite, searched with FTS5 (BM25 over a
 * trigram index). Installing replaces the whole snapshot in one transaction, so a search sees
 * the old one or the new one, never a mix.
 */
export class KnowledgeBase {
  private readonly byMatch: Statement;
  private readonly byLike: Statement;
  private synonyms: string[][] = [];

  constructor(private readonly db: EdgeDatabase) {
    const sqlite = db.$client;
    // Title matches weigh most, then headings, then the text.
    this.byMatch = sqlite.prepare(
      `SELECT p.id, p.article_id, p.title, p.heading, p.text, bm25(kb_fts, 4.0, 2.0, 1.0) AS rank
       FROM kb_fts JOIN kb_passages p ON p.id = kb_fts.rowid JOIN kb_articles a ON ${filters}
       WHERE kb_fts MATCH @match ORDER BY rank LIMIT @limit`,
    );
    this.byLike = sqlite.prepare(
      `SELECT p.id, p.article_id, p.title, p.heading, p.text, 0 AS rank
       FROM kb_passages p JOIN kb_articles a ON ${filters}
       WHERE instr(lower(p.title || ' ' || p.heading || ' ' || p.text), @term) > 0 LIMIT @limit`,
    );
    const stored = sqlite.prepare("SELECT value FROM kb_state WHERE key = 'synonyms'").get() as
      | { value: string }
      | undefined;
    if (stored) this.synonyms = JSON.parse(stored.value) as string[][];
  }

  /** Installs a snapshot; `sha256` names the artifact it came from, so a sync can skip a re-fetch. */
  install(snapshot: KnowledgeSnapshot, sha256 = ''): { articles: number; passages: number } {
    const sqlite = this.db.$client;
    const insertArticle = sqlite.prepare(
      'INSERT INTO kb_articles (id, version, title, locale, tags, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertPassage = sqlite.prepare(
      'INSERT INTO kb_passages (article_id, ordinal, title, heading, text) VALUES (?, ?, ?, ?, ?)',
    );
    const setState = sqlite.prepare('INSERT OR REPLACE INTO kb_state (key, value) VALUES (?, ?)');
    let passages = 0;
    sqlite.transaction(() => {
      sqlite.prepare('DELETE FROM kb_passages').run();
      sqlite.prepare('DELETE FROM kb_articles').run();
      for (const article of snapshot.articles) {
        insertArticle.run(
          article.id,
          article.version,
          article.title,
          article.locale,
          JSON.stringify(article.tags),
          article.validFrom ? Date.parse(article.validFrom) : null,
          article.validUntil ? Date.parse(article.validUntil) : null,
        );
        chunkMarkdown(article.body).forEach((passage, ordinal) => {
          insertPassage.run(article.id, ordinal, article.title, passage.heading, passage.text);
          passages++;
        });
      }
      sqlite.prepare("INSERT INTO kb_fts(kb_fts) VALUES ('rebuild')").run();
      setState.run('snapshot', snapshot.id);
      setState.run('sha256', sha256);
      setState.run('synonyms', JSON.stringify(snapshot.synonyms));
    })();
    this.synonyms = snapshot.synonyms;
    return { articles: snapshot.articles.length, passages };
  }

  installedSha256(): string | null {
    const row = this.db.$client.prepare("SELECT value FROM kb_state WHERE key = 'sha256'").get() as
      | { value: string }
      | undefined;
    return row?.value || null;
  }

  snapshotId(): string | null {
    const row = this.db.$client.prepare("SELECT value FROM kb_state WHERE key = 'snapshot'").get() as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  search(question: string, options: SearchOptions = {}): KnowledgeHit[] {
    const terms = queryTerms(expandSynonyms(question, this.synonyms));
    const limit = options.limit ?? 5;
    const params = {
      locale: options.locale ?? null,
      now: (options.now ?? new Date()).getTime(),
      // BM25 finds candidates; the passages' coverage of the question's words orders them.
      limit: limit * 4,
    };
    let rows: Row[];
    if (terms.index.length > 0) {
      rows = this.byMatch.all({ ...params, match: matchExpression(terms.index) }) as Row[];
    } else {
      // Too short for the trigram index ("存款", "卡"): a plain scan of the passages.
      const seen = new Map<number, Row>();
      for (const term of terms.judge) {
        for (const row of this.byLike.all({ ...params, term }) as Row[]) seen.set(row.id, row);
      }
      rows = [...seen.values()];
    }
    return rows
      .map((row) => ({
        passageId: row.id,
        articleId: row.article_id,
        title: row.title,
        heading: row.heading,
        text: row.text,
        score: -row.rank,
        coverage: coverage(terms.judge, `${row.title} ${row.heading} ${row.text}`),
      }))
      .sort((a, b) => b.coverage - a.coverage || b.score - a.score)
      .slice(0, limit);
  }
}

import type { KnowledgeSnapshot } from '@branchline/shared';
import type { Statement } from 'better-sqlite3';
import type { EdgeDatabase } from '../db/index.js';
import { chunkMarkdown } from './chunk.js';
import { allTerms, type PassageEntry, PassageIndex, SynonymTerms } from './passage-index.js';
import { normalize } from './query-terms.js';

export interface KnowledgeHit {
  passageId: number;
  articleId: string;
  title: string;
  heading: string;
  text: string;
  /** BM25 over the passage's weighted fields, higher is better. */
  score: number;
  /** Share of the question's search terms the passage contains (0..1); hits hold at least 0.25. */
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
}

/** A passage holding less of the question than this shares a word with it, not a topic. */
const minimumCoverage = 0.25;

/**
 * The edge's knowledge: one installed snapshot in SQLite, searched through an in-memory index of
 * its passages (BM25 over Chinese two-character pieces and English word stems, with the
 * snapshot's synonyms as terms of their own). Installing replaces the whole snapshot in one
 * transaction, then the index, so a search sees the old one or the new one, never a mix.
 */
export class KnowledgeBase {
  private readonly passage: Statement;
  private readonly snapshotQuery: Statement;
  private index: { snapshot: string | null; index: PassageIndex } | undefined;

  constructor(private readonly db: EdgeDatabase) {
    const sqlite = db.$client;
    this.passage = sqlite.prepare(
      'SELECT id, article_id, title, heading, text FROM kb_passages WHERE id = ?',
    );
    this.snapshotQuery = sqlite.prepare("SELECT value FROM kb_state WHERE key = 'snapshot'");
    this.current();
  }

  /** The index of the installed snapshot, rebuilt when the snapshot changed under it. */
  private current(): PassageIndex {
    const snapshot = this.snapshotId();
    if (this.index && this.index.snapshot === snapshot) return this.index.index;
    const sqlite = this.db.$client;
    const stored = sqlite.prepare("SELECT value FROM kb_state WHERE key = 'synonyms'").get() as
      | { value: string }
      | undefined;
    const synonyms = new SynonymTerms(stored ? (JSON.parse(stored.value) as string[][]) : []);
    const passages = sqlite
      .prepare(
        `SELECT p.id, p.article_id AS articleId, a.locale, p.title, p.heading, p.text,
           a.valid_from AS validFrom, a.valid_until AS validUntil
         FROM kb_passages p JOIN kb_articles a ON a.id = p.article_id ORDER BY p.id`,
      )
      .all() as PassageEntry[];
    const index = new PassageIndex(passages, synonyms);
    this.index = { snapshot, index };
    return index;
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
      // kb_fts (the migration's trigram index) is kept in step for SQL readers; search uses the index.
      sqlite.prepare("INSERT INTO kb_fts(kb_fts) VALUES ('rebuild')").run();
      setState.run('snapshot', snapshot.id);
      setState.run('sha256', sha256);
      setState.run('synonyms', JSON.stringify(snapshot.synonyms));
    })();
    this.index = undefined;
    this.current();
    return { articles: snapshot.articles.length, passages };
  }

  installedSha256(): string | null {
    const row = this.db.$client.prepare("SELECT value FROM kb_state WHERE key = 'sha256'").get() as
      | { value: string }
      | undefined;
    return row?.value || null;
  }

  snapshotId(): string | null {
    const row = this.snapshotQuery.get() as { value: string } | undefined;
    return row?.value ?? null;
  }

  search(question: string, options: SearchOptions = {}): KnowledgeHit[] {
    const index = this.current();
    const asked = new Set<string>();
    const singles: string[] = [];
    allTerms(
      question,
      index.synonyms,
      (t) => asked.add(index.correct(t) ?? t),
      (c) => singles.push(c),
    );
    const terms = [...asked];
    const found = index.search(terms, {
      locale: options.locale ?? null,
      now: (options.now ?? new Date()).getTime(),
      limit: options.limit ?? 5,
    });
    return found.flatMap((hit) => {
      const row = this.passage.get(hit.rowId) as Row | undefined;
      if (!row) return [];
      const text = `${row.title} ${row.heading} ${row.text}`;
      const has = new Set<string>();
      allTerms(text, index.synonyms, (t) => has.add(t));
      const lower = normalize(text);
      const covered =
        terms.filter((t) => has.has(t)).length + singles.filter((c) => lower.includes(c)).length;
      const count = terms.length + singles.length;
      if (count === 0 || covered / count < minimumCoverage) return [];
      return [
        {
          passageId: row.id,
          articleId: row.article_id,
          title: row.title,
          heading: row.heading,
          text: row.text,
          score: hit.score,
          coverage: covered / count,
        },
      ];
    });
  }
}

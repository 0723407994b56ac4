import type { KnowledgeSnapshot } from '@branchline/shared';
import type { Statement } from 'better-sqlite3';
import type { EdgeDatabase } from '../db/index.js';
import { chunkMarkdown } from './chunk.js';
import { localeToken, matchAny, passageTermColumns } from './passage-terms.js';
import { normalize, oneEditApart } from './query-terms.js';
import { allTerms, SynonymTerms } from './synonym-terms.js';

export interface KnowledgeHit {
  passageId: number;
  articleId: string;
  title: string;
  heading: string;
  text: string;
  /** BM25 (FTS5) over the passage's weighted fields, higher is better. */
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
  rank: number;
}

/** A passage holding less of the question than this shares a word with it, not a topic. */
const minimumCoverage = 0.25;
/** BM25 weights of kb_terms' columns: a word in the title says more than one in the text. */
const weights = '3.0, 2.0, 1.0, 0.0, 0.0';
const singleWeights = '0.0, 0.0, 0.0, 1.0, 0.0';

/**
 * A term in more passages than this share (and at least 256) is common: a question's rarer terms
 * pick the candidates and common ones only add to their score, so "opening hours" does not make
 * FTS5 score thousands of passages.
 */
const commonShare = 1 / 20;

/** What a snapshot's search needs beyond SQL: its synonyms and its English words, for typos. */
interface Analyzer {
  snapshot: string | null;
  synonyms: SynonymTerms;
  /** English terms of four letters or more and how many passages hold each. */
  latin: Map<string, number>;
  /** Passages per term, filled as questions ask. */
  documentCounts: Map<string, number>;
  commonAt: number;
}

/**
 * The edge's knowledge: one installed snapshot in SQLite, searched with FTS5 and BM25. Passages
 * are indexed as the terms this edge's analyzer finds (Chinese two-character pieces, English word
 * stems, the snapshot's synonym groups as terms of their own), so SQLite does the ranking and
 * filtering and the process holds no index of its own. Installing replaces the whole snapshot and
 * its index in one transaction, so a search sees the old one or the new one, never a mix.
 */
export class KnowledgeBase {
  private readonly snapshotQuery: Statement;
  private readonly byTerms: Statement;
  private readonly byChars: Statement;
  private readonly documentCount: Statement;
  private analyzer: Analyzer | undefined;

  constructor(private readonly db: EdgeDatabase) {
    const sqlite = db.$client;
    this.snapshotQuery = sqlite.prepare("SELECT value FROM kb_state WHERE key = 'snapshot'");
    // FTS5 ranks first and only the best `fetch` rows are joined and checked for validity: joining
    // every match before sorting cost more than the ranking itself.
    const search = (weighting: string) =>
      sqlite.prepare(
        `SELECT p.id, p.article_id, p.title, p.heading, p.text, f.rank
         FROM (SELECT rowid, bm25(kb_terms, ${weighting}) AS rank FROM kb_terms
               WHERE kb_terms MATCH @match ORDER BY rank LIMIT @fetch) f
         JOIN kb_passages p ON p.id = f.rowid JOIN kb_articles a ON a.id = p.article_id
         WHERE (a.valid_from IS NULL OR a.valid_from <= @now)
           AND (a.valid_until IS NULL OR a.valid_until > @now)
         ORDER BY f.rank LIMIT @limit`,
      );
    this.documentCount = sqlite.prepare('SELECT doc FROM kb_terms_vocab WHERE term = ?');
    this.byTerms = search(weights);
    this.byChars = search(singleWeights);
  }

  /** The analyzer of the installed snapshot, reloaded when the snapshot changed under it. */
  private current(): Analyzer {
    const snapshot = this.snapshotId();
    if (this.analyzer && this.analyzer.snapshot === snapshot) return this.analyzer;
    const sqlite = this.db.$client;
    const stored = sqlite.prepare("SELECT value FROM kb_state WHERE key = 'synonyms'").get() as
      | { value: string }
      | undefined;
    const latin = new Map<string, number>();
    const vocabulary = sqlite
      .prepare("SELECT term, doc FROM kb_terms_vocab WHERE term >= 'aaaa' AND term < '{'")
      .all() as { term: string; doc: number }[];
    for (const { term, doc } of vocabulary) if (/^[a-z]{4,}$/.test(term)) latin.set(term, doc);
    const { passages } = sqlite.prepare('SELECT count(*) AS passages FROM kb_passages').get() as {
      passages: number;
    };
    this.analyzer = {
      snapshot,
      synonyms: new SynonymTerms(stored ? (JSON.parse(stored.value) as string[][]) : []),
      latin,
      documentCounts: new Map(),
      commonAt: Math.max(256, passages * commonShare),
    };
    return this.analyzer;
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
    const insertTerms = sqlite.prepare(
      'INSERT INTO kb_terms (rowid, title, heading, text, chars, locale) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const setState = sqlite.prepare('INSERT OR REPLACE INTO kb_state (key, value) VALUES (?, ?)');
    const synonyms = new SynonymTerms(snapshot.synonyms);
    const cache = new Map<string, string>();
    let passages = 0;
    sqlite.transaction(() => {
      sqlite.prepare("INSERT INTO kb_terms(kb_terms) VALUES ('delete-all')").run();
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
          const { lastInsertRowid } = insertPassage.run(
            article.id,
            ordinal,
            article.title,
            passage.heading,
            passage.text,
          );
          const columns = passageTermColumns(
            { title: article.title, heading: passage.heading, text: passage.text, locale: article.locale },
            synonyms,
            cache,
          );
          insertTerms.run(
            lastInsertRowid,
            columns.title,
            columns.heading,
            columns.text,
            columns.chars,
            columns.locale,
          );
          passages++;
        });
      }
      // Merge the index into one segment now, so searches do not pay for it later.
      sqlite.prepare("INSERT INTO kb_terms(kb_terms) VALUES ('optimize')").run();
      setState.run('snapshot', snapshot.id);
      setState.run('sha256', sha256);
      setState.run('synonyms', JSON.stringify(snapshot.synonyms));
    })();
    this.analyzer = undefined;
    this.current();
    return { articles: snapshot.articles.length, passages };
  }

  installedSha256(): string | null {
    const row = this.db.$client.prepare("SELECT value FROM kb_state WHERE key = 'sha256'").get() as
      | { value: string }
      | undefined;
    return row?.value || null;
  }

  /**
   * One article as it stands (valid now), with its passages in order: what an offer quotes its
   * terms from. Undefined when the installed snapshot has no such article, or it is not valid.
   */
  article(
    id: string,
    now = Date.now(),
  ): { id: string; title: string; passages: { heading: string; text: string }[] } | undefined {
    const sqlite = this.db.$client;
    const article = sqlite
      .prepare(
        `SELECT id, title FROM kb_articles WHERE id = ?
         AND (valid_from IS NULL OR valid_from <= ?) AND (valid_until IS NULL OR valid_until > ?)`,
      )
      .get(id, now, now) as { id: string; title: string } | undefined;
    if (!article) return undefined;
    const passages = sqlite
      .prepare('SELECT heading, text FROM kb_passages WHERE article_id = ? ORDER BY ordinal')
      .all(id) as { heading: string; text: string }[];
    return { ...article, passages };
  }

  snapshotId(): string | null {
    const row = this.snapshotQuery.get() as { value: string } | undefined;
    return row?.value ?? null;
  }

  /** The indexed English term one edit from `term` that most passages use, if any ("actvate"). */
  private correct(analyzer: Analyzer, term: string): string {
    if (term.length < 4 || !/^[a-z]+$/.test(term) || analyzer.latin.has(term)) return term;
    let best = term;
    let bestCount = 0;
    for (const [candidate, count] of analyzer.latin) {
      if (count > bestCount && oneEditApart(term, candidate)) {
        best = candidate;
        bestCount = count;
      }
    }
    return best;
  }

  private passagesWith(analyzer: Analyzer, term: string): number {
    let count = analyzer.documentCounts.get(term);
    if (count === undefined) {
      count = (this.documentCount.get(term) as { doc: number } | undefined)?.doc ?? 0;
      if (analyzer.documentCounts.size > 100_000) analyzer.documentCounts.clear();
      analyzer.documentCounts.set(term, count);
    }
    return count;
  }

  search(question: string, options: SearchOptions = {}): KnowledgeHit[] {
    const analyzer = this.current();
    const asked = new Set<string>();
    const singles: string[] = [];
    allTerms(
      question,
      analyzer.synonyms,
      (t) => asked.add(this.correct(analyzer, t)),
      (c) => singles.push(c),
    );
    const terms = [...asked];
    if (terms.length === 0 && singles.length === 0) return [];
    const limit = options.limit ?? 5;
    const now = (options.now ?? new Date()).getTime();
    // A question of single characters ("卡?") searches the characters; any other, the terms.
    let match: string;
    if (terms.length > 0) {
      const fields = ['title', 'heading', 'text'];
      const rare = terms.filter((t) => this.passagesWith(analyzer, t) <= analyzer.commonAt);
      match =
        rare.length > 0 && rare.length < terms.length
          ? `${matchAny(fields, rare)} AND ${matchAny(fields, terms)}`
          : matchAny(fields, terms);
    } else {
      match = matchAny(['chars'], singles);
    }
    if (options.locale) match += ` AND ${matchAny(['locale'], [localeToken(options.locale)])}`;
    const statement = terms.length > 0 ? this.byTerms : this.byChars;
    let rows = statement.all({ match, now, limit, fetch: limit * 4 }) as Row[];
    // Expired articles took places among the best: look past them.
    if (rows.length < limit) rows = statement.all({ match, now, limit, fetch: -1 }) as Row[];
    return rows.flatMap((row) => {
      const text = `${row.title} ${row.heading} ${row.text}`;
      const has = new Set<string>();
      allTerms(text, analyzer.synonyms, (t) => has.add(t));
      const lower = normalize(text);
      const covered =
        terms.filter((t) => has.has(t)).length + singles.filter((c) => lower.includes(c)).length;
      const count = terms.length + singles.length;
      if (covered / count < minimumCoverage) return [];
      return [
        {
          passageId: row.id,
          articleId: row.article_id,
          title: row.title,
          heading: row.heading,
          text: row.text,
          score: -row.rank,
          coverage: covered / count,
        },
      ];
    });
  }
}

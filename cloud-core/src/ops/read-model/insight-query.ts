import { BranchlineError } from '@branchline/shared';
import type Database from 'better-sqlite3';
import {
  clusterMentions,
  type MentionCluster,
  type MentionKind,
  type Taxonomy,
} from '../../insight/index.js';

export interface InsightQuery {
  /** Undefined: the whole fleet. */
  edgeIds?: string[];
  from: Date;
  to: Date;
  bucket: 'hour' | 'day';
  /** Only mentions of this product ('none' for those that name no product). */
  product?: string;
  /** The region label of each edge; edges without one count under "unlabelled". */
  regionOf: (edgeId: string) => string;
}

export interface InsightTheme {
  theme: string;
  label: { en: string; zh: string };
  kind: MentionKind;
  count: number;
  /** Of all reasons, or of all objections, in the scope. */
  share: number;
  /** Mentions per bucket, in the order of `buckets`. */
  series: number[];
  /** Second half of the window against the first; null when the first half had none. */
  change: number | null;
  byRegion: Record<string, number>;
  byProduct: Record<string, number>;
  examples: string[];
}

export interface InsightResult {
  buckets: string[];
  totals: { mentions: number; reasons: number; objections: number; conversations: number; unsorted: number };
  themes: InsightTheme[];
  products: { id: string; label: { en: string; zh: string }; mentions: number }[];
  regions: { region: string; mentions: number }[];
  /** Reasons and objections no theme claimed, grouped by what they say. */
  clusters: MentionCluster[];
}

export interface InsightExportRow {
  occurredAt: string;
  edgeId: string;
  region: string;
  product: string;
  kind: MentionKind;
  theme: string;
  locale: string;
  text: string;
}

export interface ExportCursor {
  occurredAt: number;
  seq: number;
  idx: number;
}

/** Unsorted mentions clustered per query: the newest this many in scope. */
const clusterSample = 2000;
const examplesPerTheme = 3;
export const noProduct = 'none';
const unsorted = 'unsorted';

interface CountRow {
  theme: string | null;
  kind: MentionKind;
  edge_id: string;
  product: string | null;
  b: number;
  n: number;
}

/** Buying-point insight over the mined mentions: themes, trends, regions, products, clusters. */
export class InsightQueries {
  readonly #db: Database.Database;
  readonly #taxonomy: Taxonomy;

  constructor(db: Database.Database, taxonomy: Taxonomy) {
    this.#db = db;
    this.#taxonomy = taxonomy;
  }

  /** `edge_id IN (...)` for any number of edges as one JSON parameter, and the product filter. */
  #where(query: InsightQuery): { sql: string; params: unknown[] } {
    const from = query.from.getTime();
    const to = query.to.getTime();
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
      throw new BranchlineError('invalid_argument', 'the time range must end after it starts');
    let sql = 'occurred_at >= ? AND occurred_at < ?';
    const params: unknown[] = [from, to];
    if (query.edgeIds !== undefined) {
      sql += ' AND edge_id IN (SELECT value FROM json_each(?))';
      params.push(JSON.stringify(query.edgeIds));
    }
    if (query.product === noProduct) sql += ' AND product IS NULL';
    else if (query.product !== undefined) {
      sql += ' AND product = ?';
      params.push(query.product);
    }
    return { sql, params };
  }

  insight(query: InsightQuery): InsightResult {
    const { sql, params } = this.#where(query);
    const step = query.bucket === 'hour' ? 3_600_000 : 86_400_000;
    const first = Math.floor(query.from.getTime() / step);
    const bucketCount = Math.max(1, Math.ceil((query.to.getTime() - query.from.getTime()) / step));
    const buckets = Array.from({ length: bucketCount }, (_, i) => new Date((first + i) * step).toISOString());
    const rows = query.bucket === 'day' ? this.#dayRows(query) : this.#hourRows(sql, params, step);
    const conversations = (
      this.#db
        .prepare(`SELECT count(DISTINCT conversation_id) AS n FROM insight_mentions WHERE ${sql}`)
        .get(...params) as { n: number }
    ).n;

    const themes = new Map<string, InsightTheme>();
    const products = new Map<string, number>();
    const regions = new Map<string, number>();
    const totals = { mentions: 0, reasons: 0, objections: 0, conversations, unsorted: 0 };
    const labels = new Map(this.#taxonomy.themes.map((t) => [t.id, t.label]));
    for (const row of rows) {
      totals.mentions += row.n;
      totals[row.kind === 'reason' ? 'reasons' : 'objections'] += row.n;
      const product = row.product ?? noProduct;
      const region = query.regionOf(row.edge_id);
      products.set(product, (products.get(product) ?? 0) + row.n);
      regions.set(region, (regions.get(region) ?? 0) + row.n);
      if (row.theme === null) {
        totals.unsorted += row.n;
        continue;
      }
      const key = `${row.theme}|${row.kind}`;
      let theme = themes.get(key);
      if (!theme) {
        theme = {
          theme: row.theme,
          // A theme the taxonomy no longer has still shows, under its id.
          label: labels.get(row.theme) ?? { en: row.theme, zh: row.theme },
          kind: row.kind,
          count: 0,
          share: 0,
          series: new Array(bucketCount).fill(0),
          change: null,
          byRegion: {},
          byProduct: {},
          examples: [],
        };
        themes.set(key, theme);
      }
      theme.count += row.n;
      const i = row.b - first;
      if (i >= 0 && i < bucketCount) theme.series[i] = (theme.series[i] ?? 0) + row.n;
      theme.byRegion[region] = (theme.byRegion[region] ?? 0) + row.n;
      theme.byProduct[product] = (theme.byProduct[product] ?? 0) + row.n;
    }
    this.#addExamples(themes, sql, params);
    const half = Math.floor(bucketCount / 2);
    for (const theme of themes.values()) {
      const kindTotal = theme.kind === 'reason' ? totals.reasons : totals.objections;
      theme.share = kindTotal > 0 ? theme.count / kindTotal : 0;
      const before = theme.series.slice(0, half).reduce((a, b) => a + b, 0);
      const after = theme.series.slice(bucketCount - half).reduce((a, b) => a + b, 0);
      theme.change = half > 0 && before > 0 ? (after - before) / before : null;
    }
    const productLabels = new Map(this.#taxonomy.products.map((p) => [p.id, p.label]));
    return {
      buckets,
      totals,
      themes: [...themes.values()].sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme)),
      products: [...products]
        .map(([id, mentions]) => ({
          id,
          label:
            productLabels.get(id) ??
            (id === noProduct ? { en: 'No product named', zh: '未提及产品' } : { en: id, zh: id }),
          mentions,
        }))
        .sort((a, b) => b.mentions - a.mentions),
      regions: [...regions]
        .map(([region, mentions]) => ({ region, mentions }))
        .sort((a, b) => b.mentions - a.mentions),
      clusters: this.#clusters(sql, params),
    };
  }

  /** The newest distinct sentences of each theme, read backwards along its index. */
  #hourRows(sql: string, params: unknown[], step: number): CountRow[] {
    return this.#db
      .prepare(
        `SELECT theme, kind, edge_id, product, occurred_at / ${step} AS b, count(*) AS n FROM insight_mentions
         WHERE ${sql} GROUP BY theme, kind, edge_id, product, b`,
      )
      .all(...params) as CountRow[];
  }

  /** Whole days come from the daily counts: the range ends on day boundaries (see resolveScope). */
  #dayRows(query: InsightQuery): CountRow[] {
    let sql = 'day >= ? AND day < ?';
    const params: unknown[] = [
      Math.floor(query.from.getTime() / 86_400_000),
      Math.ceil(query.to.getTime() / 86_400_000),
    ];
    if (query.edgeIds !== undefined) {
      sql += ' AND edge_id IN (SELECT value FROM json_each(?))';
      params.push(JSON.stringify(query.edgeIds));
    }
    if (query.product !== undefined) {
      sql += ' AND product = ?';
      params.push(query.product === noProduct ? '' : query.product);
    }
    return (
      this.#db
        .prepare(`SELECT theme, kind, edge_id, product, day AS b, n FROM insight_days WHERE ${sql}`)
        .all(...params) as CountRow[]
    ).map((r) => ({ ...r, theme: r.theme || null, product: r.product || null }));
  }

  #addExamples(themes: Map<string, InsightTheme>, sql: string, params: unknown[]): void {
    const newest = this.#db.prepare(
      `SELECT text FROM insight_mentions INDEXED BY insight_by_theme
       WHERE theme = ? AND kind = ? AND ${sql} ORDER BY occurred_at DESC LIMIT ${examplesPerTheme * 10}`,
    );
    for (const theme of themes.values()) {
      const rows = newest.all(theme.theme, theme.kind, ...params) as { text: string }[];
      theme.examples = [...new Set(rows.map((r) => r.text))].slice(0, examplesPerTheme);
    }
  }

  #clusters(sql: string, params: unknown[]): MentionCluster[] {
    const rows = this.#db
      .prepare(
        `SELECT kind, text FROM insight_mentions WHERE ${sql} AND theme IS NULL
         ORDER BY occurred_at DESC, seq DESC LIMIT ${clusterSample}`,
      )
      .all(...params) as { kind: MentionKind; text: string }[];
    // Oldest first, so a cluster's leader is the earliest sentence and the result is stable.
    return clusterMentions(rows.reverse());
  }

  /**
   * One page of the mentions in scope, oldest first, for marketing's own tools; `after` is the
   * previous page's cursor. Pages, not one open cursor: the feeder writes to this connection
   * between them, which an open iterator would forbid.
   */
  page(
    query: InsightQuery,
    after: ExportCursor | null,
    limit: number,
  ): { rows: InsightExportRow[]; next: ExportCursor | null } {
    const { sql, params } = this.#where(query);
    const keyset = after ? ' AND (occurred_at, seq, idx) > (?, ?, ?)' : '';
    const rows = this.#db
      .prepare(
        `SELECT occurred_at, seq, idx, edge_id, product, kind, theme, locale, text FROM insight_mentions
         WHERE ${sql}${keyset} ORDER BY occurred_at, seq, idx LIMIT ?`,
      )
      .all(...params, ...(after ? [after.occurredAt, after.seq, after.idx] : []), limit) as {
      occurred_at: number;
      seq: number;
      idx: number;
      edge_id: string;
      product: string | null;
      kind: MentionKind;
      theme: string | null;
      locale: string | null;
      text: string;
    }[];
    const last = rows.at(-1);
    return {
      rows: rows.map((row) => ({
        occurredAt: new Date(row.occurred_at).toISOString(),
        edgeId: row.edge_id,
        region: query.regionOf(row.edge_id),
        product: row.product ?? noProduct,
        kind: row.kind,
        theme: row.theme ?? unsorted,
        locale: row.locale ?? '',
        text: row.text,
      })),
      next:
        last && rows.length === limit ? { occurredAt: last.occurred_at, seq: last.seq, idx: last.idx } : null,
    };
  }
}

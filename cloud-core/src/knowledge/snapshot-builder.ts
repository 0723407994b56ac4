import { createHash } from 'node:crypto';
import type { KnowledgeSnapshot } from '@branchline/shared';
import type { StoredArticle } from './article-store.js';
import { canonicalJson } from './canonical-json.js';

export const snapshotFormat = 'branchline-kb/1';
export const snapshotMediaType = 'application/vnd.branchline.kb-snapshot+json';

export interface BuiltSnapshot {
  snapshotId: string;
  /** Lower-case hex sha256 of `bytes`: the artifact's name in the object store. */
  sha256: string;
  bytes: Uint8Array;
  articleIds: string[];
}

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** An article is for an edge when every audience label matches; no audience means every edge. */
export function matchesAudience(audience: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(audience).every(([key, value]) => labels[key] === value);
}

/**
 * Builds the snapshot an edge with `labels` installs. Deterministic: the same articles and
 * synonyms give the same bytes on every replica, so the sha256 names the content. `createdAt`
 * is when the newest included article was written, not when the snapshot was built.
 */
export function buildSnapshot(
  stored: readonly StoredArticle[],
  synonyms: string[][],
  labels: Record<string, string>,
): BuiltSnapshot {
  const included = stored
    .filter((s) => matchesAudience(s.article.audience, labels))
    .sort((a, b) => (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0));
  const articles = included.map((s) => s.article);
  const newest = Math.max(0, ...included.map((s) => s.updatedAt.getTime()));
  const content = { format: snapshotFormat, synonyms, articles } as const;
  const snapshotId = `kb-${sha256Hex(canonicalJson(content)).slice(0, 12)}`;
  const snapshot: KnowledgeSnapshot = {
    format: snapshotFormat,
    id: snapshotId,
    createdAt: new Date(newest).toISOString(),
    synonyms,
    articles,
  };
  const bytes = new TextEncoder().encode(canonicalJson(snapshot));
  return { snapshotId, sha256: sha256Hex(bytes), bytes, articleIds: articles.map((a) => a.id) };
}

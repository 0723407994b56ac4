import { BranchlineError, type KnowledgeArticle, knowledgeArticleSchema } from '@branchline/shared';
import type { KV, KvEntry } from '@nats-io/kv';
import { z } from 'zod';
import type { ArticleInput } from './article-input.js';
import { reservedIds } from './article-input.js';
import { canonicalJson } from './canonical-json.js';

/** KV key, next to the articles, of the synonym groups every snapshot carries. */
export const synonymsKey = 'synonyms';

const synonymsSchema = z.array(z.array(z.string().min(1)).min(2));

export interface StoredArticle {
  article: KnowledgeArticle;
  /** When this version was written (the KV entry's time). */
  updatedAt: Date;
}

export interface PutResult {
  article: KnowledgeArticle;
  /** False when the article was already stored exactly like this (its version stays). */
  changed: boolean;
}

const maxAttempts = 5;

function sameContent(a: ArticleInput, b: ArticleInput): boolean {
  const { version: _a, ...left } = a as KnowledgeArticle;
  const { version: _b, ...right } = b as KnowledgeArticle;
  return canonicalJson(left) === canonicalJson(right);
}

/**
 * Knowledge articles in NATS KV, one key per article id, shared by every core replica. The
 * store assigns versions: a put that changes anything bumps it, an identical put keeps it.
 */
export class ArticleStore {
  constructor(private readonly kv: KV) {}

  private decode(entry: KvEntry | null): StoredArticle | undefined {
    if (entry?.operation !== 'PUT') return undefined;
    return { article: knowledgeArticleSchema.parse(entry.json()), updatedAt: entry.created };
  }

  async get(id: string): Promise<KnowledgeArticle | undefined> {
    if (reservedIds.has(id)) return undefined;
    return this.decode(await this.kv.get(id).catch(() => null))?.article;
  }

  async list(): Promise<StoredArticle[]> {
    // A key updated while the lister walks the bucket can come twice.
    const keys = new Set<string>();
    for await (const key of await this.kv.keys()) if (!reservedIds.has(key)) keys.add(key);
    const entries = await Promise.all([...keys].map(async (key) => this.decode(await this.kv.get(key))));
    return entries
      .filter((e): e is StoredArticle => e !== undefined)
      .sort((a, b) => (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0));
  }

  async put(input: ArticleInput): Promise<PutResult> {
    for (let attempt = 1; ; attempt++) {
      const entry = await this.kv.get(input.id);
      const previous = this.decode(entry)?.article;
      if (previous && sameContent(previous, input)) return { article: previous, changed: false };
      const article: KnowledgeArticle = { ...input, version: (previous?.version ?? 0) + 1 };
      const value = canonicalJson(article);
      try {
        // Compare-and-set on the revision read above: two replicas writing the same article
        // cannot both claim the same version.
        if (entry) await this.kv.update(input.id, value, entry.revision);
        else await this.kv.create(input.id, value);
        return { article, changed: true };
      } catch (error) {
        if (attempt >= maxAttempts) {
          throw new BranchlineError(
            'unavailable',
            `article ${input.id} kept changing while being written`,
            true,
            { cause: error },
          );
        }
      }
    }
  }

  /** Removes an article; false when there was none. */
  async delete(id: string): Promise<boolean> {
    if (!(await this.get(id))) return false;
    await this.kv.delete(id);
    return true;
  }

  /** Synonym groups from the `synonyms` key; none when absent or malformed. */
  async synonyms(): Promise<string[][]> {
    const entry = await this.kv.get(synonymsKey);
    if (entry?.operation !== 'PUT') return [];
    try {
      const parsed = synonymsSchema.safeParse(entry.json());
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }
}

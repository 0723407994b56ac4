import { BranchlineError, type KnowledgeArticle, knowledgeArticleSchema } from '@branchline/shared';
import type { z } from 'zod';

/** What a client sends: an article without `version`, which the store assigns. */
export type ArticleInput = Omit<KnowledgeArticle, 'version'>;

const inputSchema = knowledgeArticleSchema.omit({ version: true });

/** The KV key `synonyms` in the articles bucket holds the synonym groups, so no article may use it. */
export const reservedIds: ReadonlySet<string> = new Set(['synonyms']);

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
}

/**
 * Checks one article as a client sent it. A `version` is ignored (the store assigns versions);
 * errors are `invalid_argument` naming the field, prefixed with `where` when given.
 */
export function parseArticleInput(value: unknown, where = ''): ArticleInput {
  const fail = (message: string) =>
    new BranchlineError('invalid_argument', where ? `${where}: ${message}` : message);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw fail('an article is a JSON object');
  }
  const { version: _ignored, ...rest } = value as Record<string, unknown>;
  const parsed = inputSchema.safeParse(rest);
  if (!parsed.success) throw fail(describe(parsed.error));
  const article = parsed.data;
  // Ids are NATS KV keys: dots separate tokens, so none may be empty.
  if (article.id.includes('..') || article.id.endsWith('.')) {
    throw fail('id: no empty part between dots, and no dot at the end');
  }
  if (reservedIds.has(article.id)) throw fail(`id: "${article.id}" is reserved`);
  if (
    article.validFrom &&
    article.validUntil &&
    Date.parse(article.validUntil) <= Date.parse(article.validFrom)
  ) {
    throw fail('validUntil: must be later than validFrom');
  }
  return article;
}

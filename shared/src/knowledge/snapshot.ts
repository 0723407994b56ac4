import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });

/** One knowledge article as authored in the core and held by the edges it targets. */
export const knowledgeArticleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'letters, digits, . _ - (up to 80)'),
  version: z.number().int().min(1),
  title: z.string().trim().min(1).max(200),
  /** Markdown. */
  body: z.string().trim().min(1).max(50_000),
  locale: z.enum(['zh-CN', 'en']),
  tags: z.array(z.string().min(1).max(40)).max(20).default([]),
  /** Edge labels the article is for (`region=north`); empty means every edge. */
  audience: z.record(z.string(), z.string()).default({}),
  validFrom: isoDateTime.optional(),
  validUntil: isoDateTime.optional(),
});
export type KnowledgeArticle = z.infer<typeof knowledgeArticleSchema>;

/** What an edge installs: every article it should answer from, as one versioned unit. */
export const knowledgeSnapshotSchema = z.strictObject({
  format: z.literal('branchline-kb/1'),
  id: z.string().min(1),
  createdAt: isoDateTime,
  /** Words that mean the same to customers (`["房贷", "住房贷款", "mortgage"]`). */
  synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
  articles: z.array(knowledgeArticleSchema),
});
export type KnowledgeSnapshot = z.infer<typeof knowledgeSnapshotSchema>;

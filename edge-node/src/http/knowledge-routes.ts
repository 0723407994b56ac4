import { BranchlineError } from '@branchline/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { composeAnswer, type KnowledgeBase } from '../knowledge/index.js';

const searchSchema = z.object({
  q: z.string().trim().min(1, 'is required').max(500, 'is longer than 500 characters'),
  locale: z.enum(['zh-CN', 'en']).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(5),
  at: z.iso.datetime({ offset: true }).optional(),
});

/**
 * What the edge's installed knowledge says to a question, and whether the edge would answer it
 * locally: for operators checking an import or a snapshot (`branchline kb search`).
 */
export function knowledgeRoutes(knowledge: KnowledgeBase): Hono {
  const app = new Hono();
  app.get('/search', (c) => {
    const parsed = searchSchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BranchlineError('invalid_argument', `${issue?.path.join('.')}: ${issue?.message}`);
    }
    const { q, locale, limit, at } = parsed.data;
    const hits = knowledge.search(q, {
      limit,
      ...(locale ? { locale } : {}),
      ...(at ? { now: new Date(at) } : {}),
    });
    const answer = composeAnswer(q, hits) ?? null;
    return c.json({
      snapshotId: knowledge.snapshotId(),
      question: q,
      hits: hits.map((h) => ({
        articleId: h.articleId,
        title: h.title,
        heading: h.heading,
        text: h.text,
        score: Math.round(h.score * 1000) / 1000,
        coverage: Math.round(h.coverage * 1000) / 1000,
      })),
      localAnswer: answer,
    });
  });
  return app;
}

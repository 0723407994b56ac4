import { BranchlineError, jsonBody } from '@branchline/shared';
import { Hono } from 'hono';
import { type ArticleStore, parseArticleInput } from '../knowledge/index.js';
import { requireAdmin } from './admin-auth.js';

export interface KnowledgeRouteDeps {
  articles: ArticleStore;
  adminToken: string;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

function articleId(raw: string): string {
  if (!idPattern.test(raw) || raw.includes('..') || raw.endsWith('.')) {
    throw new BranchlineError('invalid_argument', 'id: letters, digits, . _ - (up to 80)');
  }
  return raw;
}

/** Knowledge articles: anyone on the operator network reads, the admin token writes. */
export function knowledgeRoutes(deps: KnowledgeRouteDeps): Hono {
  const app = new Hono();
  const admin = requireAdmin(deps.adminToken);

  app.get('/articles', async (c) => {
    const stored = await deps.articles.list();
    return c.json({
      articles: stored.map(({ article, updatedAt }) => ({
        id: article.id,
        version: article.version,
        title: article.title,
        locale: article.locale,
        tags: article.tags,
        audience: article.audience,
        updatedAt: updatedAt.toISOString(),
      })),
    });
  });

  app.get('/articles/:id', async (c) => {
    const id = articleId(c.req.param('id'));
    const article = await deps.articles.get(id);
    if (!article) throw new BranchlineError('not_found', `no article ${id}`);
    return c.json(article);
  });

  app.put('/articles/:id', admin, async (c) => {
    const id = articleId(c.req.param('id'));
    const body = await jsonBody(c);
    const withId = body && typeof body === 'object' && !Array.isArray(body) ? { id, ...body } : body;
    const input = parseArticleInput(withId);
    if (input.id !== id) {
      throw new BranchlineError('invalid_argument', `id: the body says "${input.id}", the path "${id}"`);
    }
    const { article, changed } = await deps.articles.put(input);
    return c.json({ article, changed }, changed && article.version === 1 ? 201 : 200);
  });

  app.delete('/articles/:id', admin, async (c) => {
    const id = articleId(c.req.param('id'));
    if (!(await deps.articles.delete(id))) throw new BranchlineError('not_found', `no article ${id}`);
    return c.body(null, 204);
  });

  /** Many articles at once (the CLI's `kb import`): all are checked before any is written. */
  app.post('/import', admin, async (c) => {
    const body = await jsonBody(c);
    if (!Array.isArray(body))
      throw new BranchlineError('invalid_argument', 'the body is a JSON array of articles');
    const inputs = body.map((item, i) => {
      const id = (item as { id?: unknown } | null)?.id;
      return parseArticleInput(item, `[${i}]${typeof id === 'string' ? ` (${id})` : ''}`);
    });
    const seen = new Set<string>();
    for (const input of inputs) {
      if (seen.has(input.id))
        throw new BranchlineError('invalid_argument', `id: "${input.id}" appears twice`);
      seen.add(input.id);
    }
    const results = [];
    for (const input of inputs) {
      const { article, changed } = await deps.articles.put(input);
      results.push({ id: article.id, version: article.version, changed });
    }
    return c.json({ articles: results });
  });

  return app;
}

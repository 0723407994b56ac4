import type { Logger } from '@branchline/shared';
import { BranchlineError, jsonBody } from '@branchline/shared';
import { Hono } from 'hono';
import { type ArticleStore, parseArticleInput } from '../knowledge/index.js';
import type { AuditLog } from '../operators/index.js';
import { audited, noteAudit, type OperatorEnv, requireRole } from './operator-auth.js';

export interface KnowledgeRouteDeps {
  articles: ArticleStore;
  audit: Pick<AuditLog, 'record'>;
  log: Logger;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

function articleId(raw: string): string {
  if (!idPattern.test(raw) || raw.includes('..') || raw.endsWith('.')) {
    throw new BranchlineError('invalid_argument', 'id: letters, digits, . _ - (up to 80)');
  }
  return raw;
}

/** Knowledge articles: viewers read, operators write. */
export function knowledgeRoutes(deps: KnowledgeRouteDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const viewer = requireRole('viewer');
  const articleParam = (c: { req: { param(name: string): string | undefined } }) => c.req.param('id') ?? '';

  app.get('/articles', viewer, async (c) => {
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

  app.get('/articles/:id', viewer, async (c) => {
    const id = articleId(c.req.param('id'));
    const article = await deps.articles.get(id);
    if (!article) throw new BranchlineError('not_found', `no article ${id}`);
    return c.json(article);
  });

  app.put('/articles/:id', audited(deps, 'operator', 'knowledge.article_saved', articleParam), async (c) => {
    const id = articleId(c.req.param('id'));
    const body = await jsonBody(c);
    const withId = body && typeof body === 'object' && !Array.isArray(body) ? { id, ...body } : body;
    const input = parseArticleInput(withId);
    if (input.id !== id) {
      throw new BranchlineError('invalid_argument', `id: the body says "${input.id}", the path "${id}"`);
    }
    const { article, changed } = await deps.articles.put(input);
    noteAudit(c, { detail: { version: article.version, changed } });
    return c.json({ article, changed }, changed && article.version === 1 ? 201 : 200);
  });

  app.delete(
    '/articles/:id',
    audited(deps, 'operator', 'knowledge.article_deleted', articleParam),
    async (c) => {
      const id = articleId(c.req.param('id'));
      if (!(await deps.articles.delete(id))) throw new BranchlineError('not_found', `no article ${id}`);
      return c.body(null, 204);
    },
  );

  /** Many articles at once (the CLI's `kb import`): all are checked before any is written. */
  app.post('/import', audited(deps, 'operator', 'knowledge.imported'), async (c) => {
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
    const changed = results.filter((r) => r.changed);
    noteAudit(c, {
      target: `${results.length} articles`,
      detail: {
        articles: results.length,
        changed: changed.length,
        changedIds: changed.slice(0, 50).map((r) => r.id),
      },
    });
    return c.json({ articles: results });
  });

  return app;
}

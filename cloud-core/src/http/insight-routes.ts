import { BranchlineError } from '@branchline/shared';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { EdgeRecord, EdgeRegistry } from '../fleet/index.js';
import { csvHeader, csvLine } from '../insight/index.js';
import {
  type ExportCursor,
  type InsightQuery,
  type OpsReadModel,
  parseScopeQuery,
  type ResolvedScope,
  resolveScope,
} from '../ops/index.js';
import {
  type OperatorAuthDeps,
  type OperatorEnv,
  principalOf,
  recordAudit,
  requireRole,
} from './operator-auth.js';

export interface InsightRouteDeps extends Pick<OperatorAuthDeps, 'audit' | 'log'> {
  edges: EdgeRegistry;
  readModel: OpsReadModel;
}

const extraSchema = z.object({
  product: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,40}$/, 'a product id from the taxonomy, or none')
    .optional(),
  format: z.enum(['csv', 'json']).default('csv'),
});

/** Rows read per page of an export: the read model's writer gets the connection between pages. */
const exportPage = 2000;
const unlabelled = 'unlabelled';

function parseExtra(query: Record<string, string>) {
  const parsed = extraSchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BranchlineError('invalid_argument', `${issue?.path.join('.') || 'query'}: ${issue?.message}`);
  }
  return parsed.data;
}

const regionsOf = (edges: EdgeRecord[]) => {
  const region = new Map(edges.map((e) => [e.id, e.labels.region ?? unlabelled]));
  return (edgeId: string) => region.get(edgeId) ?? unlabelled;
};

/** Buying-point insight: what customers give as reasons and objections, and an export of it. */
export function insightRoutes(deps: InsightRouteDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const viewer = requireRole('viewer');
  const queryOf = async (raw: Record<string, string>) => {
    const edges = await deps.edges.list();
    const scope = resolveScope(parseScopeQuery(raw), edges);
    const extra = parseExtra(raw);
    const query: InsightQuery = {
      ...(scope.edgeIds ? { edgeIds: scope.edgeIds } : {}),
      ...(extra.product ? { product: extra.product } : {}),
      from: scope.from,
      to: scope.to,
      bucket: scope.bucket,
      regionOf: regionsOf(edges),
    };
    return { scope, extra, query };
  };
  const header = (scope: ResolvedScope) => ({
    scope: scope.label,
    edges: scope.edgeIds ?? null,
    from: scope.from.toISOString(),
    to: scope.to.toISOString(),
    bucket: scope.bucket,
  });

  app.get('/', viewer, async (c) => {
    const { scope, extra, query } = await queryOf(c.req.query());
    return c.json({ ...header(scope), product: extra.product ?? null, ...deps.readModel.insight(query) });
  });

  app.get('/taxonomy', viewer, (c) => {
    const { taxonomy, fingerprint, source } = deps.readModel.taxonomy();
    return c.json({
      source,
      fingerprint,
      themes: taxonomy.themes.map((t) => ({ id: t.id, label: t.label })),
      products: taxonomy.products.map((p) => ({ id: p.id, label: p.label })),
    });
  });

  // Streamed page by page: a year of a fleet's mentions does not have to fit in memory.
  app.get('/export', viewer, async (c) => {
    const { scope, extra, query } = await queryOf(c.req.query());
    const principal = principalOf(c);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const name = `branchline-insight-${day(scope.from)}-${day(scope.to)}.${extra.format}`;
    c.header('Content-Type', extra.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json');
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    c.header('Cache-Control', 'no-store');
    // Recorded when it starts as well as when it ends: an export cut short still leaves a trace.
    const detail = { format: extra.format, from: scope.from.toISOString(), to: scope.to.toISOString() };
    await recordAudit(deps, principal, {
      action: 'insight.export_started',
      target: scope.label,
      outcome: 'ok',
      detail,
    });
    return stream(c, async (out) => {
      let rows = 0;
      let cursor: ExportCursor | null = null;
      // A BOM tells spreadsheet programs the CSV is UTF-8, so Chinese reads as Chinese.
      await out.write(
        extra.format === 'csv'
          ? `\uFEFF${csvHeader}\n`
          : `{"scope":${JSON.stringify(header(scope))},"rows":[`,
      );
      do {
        const page = deps.readModel.insightPage(query, cursor, exportPage);
        if (page.rows.length > 0) {
          const body =
            extra.format === 'csv'
              ? page.rows.map((r) => `${csvLine(r)}\n`).join('')
              : page.rows.map((r, i) => `${rows + i > 0 ? ',' : ''}\n${JSON.stringify(r)}`).join('');
          rows += page.rows.length;
          await out.write(body);
        }
        cursor = page.next;
      } while (cursor && !out.aborted);
      if (extra.format === 'json') await out.write('\n]}\n');
      await recordAudit(deps, principal, {
        action: 'insight.exported',
        target: scope.label,
        outcome: out.aborted ? 'failed' : 'ok',
        detail: { ...detail, rows },
      });
    });
  });

  return app;
}

import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { EdgeRegistry } from '../fleet/index.js';
import { type OpsReadModel, parseScopeQuery, type ReadModelFeeder, resolveScope } from '../ops/index.js';
import { audited, noteAudit, type OperatorAuthDeps, type OperatorEnv, requireRole } from './operator-auth.js';

export interface OpsRouteDeps extends Pick<OperatorAuthDeps, 'audit' | 'log'> {
  edges: EdgeRegistry;
  readModel: OpsReadModel;
  feeder: ReadModelFeeder;
}

/** The dashboard's figures: KPIs and compliance alerts from the read model, and a live feed. */
export function opsRoutes(deps: OpsRouteDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const viewer = requireRole('viewer');
  const scopeOf = async (query: Record<string, string>) => {
    const parsed = parseScopeQuery(query);
    return { parsed, scope: resolveScope(parsed, await deps.edges.list()) };
  };

  app.get('/kpis', viewer, async (c) => {
    const { scope } = await scopeOf(c.req.query());
    const kpis = deps.readModel.kpis({
      ...(scope.edgeIds ? { edgeIds: scope.edgeIds } : {}),
      from: scope.from,
      to: scope.to,
      bucket: scope.bucket,
    });
    return c.json({
      scope: scope.label,
      edges: scope.edgeIds ?? null,
      from: scope.from.toISOString(),
      to: scope.to.toISOString(),
      bucket: scope.bucket,
      ...kpis,
    });
  });

  app.get('/alerts', viewer, async (c) => {
    const { parsed, scope } = await scopeOf(c.req.query());
    const alerts = deps.readModel.alerts({
      ...(scope.edgeIds ? { edgeIds: scope.edgeIds } : {}),
      limit: parsed.limit,
    });
    return c.json({ scope: scope.label, alerts });
  });

  app.get('/read-model', viewer, (c) => c.json(deps.feeder.status()));

  app.post(
    '/read-model/rebuild',
    audited(deps, 'admin', 'read_model.rebuilt', () => 'ops-read-model'),
    async (c) => {
      const result = await deps.feeder.rebuild();
      noteAudit(c, { detail: result });
      return c.json(result);
    },
  );

  // One stream per page: new alerts in the page's scope, and a note whenever events were applied.
  app.get('/events', viewer, async (c) => {
    const { scope } = await scopeOf(c.req.query());
    const inScope = scope.edgeIds ? new Set(scope.edgeIds) : undefined;
    return streamSSE(c, async (stream) => {
      let lastApplied = 0;
      let appliedTimer: ReturnType<typeof setTimeout> | undefined;
      const stopAlerts = deps.readModel.onAlert((alert) => {
        if (inScope && !inScope.has(alert.edgeId)) return;
        void stream.writeSSE({ event: 'alert', data: JSON.stringify(alert), id: alert.id });
      });
      // A busy stream applies thousands of events a second; the page needs to hear of it once a second.
      const sendApplied = () => {
        appliedTimer = undefined;
        lastApplied = Date.now();
        void stream.writeSSE({ event: 'applied', data: JSON.stringify(deps.readModel.status()) });
      };
      const stopApplied = deps.readModel.onApplied(() => {
        if (appliedTimer) return;
        appliedTimer = setTimeout(sendApplied, Math.max(0, 1000 - (Date.now() - lastApplied)));
      });
      const stop = () => {
        stopAlerts();
        stopApplied();
        if (appliedTimer) clearTimeout(appliedTimer);
      };
      stream.onAbort(stop);
      sendApplied();
      while (!stream.aborted && !stream.closed) {
        await stream.sleep(15_000);
        if (!stream.aborted) await stream.write(': keep-alive\n\n');
      }
      stop();
    });
  });

  return app;
}

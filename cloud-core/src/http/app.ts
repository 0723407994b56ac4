import type { Logger } from '@branchline/shared';
import { BranchlineError, errorHandler, notFound } from '@branchline/shared';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type ConfigRouteDeps, configRoutes } from './config-routes.js';
import { type FleetRouteDeps, fleetRoutes } from './fleet-routes.js';
import { type KnowledgeRouteDeps, knowledgeRoutes } from './knowledge-routes.js';

export interface CoreAppDeps extends FleetRouteDeps, KnowledgeRouteDeps, ConfigRouteDeps {
  log: Logger;
  isNatsConnected(): boolean;
  /** Cloud dialog tokens and cost per edge since this replica started. */
  dialogUsage(): unknown;
}

export function createCoreApp(deps: CoreAppDeps): Hono {
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  app.notFound(notFound);
  app.use(
    '*',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new BranchlineError('payload_too_large', 'the request body is larger than 1 MiB');
      },
    }),
  );
  app.get('/healthz', (c) => {
    const nats = deps.isNatsConnected();
    return c.json(
      { status: nats ? 'ok' : 'degraded', nats: nats ? 'connected' : 'disconnected' },
      nats ? 200 : 503,
    );
  });
  app.route('/v1/fleet', fleetRoutes(deps));
  app.route('/v1/knowledge', knowledgeRoutes(deps));
  app.route('/v1/config', configRoutes(deps));
  app.get('/v1/dialog/usage', (c) => c.json({ edges: deps.dialogUsage() }));
  return app;
}

import type { Logger } from '@branchline/shared';
import { BranchlineError, errorHandler, notFound } from '@branchline/shared';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AuditLog, OperatorAccounts, OperatorSessions } from '../operators/index.js';
import { dashboardPage } from '../ops/index.js';
import { overflowPage } from '../overflow/index.js';
import { authRoutes } from './auth-routes.js';
import { type ConfigRouteDeps, configRoutes } from './config-routes.js';
import { type FleetRouteDeps, fleetRoutes } from './fleet-routes.js';
import { type InsightRouteDeps, insightRoutes } from './insight-routes.js';
import { type KnowledgeRouteDeps, knowledgeRoutes } from './knowledge-routes.js';
import { authenticate, type OperatorEnv, requireRole } from './operator-auth.js';
import { auditRoutes, operatorRoutes } from './operator-routes.js';
import { type OpsRouteDeps, opsRoutes } from './ops-routes.js';
import { type OverflowRouteDeps, overflowRoutes } from './overflow-routes.js';

export interface CoreAppDeps
  extends FleetRouteDeps,
    KnowledgeRouteDeps,
    ConfigRouteDeps,
    OpsRouteDeps,
    InsightRouteDeps,
    OverflowRouteDeps {
  log: Logger;
  /** Bearer token that acts as an admin: for automation and to create the first operators. */
  adminToken: string;
  accounts: OperatorAccounts;
  sessions: OperatorSessions;
  audit: AuditLog;
  /** Session cookies are `Secure` (HTTPS only) unless turned off for plain-HTTP demos. */
  secureCookies: boolean;
  isNatsConnected(): boolean;
  /** Cloud dialog tokens and cost per edge since this replica started. */
  dialogUsage(): unknown;
}

export function createCoreApp(deps: CoreAppDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
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
  app.get('/', (c) => c.redirect('/dashboard'));
  app.route('/dashboard', dashboardPage());
  app.route('/overflow', overflowPage());
  app.use('/v1/*', authenticate(deps));
  app.route('/v1/auth', authRoutes(deps));
  app.route('/v1/operators', operatorRoutes(deps));
  app.route('/v1/audit', auditRoutes(deps));
  app.route('/v1/fleet', fleetRoutes(deps));
  app.route('/v1/knowledge', knowledgeRoutes(deps));
  app.route('/v1/config', configRoutes(deps));
  app.route('/v1/ops', opsRoutes(deps));
  app.route('/v1/insight', insightRoutes(deps));
  app.route('/v1/overflow', overflowRoutes(deps));
  app.get('/v1/dialog/usage', requireRole('viewer'), (c) => c.json({ edges: deps.dialogUsage() }));
  return app;
}

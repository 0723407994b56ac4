import { errorHandler, type Logger, notFound } from '@branchline/shared';
import { Hono } from 'hono';
import type { KnowledgeBase } from '../knowledge/index.js';
import type { Models } from '../models/index.js';
import { chatPage } from './chat-page.js';
import { type ConsoleApiDeps, consoleApi, consolePage } from './console/index.js';
import { type ConversationRouteDeps, conversationRoutes } from './conversation-routes.js';
import { knowledgeRoutes } from './knowledge-routes.js';
import { modelRoutes } from './model-routes.js';

export interface EdgeStatusReport {
  edgeId: string;
  name: string;
  labels: Record<string, string>;
  version: string;
  core: string;
  lastHeartbeatAt: string | null;
  outboxBacklog: number;
  models: Record<string, string>;
  knowledge: { snapshotId: string | null; sha256: string | null };
  /** The configuration bundle version running ('' before the first). */
  configVersion: string;
}

export function createEdgeApp(deps: {
  log: Logger;
  status(): EdgeStatusReport;
  models: Models;
  knowledge: KnowledgeBase;
  customers: ConversationRouteDeps;
  demoCustomers(): { ref: string }[];
  console?: ConsoleApiDeps;
}): Hono {
  const app = new Hono();
  app.onError(errorHandler(deps.log));
  app.notFound(notFound);
  // The edge serves its branch whether or not the core is reachable: health is about the edge.
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/v1/status', (c) => c.json(deps.status()));
  app.route(
    '/v1/models',
    modelRoutes(deps.models, () => Object.keys(deps.status().models)),
  );
  app.route('/v1/knowledge', knowledgeRoutes(deps.knowledge));
  app.route('/', conversationRoutes(deps.customers));
  app.route('/', chatPage(deps.demoCustomers));
  if (deps.console) {
    app.route('/console/api', consoleApi(deps.console));
    app.route('/console', consolePage());
  }
  return app;
}

import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BranchlineError, closeNats, connectNats, type Logger } from '@branchline/shared';
import { type ServerType, serve } from '@hono/node-server';
import type { EdgeConfig } from './config.js';
import { startHeartbeats } from './core-link/index.js';
import { openDatabase } from './db/index.js';
import { createEdgeApp } from './http/index.js';
import { type EdgeIdentity, enroll, loadIdentity, saveIdentity } from './identity/index.js';
import { loadModelsFrom, ModelRegistry, ModelStore } from './models/index.js';

import { Outbox, startPublisher } from './outbox/index.js';
import { edgeVersion } from './version.js';

export interface RunningEdge {
  identity: EdgeIdentity;
  httpPort: number;
  outbox: Outbox;
  close(): Promise<void>;
}

/** Loads the identity, or enrolls with the token; a problem here is the operator's to fix. */
async function identityFor(config: EdgeConfig, log: Logger): Promise<EdgeIdentity> {
  const dir = join(config.dataDir, 'identity');
  const existing = await loadIdentity(dir);
  if (existing) {
    if (config.enrollToken)
      log.info({ edgeId: existing.edgeId }, 'already enrolled; BRANCHLINE_ENROLL_TOKEN ignored');
    return existing;
  }
  if (!config.enrollToken) {
    throw new BranchlineError(
      'failed_precondition',
      `this edge is not enrolled (no identity in ${dir}). Create a token on the core with ` +
        '`npx branchline token create --edge <id>` and start the edge with BRANCHLINE_ENROLL_TOKEN=<token>.',
    );
  }
  const identity = await enroll(config.coreEnroll, config.coreTlsName, config.enrollToken, edgeVersion);
  await saveIdentity(dir, identity);
  log.info({ edgeId: identity.edgeId }, 'enrolled with the core');
  return identity;
}

function listen(app: ReturnType<typeof createEdgeApp>, hostname: string, port: number) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

export async function startEdge(config: EdgeConfig, rootLog: Logger): Promise<RunningEdge> {
  const identity = await identityFor(config, rootLog);
  const log = rootLog.child({ edgeId: identity.edgeId });
  const startedAt = new Date();
  const db = openDatabase(join(config.dataDir, 'edge.db'));
  const outbox = new Outbox(db, identity.edgeId);
  const store = new ModelStore(join(config.dataDir, 'models'));
  const models = new ModelRegistry(store, log.child({ component: 'models' }));
  const activeModels = config.modelsDir ? await loadModelsFrom(config.modelsDir, store, models, log) : {};
  outbox.append({ type: 'edge.started', data: { version: edgeVersion, models: activeModels } });

  const link = startHeartbeats({
    coreAddress: config.coreGrpc,
    coreTlsName: config.coreTlsName,
    identity,
    intervalMs: config.heartbeatIntervalMs,
    log: log.child({ component: 'core-link' }),
    report: () => ({
      version: edgeVersion,
      configVersion: '',
      outboxBacklog: outbox.backlog(),
      startedAt,
      load: {
        activeConversations: 0,
        waitingForAgent: 0,
        aiUtilization: 0,
        cpu: (loadavg()[0] ?? 0) / cpus().length,
      },
    }),
  });

  // NATS may be down at start: the connection waits for it in the background while the edge serves.
  const natsLog = log.child({ component: 'nats' });
  let publisher: { stop(): Promise<void> } | undefined;
  const natsReady = connectNats(config.natsUrl, `branchline-edge-${identity.edgeId}`, natsLog).then((nc) => {
    publisher = startPublisher(outbox, nc, log.child({ component: 'outbox' }));
    return nc;
  });
  natsReady.catch((error: unknown) => natsLog.error({ err: error }, 'NATS connection failed'));

  const app = createEdgeApp({
    log: log.child({ component: 'http' }),
    status: () => ({
      edgeId: identity.edgeId,
      name: identity.name,
      labels: identity.labels,
      version: edgeVersion,
      core: link.state(),
      lastHeartbeatAt: link.lastHeartbeatAt()?.toISOString() ?? null,
      outboxBacklog: outbox.backlog(),
      models: activeModels,
    }),
    models,
  });
  const http = await listen(app, config.bind, config.httpPort);
  log.info({ http: http.port, core: config.coreGrpc }, 'edge-node started');

  return {
    identity,
    httpPort: http.port,
    outbox,
    close: async () => {
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
      await link.stop();
      await publisher?.stop();
      const nc = await Promise.race([natsReady, Promise.resolve(undefined)]);
      if (nc) await closeNats(nc);
      await models.close();
      db.$client.close();
    },
  };
}

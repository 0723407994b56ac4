import type { Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  BranchlineError,
  closeNats,
  connectNats,
  defaultAiSlots,
  defaultMaxHumanWaitMs,
  type Logger,
} from '@branchline/shared';
import { type ServerType, serve } from '@hono/node-server';
import { AgentAccounts, AgentSessions, AuditLog } from './agents/accounts/index.js';
import { HandoffStore, HumanDesk, seedDemoAgents } from './agents/desk/index.js';
import { OverflowLink } from './agents/overflow/index.js';
import { AgentQueue } from './agents/queue/index.js';
import { AiSlots, BurstLink, createAdmission } from './burst/index.js';
import { activeComplianceEngine } from './compliance/index.js';
import type { EdgeConfig } from './config.js';
import { addDays, BranchConnector, localDay, openBranchSystem, seedDemoBranch } from './connector/index.js';
import { buildConversationService } from './conversation/build-service.js';
import { artifactClient, dialogClient, startHeartbeats, useCoreDomain } from './core-link/index.js';
import { openDatabase, startCheckpointer } from './db/index.js';
import { ActiveConfig, startConfigSync } from './fleet-config/index.js';
import { customerTrust } from './http/customer-trust.js';
import { createEdgeApp } from './http/index.js';
import { type EdgeIdentity, enroll, loadIdentity, saveIdentity } from './identity/index.js';
import { KnowledgeBase, startKnowledgeSync } from './knowledge/index.js';
import { loadModelsFrom, ModelStore, WorkerModelRegistry } from './models/index.js';
import { OfferEngine } from './offers/index.js';
import { OutboundCampaigns, startDemoGateway, WebhookGateway } from './outbound/index.js';
import { Outbox, startPublisher } from './outbox/index.js';
import { loadEdgeSecret } from './privacy/edge-secret.js';
import { createBranchTools } from './tools/index.js';
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
  const dbPath = join(config.dataDir, 'edge.db');
  const db = openDatabase(dbPath);
  const checkpointer = startCheckpointer(db, dbPath, log.child({ component: 'db' }));
  const outbox = new Outbox(db, identity.edgeId);
  const store = new ModelStore(join(config.dataDir, 'models'));
  const models = new WorkerModelRegistry(store, log.child({ component: 'models' }));
  const activeModels = config.modelsDir ? await loadModelsFrom(config.modelsDir, store, models, log) : {};
  outbox.append({ type: 'edge.started', data: { version: edgeVersion, models: activeModels } });
  if (!activeModels['pii-tagger'])
    log.warn('no pii-tagger model: names and addresses are found by context rules only');

  const branchDb = openBranchSystem(config.branchDb ?? join(config.dataDir, 'branch.db'));
  const demo = config.demoData ? seedDemoBranch(branchDb) : undefined;
  const connector = new BranchConnector(branchDb);
  const secret = await loadEdgeSecret(join(config.dataDir, 'identity', 'edge-secret'), config.edgeSecret);
  const dialog = dialogClient(config.coreGrpc, config.coreTlsName, identity);
  const artifacts = artifactClient(config.coreGrpc, config.coreTlsName, identity);
  const knowledge = new KnowledgeBase(db);
  // The fleet's configuration bundle for this edge; the shipped defaults until one arrives.
  const active = new ActiveConfig(db);
  // AI slots from the fleet configuration; over them, turns go to burst capacity when it is there.
  const slotLimit = () => active.current()?.capacity.aiSlots ?? defaultAiSlots;
  const slots = new AiSlots(slotLimit);
  const burstLink = config.burst
    ? new BurstLink(identity.edgeId, log.child({ component: 'burst' }))
    : undefined;
  const { service: conversations, vault } = buildConversationService({
    policy: () => active.routing(),
    dialog: { client: dialog, deadlineMs: config.dialogDeadlineMs },
    admission: createAdmission(slots, burstLink),
    compliance: activeComplianceEngine(() => active.current(), identity.labels.industry),
    offers: new OfferEngine({
      db,
      knowledge,
      connector,
      rules: () => active.current()?.offers.rules ?? [],
    }),
    ...(burstLink ? { burst: { dialog: burstLink, deadlineMs: config.burstDeadlineMs } } : {}),
    knowledge,
    db,
    outbox,
    models,
    connector,
    tools: createBranchTools(connector),
    secret,
    vaultRetentionDays: config.vaultRetentionDays,
    maxMessageChars: config.maxMessageChars,
    log: log.child({ component: 'conversation' }),
  });
  // The branch's agents: accounts, sessions and the queue live on the edge, WAN or not.
  const accounts = new AgentAccounts(db);
  const sessions = new AgentSessions(db, config.consoleSessionHours * 3_600_000);
  const audit = new AuditLog(db);
  if (config.demoData) {
    const seeded = await seedDemoAgents(accounts, config.dataDir, config.demoAgentPassword);
    log.info(
      { agents: seeded.usernames, ...(seeded.passwordFile ? { passwordFile: seeded.passwordFile } : {}) },
      'demo agents ready',
    );
  }
  const intents = () => models.card('intent')?.labels ?? [];
  const overflowLink = config.overflow
    ? new OverflowLink(identity.edgeId, log.child({ component: 'overflow' }))
    : undefined;
  const desk = new HumanDesk({
    handoffs: new HandoffStore(db),
    queue: new AgentQueue(),
    accounts,
    audit,
    outbox,
    connector,
    conversations,
    intents,
    log: log.child({ component: 'agents' }),
    ...(overflowLink
      ? {
          overflow: {
            edgeId: identity.edgeId,
            link: overflowLink,
            maxWaitMs: () => active.current()?.capacity.maxHumanWaitMs ?? defaultMaxHumanWaitMs,
            reclaimAfterMs: config.overflowReclaimMs,
          },
        }
      : {}),
  });
  conversations.useHumanSide(desk);
  // Outbound reminders go through the branch's own gateway: names and numbers never leave it.
  const demoGateway =
    config.outboundGatewayUrl === 'demo'
      ? await startDemoGateway({ logFile: join(config.dataDir, 'outbound-demo.jsonl') })
      : undefined;
  const gatewayUrl = demoGateway?.url ?? config.outboundGatewayUrl;
  const outbound = new OutboundCampaigns({
    db,
    connector,
    outbox,
    gateway: gatewayUrl ? new WebhookGateway(gatewayUrl) : undefined,
    campaigns: () => active.current()?.outbound.campaigns ?? [],
    branch: identity.name,
    log: log.child({ component: 'outbound' }),
  });
  outbound.start(config.outboundTickMs);
  conversations.alsoErase((customerRef) => outbound.eraseCustomer(customerRef));

  const purge = () => {
    sessions.purgeExpired();
    const erased = vault.purgeExpired();
    if (erased > 0) log.info({ erased }, 'vault entries past retention erased');
    // Settled reminders whose due date is 90 days gone have nothing left to say.
    const pruned = outbound.prune(addDays(localDay(), -90));
    if (pruned > 0) log.info({ pruned }, 'outbound contacts past their due dates pruned');
  };
  purge();
  const purgeTimer = setInterval(purge, 3_600_000);
  purgeTimer.unref();

  const link = startHeartbeats({
    coreAddress: config.coreGrpc,
    coreTlsName: config.coreTlsName,
    identity,
    intervalMs: config.heartbeatIntervalMs,
    log: log.child({ component: 'core-link' }),
    report: () => ({
      version: edgeVersion,
      configVersion: active.version(),
      outboxBacklog: outbox.backlog(),
      startedAt,
      load: {
        activeConversations: 0,
        waitingForAgent: desk.waitingCount(),
        aiUtilization: slots.utilization(),
        cpu: (loadavg()[0] ?? 0) / cpus().length,
      },
    }),
  });

  // NATS may be down at start: the connection waits for it in the background while the edge serves.
  const natsLog = log.child({ component: 'nats' });
  let publisher: { stop(): Promise<void> } | undefined;
  let knowledgeSync: { stop(): Promise<void> } | undefined;
  let configSync: { stop(): Promise<void> } | undefined;
  const natsReady = connectNats(config.natsUrl, `branchline-edge-${identity.edgeId}`, natsLog).then(
    (conn) => {
      const nc = useCoreDomain(conn, config.jetstreamDomain);
      publisher = startPublisher(outbox, nc, log.child({ component: 'outbox' }));
      knowledgeSync = startKnowledgeSync({
        nc,
        edgeId: identity.edgeId,
        knowledge,
        artifacts,
        dir: join(config.dataDir, 'artifacts', 'knowledge'),
        outbox,
        log: log.child({ component: 'knowledge' }),
      });
      configSync = startConfigSync({
        nc,
        edgeId: identity.edgeId,
        active,
        models: () => activeModels,
        outbox,
        log: log.child({ component: 'config' }),
      });
      burstLink
        ?.attach(nc)
        .catch((error: unknown) => log.error({ err: error }, 'burst capacity could not be attached'));
      void overflowLink?.attach(nc);
      return nc;
    },
  );
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
      knowledge: { snapshotId: knowledge.snapshotId(), sha256: knowledge.installedSha256() },
      configVersion: active.version(),
      aiSlots: { limit: slotLimit(), inFlight: slots.inFlight(), waiting: slots.waiting() },
      burst: burstLink ? { available: burstLink.available(), ...burstLink.stats() } : null,
      overflow: overflowLink
        ? {
            connected: overflowLink.connected(),
            offered: desk.overflow?.offered() ?? 0,
            unwritten: overflowLink.backlog(),
          }
        : null,
    }),
    models,
    knowledge,
    customers: {
      conversations,
      limits: {
        perIpPerMinute: config.rateLimitPerIp,
        perConversationPerMinute: config.rateLimitPerConversation,
      },
      // Room for the longest message in 4-byte characters, JSON-escaped, plus the envelope.
      maxBodyBytes: config.maxMessageChars * 12 + 1024,
      trust: customerTrust(config.channelToken, config.demoData),
    },
    demoCustomers: () => demo?.customers.map((c) => ({ ref: c.ref })) ?? [],
    console: {
      accounts,
      sessions,
      audit,
      desk,
      conversations,
      connector,
      knowledge,
      intents,
      branch: identity.name,
      outbound: {
        campaigns: outbound,
        configured: () => active.current()?.outbound.campaigns ?? [],
        gatewayConfigured: gatewayUrl !== undefined,
      },
      secureCookies: config.consoleSecureCookies,
      sessionMs: config.consoleSessionHours * 3_600_000,
    },
  });
  const http = await listen(app, config.bind, config.httpPort);
  void conversations
    .recoverPending()
    .catch((error: unknown) => log.error({ err: error }, 'answering turns from before the restart failed'));
  log.info({ http: http.port, core: config.coreGrpc }, 'edge-node started');

  return {
    identity,
    httpPort: http.port,
    outbox,
    close: async () => {
      // Live streams (SSE) never end on their own: requests in flight get two seconds, then
      // every connection is closed. Turns cut off here are on disk and answered on restart.
      const server = http.server as Server;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(grace);
      await link.stop();
      await knowledgeSync?.stop();
      await configSync?.stop();
      await publisher?.stop();
      burstLink?.close();
      overflowLink?.close();
      const nc = await Promise.race([natsReady, Promise.resolve(undefined)]);
      if (nc) await closeNats(nc);
      clearInterval(purgeTimer);
      await outbound.stop();
      await demoGateway?.close();
      desk.stop();
      dialog.close();
      artifacts.close();
      await models.close();
      await checkpointer.stop();
      db.$client.close();
      branchDb.$client.close();
    },
  };
}

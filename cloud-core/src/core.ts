import { join } from 'node:path';
import { closeNats, connectNats, type Logger, natsLinkUp } from '@branchline/shared';
import { type ServerType, serve } from '@hono/node-server';
import { jetstream } from '@nats-io/jetstream';
import { loadOrCreateAdminToken } from './admin-token.js';
import { ArtifactStore, artifactService } from './artifacts/index.js';
import { ensureBurstQueue } from './burst/index.js';
import type { CoreConfig } from './config.js';
import {
  createAnthropicClient,
  dialogService,
  publishDialogUsage,
  runDialog,
  UsageMeter,
} from './dialog/index.js';
import { EdgeRegistry, enrollmentService, fleetService, TokenStore } from './fleet/index.js';
import {
  BundleStore,
  defaultBundleVersion,
  RolloutStore,
  startRolloutController,
} from './fleet-config/index.js';
import { startGrpcServers } from './grpc/index.js';
import { createCoreApp } from './http/index.js';
import { loadTaxonomy } from './insight/index.js';
import { ArticleStore, startSnapshotPublisher } from './knowledge/index.js';
import { ensureStreams } from './nats/index.js';
import { AuditLog, OperatorAccounts, OperatorSessions, seedDemoOperators } from './operators/index.js';
import { OpsReadModel, startReadModelFeeder } from './ops/index.js';
import { OverflowBoard } from './overflow/index.js';
import { issueServerCertificate, loadOrCreateCa } from './pki/index.js';

export interface RunningCore {
  httpPort: number;
  grpcPort: number;
  enrollPort: number;
  caFingerprint: string;
  adminToken: string;
  close(): Promise<void>;
}

function listen(
  app: ReturnType<typeof createCoreApp>,
  hostname: string,
  port: number,
): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

export async function startCore(config: CoreConfig, log: Logger): Promise<RunningCore> {
  const ca = await loadOrCreateCa(join(config.dataDir, 'ca'), log.child({ component: 'pki' }));
  const adminToken = await loadOrCreateAdminToken(config.dataDir, config.adminToken);
  const nc = await connectNats(config.natsUrl, 'branchline-core', log.child({ component: 'nats' }));
  const sessionMs = Math.round(config.sessionHours * 3_600_000);
  const streams = await ensureStreams(nc, { sessionMs, replicas: config.jetstreamReplicas });
  const js = jetstream(nc);
  await ensureBurstQueue(streams.jsm, config.jetstreamReplicas);
  const edges = new EdgeRegistry(streams.edges, streams.jsm);
  const tokens = new TokenStore(streams.tokens, ca.fingerprint);
  const fleetLog = log.child({ component: 'fleet' });
  const articles = new ArticleStore(streams.articles);
  const artifacts = new ArtifactStore(streams.artifacts);
  const snapshots = startSnapshotPublisher({
    articles,
    articlesKv: streams.articles,
    edgesKv: streams.edges,
    edges,
    edgeConfig: streams.edgeConfig,
    artifacts,
    log: log.child({ component: 'knowledge' }),
    unassignedGraceMs: config.snapshotGraceSeconds * 1000,
  });

  // Configuration bundles and staged rollouts; "default" is where a rollback of a fresh edge goes.
  const bundles = new BundleStore(streams.bundles);
  await bundles.put({
    format: 'branchline-config/1',
    version: defaultBundleVersion,
    description: 'the shipped defaults',
  });
  const rolloutDeps = {
    bundles,
    edges,
    edgeConfig: streams.edgeConfig,
    rollouts: new RolloutStore(streams.rollouts),
    js,
    jsm: streams.jsm,
    log: log.child({ component: 'rollouts' }),
  };
  const rolloutController = startRolloutController(rolloutDeps, config.rolloutTickMs);

  // Operators sign in with a role; every change anyone makes is in the audit log.
  const accounts = new OperatorAccounts(streams.operators);
  const sessions = new OperatorSessions(streams.operatorSessions, sessionMs);
  const audit = new AuditLog(js, streams.jsm);
  if (config.demoOperators) {
    const seeded = await seedDemoOperators(accounts, audit, config.dataDir, config.demoOperatorPassword);
    log.info({ operators: seeded }, 'demo operators ready');
  }

  // The dashboard's figures: this replica's own SQLite read model, fed from the events stream
  // (on a fresh data dir it rebuilds from the whole stream).
  const opsLog = log.child({ component: 'ops' });
  // A new taxonomy empties the model, which then re-mines the whole stream under it.
  const taxonomy = loadTaxonomy(config.insightTaxonomy);
  opsLog.info({ source: taxonomy.source, fingerprint: taxonomy.fingerprint }, 'insight taxonomy');
  const readModel = new OpsReadModel(join(config.dataDir, 'ops-read-model.sqlite'), {
    log: opsLog,
    taxonomy,
  });
  const feeder = startReadModelFeeder({ js, jsm: streams.jsm, model: readModel, log: opsLog });

  // Conversations branches offer to central overflow agents, watched from the edges' bucket.
  const overflow = new OverflowBoard(streams.overflow, log.child({ component: 'overflow' }));
  overflow.start();

  const serving = await issueServerCertificate(ca, config.tlsHostnames);
  const dialogLog = log.child({ component: 'dialog' });
  // Without ANTHROPIC_API_KEY the dialog runs on the offline responder, and its answers say so.
  const llm = createAnthropicClient(process.env);
  const usage = new UsageMeter();
  if (!llm)
    dialogLog.warn(
      'ANTHROPIC_API_KEY is not set: the cloud dialog answers offline, from cited passages only',
    );
  const grpc = await startGrpcServers(config.bind, config, ca, serving, {
    enrollment: enrollmentService({
      ca,
      tokens,
      edges,
      certificateValidityDays: config.certificateValidityDays,
      log: fleetLog,
    }),
    fleet: fleetService({ edges, intervalMs: config.heartbeatIntervalMs, log: fleetLog }),
    artifacts: artifactService({ artifacts, edges, log: log.child({ component: 'artifacts' }) }),
    dialog: dialogService({
      log: dialogLog,
      run: async (turn, io) => {
        const answer = await runDialog(turn, io, {
          client: llm,
          model: config.llmModel,
          deadlineMs: config.dialogDeadlineMs,
          log: dialogLog.child({ edgeId: turn.edgeId, conversationId: turn.conversationId }),
        });
        usage.record(turn.edgeId, config.llmModel, answer.usage);
        publishDialogUsage(js, dialogLog, turn, config.llmModel, answer.usage, answer.offline);
        return answer;
      },
    }),
  });

  const app = createCoreApp({
    log: log.child({ component: 'http' }),
    edges,
    tokens,
    articles,
    bundles,
    edgeConfig: streams.edgeConfig,
    rollout: rolloutDeps,
    jsm: streams.jsm,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    adminToken,
    accounts,
    sessions,
    audit,
    secureCookies: config.secureCookies,
    caFingerprint: ca.fingerprint,
    isNatsConnected: () => natsLinkUp(nc),
    dialogUsage: () => usage.snapshot(),
    readModel,
    feeder,
    overflow,
    nc,
  });
  const http = await listen(app, config.bind, config.httpPort);
  log.info(
    { http: http.port, grpc: grpc.grpcPort, enroll: grpc.enrollPort, caFingerprint: ca.fingerprint },
    'cloud-core started',
  );

  return {
    httpPort: http.port,
    grpcPort: grpc.grpcPort,
    enrollPort: grpc.enrollPort,
    caFingerprint: ca.fingerprint,
    adminToken,
    close: async () => {
      await grpc.close();
      await snapshots.stop();
      await rolloutController.stop();
      await feeder.stop();
      await overflow.stop();
      readModel.close();
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
      await closeNats(nc);
    },
  };
}

import { type EnvMapping, hostPortSchema, loadConfig, portSchema } from '@branchline/shared';
import { z } from 'zod';

export const edgeConfigSchema = z.object({
  bind: z.string().min(1).default('127.0.0.1'),
  httpPort: portSchema.default(8081),
  dataDir: z.string().min(1).default('.branchline/edge'),
  /** The core's mTLS gRPC address. */
  coreGrpc: hostPortSchema.default('127.0.0.1:50051'),
  /** The core's enrollment address (server TLS only), used once. */
  coreEnroll: hostPortSchema.default('127.0.0.1:50052'),
  /** The name in the core's serving certificate; edges check it whatever address they dial. */
  coreTlsName: z.string().min(1).default('branchline-core'),
  natsUrl: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** One-time token from `branchline token create`; ignored once the edge has enrolled. */
  enrollToken: z.string().optional(),
  heartbeatIntervalMs: z.coerce.number().int().min(200).max(300_000).default(5000),
  /** A folder of trained models, one sub-folder per task (intent/, sentiment/, ...), loaded at start. */
  modelsDir: z.string().optional(),
  /** Base64 secret (>= 32 bytes) the vault key derives from; else a file the edge creates in its data dir. */
  edgeSecret: z.string().optional(),
  /** Days the vault keeps personal data before erasing it. */
  vaultRetentionDays: z.coerce.number().positive().max(3650).default(30),
  /** Longest customer message, in characters; longer ones get 413. */
  maxMessageChars: z.coerce.number().int().min(10).max(100_000).default(2000),
  rateLimitPerIp: z.coerce.number().int().min(1).default(300),
  rateLimitPerConversation: z.coerce.number().int().min(1).default(30),
  /** Token of the channel gateway that verifies customers; required to pass a customerRef. */
  channelToken: z.string().min(16, 'use at least 16 characters').optional(),
  /** The branch system's SQLite file (the demo connector); default `<data dir>/branch.db`. */
  branchDb: z.string().optional(),
  /** Longest the edge waits for a cloud dialog answer before telling the customer it is unavailable. */
  dialogDeadlineMs: z.coerce.number().int().min(1000).max(120_000).default(25_000),
  /** Send AI turns the branch has no slot for to burst capacity (the core's burst workers). */
  burst: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /**
   * Offer conversations the branch's agents cannot take within the fleet's `capacity.maxHumanWaitMs`
   * to the core's central overflow agents.
   */
  overflow: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /**
   * The branch's SMS gateway or autodialer for outbound reminders (POST per attempt), or `demo`
   * for a loopback stand-in that logs to `<data dir>/outbound-demo.jsonl`. Unset: campaigns
   * find who is due and contact no one.
   */
  outboundGatewayUrl: z
    .string()
    .regex(/^(demo|https?:\/\/.+)$/, 'an http(s) URL, or demo')
    .optional(),
  /** How often outbound campaigns look for customers to contact. */
  outboundTickMs: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  /** How long the WAN may be down before conversations central agents have come back to the branch. */
  overflowReclaimMs: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  /**
   * The hub's JetStream domain, when the edge connects to its branch's leaf nats-server (which has
   * a domain of its own) rather than to the hub: `cloud` with deploy/nats.
   */
  jetstreamDomain: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
    .optional(),
  /** Longest a turn waits on burst capacity before the edge serves it itself. */
  burstDeadlineMs: z.coerce.number().int().min(1000).max(120_000).default(30_000),
  /** Password of the demo agents (`npm start`); else one is generated into the data dir. */
  demoAgentPassword: z.string().min(8, 'use at least 8 characters').optional(),
  /** Console session cookies are `Secure` (HTTPS only) unless turned off for plain-HTTP demos. */
  consoleSecureCookies: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Hours a console sign-in lasts. */
  consoleSessionHours: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Seed demo customers and orders into the branch system and trust the demo chat page. */
  demoData: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type EdgeConfig = z.infer<typeof edgeConfigSchema>;

export const edgeEnv: EnvMapping<EdgeConfig> = {
  bind: 'BRANCHLINE_EDGE_BIND',
  httpPort: 'BRANCHLINE_EDGE_HTTP_PORT',
  dataDir: 'BRANCHLINE_EDGE_DATA_DIR',
  coreGrpc: 'BRANCHLINE_CORE_GRPC',
  coreEnroll: 'BRANCHLINE_CORE_ENROLL',
  coreTlsName: 'BRANCHLINE_CORE_TLS_NAME',
  natsUrl: 'BRANCHLINE_NATS_URL',
  enrollToken: 'BRANCHLINE_ENROLL_TOKEN',
  heartbeatIntervalMs: 'BRANCHLINE_HEARTBEAT_INTERVAL_MS',
  modelsDir: 'BRANCHLINE_EDGE_MODELS',
  edgeSecret: 'BRANCHLINE_EDGE_SECRET',
  vaultRetentionDays: 'BRANCHLINE_VAULT_RETENTION_DAYS',
  maxMessageChars: 'BRANCHLINE_MAX_MESSAGE_CHARS',
  rateLimitPerIp: 'BRANCHLINE_RATE_LIMIT_PER_IP',
  rateLimitPerConversation: 'BRANCHLINE_RATE_LIMIT_PER_CONVERSATION',
  channelToken: 'BRANCHLINE_CHANNEL_TOKEN',
  branchDb: 'BRANCHLINE_BRANCH_DB',
  demoData: 'BRANCHLINE_DEMO_DATA',
  demoAgentPassword: 'BRANCHLINE_DEMO_AGENT_PASSWORD',
  consoleSecureCookies: 'BRANCHLINE_CONSOLE_SECURE_COOKIES',
  consoleSessionHours: 'BRANCHLINE_CONSOLE_SESSION_HOURS',
  dialogDeadlineMs: 'BRANCHLINE_EDGE_DIALOG_DEADLINE_MS',
  burst: 'BRANCHLINE_BURST',
  burstDeadlineMs: 'BRANCHLINE_BURST_DEADLINE_MS',
  overflow: 'BRANCHLINE_OVERFLOW',
  overflowReclaimMs: 'BRANCHLINE_OVERFLOW_RECLAIM_MS',
  outboundGatewayUrl: 'BRANCHLINE_OUTBOUND_GATEWAY_URL',
  outboundTickMs: 'BRANCHLINE_OUTBOUND_TICK_MS',
  jetstreamDomain: 'BRANCHLINE_JETSTREAM_DOMAIN',
};

export function loadEdgeConfig(
  env: NodeJS.ProcessEnv,
  overrides: Partial<z.input<typeof edgeConfigSchema>> = {},
) {
  return loadConfig(edgeConfigSchema, edgeEnv, env, overrides);
}

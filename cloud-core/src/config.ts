import { type EnvMapping, loadConfig, portSchema } from '@branchline/shared';
import { z } from 'zod';
import { DEFAULT_DIALOG_MODEL } from './dialog/run-dialog.js';

const listSchema = z.union([z.string(), z.array(z.string())]).transform((v) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : v,
);

export const coreConfigSchema = z.object({
  /** Address every listener binds; 0.0.0.0 to accept edges from other hosts. */
  bind: z.string().min(1).default('127.0.0.1'),
  httpPort: portSchema.default(8080),
  grpcPort: portSchema.default(50051),
  enrollPort: portSchema.default(50052),
  natsUrl: z.string().min(1).default('nats://127.0.0.1:4222'),
  dataDir: z.string().min(1).default('.branchline/core'),
  /** Extra names and IPs for the serving certificate, as edges address the core. */
  tlsHostnames: listSchema.default([]),
  /** Bearer token for the operator API; created in the data dir on first start when unset. */
  adminToken: z.string().min(24, 'must be at least 24 characters').optional(),
  heartbeatIntervalMs: z.coerce.number().int().min(200).max(300_000).default(5000),
  certificateValidityDays: z.coerce.number().int().min(1).max(3650).default(365),
  /** The Claude model of the cloud dialog (used when ANTHROPIC_API_KEY is set). */
  llmModel: z.string().min(1).default(DEFAULT_DIALOG_MODEL),
  /** Longest a cloud dialog turn may take before the edge is told to hand off. */
  dialogDeadlineMs: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  /** Copies of each JetStream stream and bucket the core keeps (3 on a 3-node cluster). */
  jetstreamReplicas: z.coerce.number().int().min(1).max(5).default(1),
  /** How often running rollouts are judged and advanced. */
  rolloutTickMs: z.coerce.number().int().min(200).max(60_000).default(2000),
  /** Operator session cookies are `Secure` (HTTPS only) unless turned off for plain-HTTP demos. */
  secureCookies: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  /** Hours an operator sign-in lasts. */
  sessionHours: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Create the demo operators `ops.admin` and `ops.viewer` at start (the all-in-one). */
  demoOperators: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Password of the demo operators; else one is generated into the data dir. */
  demoOperatorPassword: z.string().min(12, 'use at least 12 characters').optional(),
  /** A JSON file of insight themes and products; the built-in zh/en taxonomy when not set. */
  insightTaxonomy: z.string().min(1).optional(),
  /** How long a knowledge snapshot no edge is assigned stays in the object store. */
  snapshotGraceSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(3600),
});

export type CoreConfig = z.infer<typeof coreConfigSchema>;

export const coreEnv: EnvMapping<CoreConfig> = {
  bind: 'BRANCHLINE_CORE_BIND',
  httpPort: 'BRANCHLINE_CORE_HTTP_PORT',
  grpcPort: 'BRANCHLINE_CORE_GRPC_PORT',
  enrollPort: 'BRANCHLINE_CORE_ENROLL_PORT',
  natsUrl: 'BRANCHLINE_NATS_URL',
  dataDir: 'BRANCHLINE_CORE_DATA_DIR',
  tlsHostnames: 'BRANCHLINE_CORE_TLS_HOSTNAMES',
  adminToken: 'BRANCHLINE_ADMIN_TOKEN',
  heartbeatIntervalMs: 'BRANCHLINE_HEARTBEAT_INTERVAL_MS',
  llmModel: 'BRANCHLINE_LLM_MODEL',
  dialogDeadlineMs: 'BRANCHLINE_DIALOG_DEADLINE_MS',
  snapshotGraceSeconds: 'BRANCHLINE_KB_SNAPSHOT_GRACE_SECONDS',
  rolloutTickMs: 'BRANCHLINE_ROLLOUT_TICK_MS',
  jetstreamReplicas: 'BRANCHLINE_JETSTREAM_REPLICAS',
  certificateValidityDays: 'BRANCHLINE_CERT_VALIDITY_DAYS',
  secureCookies: 'BRANCHLINE_CORE_SECURE_COOKIES',
  sessionHours: 'BRANCHLINE_CORE_SESSION_HOURS',
  demoOperators: 'BRANCHLINE_DEMO_OPERATORS',
  demoOperatorPassword: 'BRANCHLINE_DEMO_OPERATOR_PASSWORD',
  insightTaxonomy: 'BRANCHLINE_INSIGHT_TAXONOMY',
};

export function loadCoreConfig(
  env: NodeJS.ProcessEnv,
  overrides: Partial<z.input<typeof coreConfigSchema>> = {},
) {
  return loadConfig(coreConfigSchema, coreEnv, env, overrides);
}

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
};

export function loadEdgeConfig(
  env: NodeJS.ProcessEnv,
  overrides: Partial<z.input<typeof edgeConfigSchema>> = {},
) {
  return loadConfig(edgeConfigSchema, edgeEnv, env, overrides);
}

import { hostname } from 'node:os';
import { type EnvMapping, loadConfig } from '@branchline/shared';
import { z } from 'zod';
import { DEFAULT_DIALOG_MODEL } from '../dialog/index.js';

export const burstWorkerConfigSchema = z.object({
  natsUrl: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** Turns one worker process answers at once; each mostly waits on the model. */
  concurrency: z.coerce.number().int().min(1).max(256).default(16),
  /** Names the worker in logs and answers; unique per process. */
  workerId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,80}$/)
    .default(`${hostname()}-${process.pid}`),
  llmModel: z.string().min(1).default(DEFAULT_DIALOG_MODEL),
  /** Longest one turn may take, whatever the edge's own deadline. */
  dialogDeadlineMs: z.coerce.number().int().min(1000).max(120_000).default(20_000),
});
export type BurstWorkerConfig = z.infer<typeof burstWorkerConfigSchema>;

export const burstWorkerEnv: EnvMapping<BurstWorkerConfig> = {
  natsUrl: 'BRANCHLINE_NATS_URL',
  concurrency: 'BRANCHLINE_BURST_CONCURRENCY',
  workerId: 'BRANCHLINE_BURST_WORKER_ID',
  llmModel: 'BRANCHLINE_LLM_MODEL',
  dialogDeadlineMs: 'BRANCHLINE_DIALOG_DEADLINE_MS',
};

export function loadBurstWorkerConfig(
  env: NodeJS.ProcessEnv,
  overrides: Partial<z.input<typeof burstWorkerConfigSchema>> = {},
) {
  return loadConfig(burstWorkerConfigSchema, burstWorkerEnv, env, overrides);
}

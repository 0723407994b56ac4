import { z } from 'zod';
import type { HealthStats } from './edge-health.js';

export const rolloutRequestSchema = z.object({
  version: z.string().min(1),
  selector: z.string().default(''),
  /** Share of the targeted edges that get the bundle first (at least one edge). */
  canaryShare: z.number().gt(0).max(1).default(0.1),
  /** How long the canaries run before the rest get it, if they stay healthy. */
  waitSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(600),
  /** Canary turns needed before their hand-off rate is judged at all. */
  minTurns: z.number().int().min(1).default(20),
  /** Roll back when the canaries hand off this much more often than the rest (0.15 = 15 points). */
  maxHandoffRateIncrease: z.number().min(0).max(1).default(0.15),
  maxErrorRateIncrease: z.number().min(0).max(1).default(0.1),
});
export type RolloutRequest = z.infer<typeof rolloutRequestSchema>;

export type RolloutPhase = 'canary' | 'complete' | 'rolled_back' | 'stopped';

export interface Rollout extends RolloutRequest {
  id: string;
  phase: RolloutPhase;
  canaries: string[];
  rest: string[];
  /** The version each targeted edge ran before, to roll back to ('' = the shipped defaults). */
  previous: Record<string, string>;
  startedAt: string;
  finishedAt: string | null;
  reason: string | null;
  health: { canary: HealthStats; baseline: HealthStats; at: string } | null;
}

import { BranchlineError, edgeNameSchema, jsonBody, labelsSchema } from '@branchline/shared';
import type { JetStreamManager } from '@nats-io/jetstream';
import { Hono } from 'hono';
import { z } from 'zod';
import { type EdgeRegistry, listFleet, type TokenStore } from '../fleet/index.js';
import { requireAdmin } from './admin-auth.js';

const createTokenSchema = z.object({
  edgeId: edgeNameSchema,
  name: z.string().trim().min(1).max(120).optional(),
  labels: labelsSchema.default({}),
  /** How long the token can be used; a day by default, a week at most. */
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
});

export interface FleetRouteDeps {
  edges: EdgeRegistry;
  tokens: TokenStore;
  jsm: JetStreamManager;
  heartbeatIntervalMs: number;
  adminToken: string;
  caFingerprint: string;
}

export function fleetRoutes(deps: FleetRouteDeps): Hono {
  const app = new Hono();

  app.get('/edges', async (c) => {
    const edges = await listFleet(deps.edges, deps.jsm, deps.heartbeatIntervalMs);
    return c.json({ edges });
  });

  app.get('/ca', (c) => c.json({ fingerprint: deps.caFingerprint }));

  app.post('/enrollment-tokens', requireAdmin(deps.adminToken), async (c) => {
    const parsed = createTokenSchema.safeParse(await jsonBody(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BranchlineError('invalid_argument', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
    }
    const { edgeId, name, labels, ttlSeconds } = parsed.data;
    const { token, record } = await deps.tokens.create({
      edgeId,
      name: name ?? edgeId,
      labels,
      ttlMs: ttlSeconds * 1000,
    });
    return c.json({ token, edgeId, name: record.name, labels, expiresAt: record.expiresAt }, 201);
  });

  return app;
}

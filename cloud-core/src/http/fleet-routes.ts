import type { Logger } from '@branchline/shared';
import { BranchlineError, edgeNameSchema, jsonBody, labelsSchema } from '@branchline/shared';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Hono } from 'hono';
import { z } from 'zod';
import { type EdgeRegistry, listFleet, type TokenStore, withDrift } from '../fleet/index.js';
import type { AuditLog } from '../operators/index.js';
import { audited, noteAudit, type OperatorEnv, requireRole } from './operator-auth.js';

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
  caFingerprint: string;
  /** Where each edge's assigned bundle is, to tell drift. */
  edgeConfig: KV;
  audit: Pick<AuditLog, 'record'>;
  log: Logger;
}

/** The fleet: viewers read it, admins decide which edges may join (the CA fingerprint is public). */
export function fleetRoutes(deps: FleetRouteDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();

  app.get('/edges', requireRole('viewer'), async (c) => {
    const edges = await listFleet(deps.edges, deps.jsm, deps.heartbeatIntervalMs);
    return c.json({ edges: await withDrift(edges, deps.edgeConfig) });
  });

  app.get('/ca', (c) => c.json({ fingerprint: deps.caFingerprint }));

  app.post('/enrollment-tokens', audited(deps, 'admin', 'enrollment_token.created'), async (c) => {
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
    noteAudit(c, {
      target: edgeId,
      detail: { ref: record.id, name: record.name, labels, expiresAt: record.expiresAt },
    });
    return c.json({ token, edgeId, name: record.name, labels, expiresAt: record.expiresAt }, 201);
  });

  return app;
}

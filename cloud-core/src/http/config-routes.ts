import type { Logger } from '@branchline/shared';
import { BranchlineError, jsonBody } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import { Hono } from 'hono';
import { z } from 'zod';
import type { EdgeRegistry } from '../fleet/index.js';
import {
  type BundleStore,
  deployBundle,
  parseSelector,
  type RolloutDeps,
  rollBackRollout,
  startRollout,
} from '../fleet-config/index.js';
import type { AuditLog } from '../operators/index.js';
import { audited, noteAudit, type OperatorEnv, requireRole } from './operator-auth.js';

export interface ConfigRouteDeps {
  bundles: BundleStore;
  edges: EdgeRegistry;
  edgeConfig: KV;
  rollout: RolloutDeps;
  audit: Pick<AuditLog, 'record'>;
  log: Logger;
}

const deploySchema = z.object({ version: z.string().min(1), selector: z.string().default('') });

/** Configuration bundles and rollouts: viewers read, operators store, deploy and roll out. */
export function configRoutes(deps: ConfigRouteDeps): Hono<OperatorEnv> {
  const app = new Hono<OperatorEnv>();
  const viewer = requireRole('viewer');

  app.get('/bundles', viewer, async (c) =>
    c.json({
      bundles: (await deps.bundles.list()).map(({ bundle, storedAt }) => ({
        version: bundle.version,
        description: bundle.description,
        storedAt: storedAt.toISOString(),
      })),
    }),
  );

  app.get('/bundles/:version', viewer, async (c) => {
    const stored = await deps.bundles.get(c.req.param('version'));
    if (!stored) throw new BranchlineError('not_found', `no bundle ${c.req.param('version')}`);
    return c.json(stored.bundle);
  });

  app.put(
    '/bundles/:version',
    audited(deps, 'operator', 'bundle.stored', (c) => c.req.param('version') ?? ''),
    async (c) => {
      const body = (await jsonBody(c)) as Record<string, unknown>;
      const version = c.req.param('version');
      if (body.version !== undefined && body.version !== version)
        throw new BranchlineError(
          'invalid_argument',
          `version: the body says ${String(body.version)}, the path ${version}`,
        );
      const { bundle, created } = await deps.bundles.put({ format: 'branchline-config/1', ...body, version });
      noteAudit(c, { detail: { created, description: bundle.description } });
      return c.json(bundle, created ? 201 : 200);
    },
  );

  app.post('/deploy', audited(deps, 'operator', 'bundle.deployed'), async (c) => {
    const parsed = deploySchema.safeParse(await jsonBody(c));
    if (!parsed.success)
      throw new BranchlineError(
        'invalid_argument',
        `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      );
    const selector = parseSelector(parsed.data.selector);
    const edges = await deployBundle(deps, parsed.data.version, selector);
    noteAudit(c, { target: parsed.data.version, detail: { selector: parsed.data.selector, edges } });
    return c.json({ version: parsed.data.version, selector, edges });
  });

  app.get('/rollouts', viewer, async (c) => c.json({ rollouts: await deps.rollout.rollouts.list() }));

  app.get('/rollouts/:id', viewer, async (c) => {
    const found = await deps.rollout.rollouts.get(c.req.param('id'));
    if (!found) throw new BranchlineError('not_found', `no rollout ${c.req.param('id')}`);
    return c.json(found.rollout);
  });

  app.post('/rollouts', audited(deps, 'operator', 'rollout.started'), async (c) => {
    const rollout = await startRollout(deps.rollout, await jsonBody(c));
    noteAudit(c, {
      target: rollout.id,
      detail: { version: rollout.version, selector: rollout.selector, canaries: rollout.canaries },
    });
    return c.json(rollout, 201);
  });

  app.post(
    '/rollouts/:id/rollback',
    audited(deps, 'operator', 'rollout.rolled_back', (c) => c.req.param('id') ?? ''),
    async (c) => {
      const rollout = await rollBackRollout(deps.rollout, c.req.param('id'));
      noteAudit(c, { detail: { version: rollout.version, phase: rollout.phase } });
      return c.json(rollout);
    },
  );

  return app;
}

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
import { requireAdmin } from './admin-auth.js';

export interface ConfigRouteDeps {
  bundles: BundleStore;
  edges: EdgeRegistry;
  edgeConfig: KV;
  rollout: RolloutDeps;
  adminToken: string;
}

const deploySchema = z.object({ version: z.string().min(1), selector: z.string().default('') });

/** Configuration bundles: anyone on the operator network reads, the admin token writes and deploys. */
export function configRoutes(deps: ConfigRouteDeps): Hono {
  const app = new Hono();
  const admin = requireAdmin(deps.adminToken);

  app.get('/bundles', async (c) =>
    c.json({
      bundles: (await deps.bundles.list()).map(({ bundle, storedAt }) => ({
        version: bundle.version,
        description: bundle.description,
        storedAt: storedAt.toISOString(),
      })),
    }),
  );

  app.get('/bundles/:version', async (c) => {
    const stored = await deps.bundles.get(c.req.param('version'));
    if (!stored) throw new BranchlineError('not_found', `no bundle ${c.req.param('version')}`);
    return c.json(stored.bundle);
  });

  app.put('/bundles/:version', admin, async (c) => {
    const body = (await jsonBody(c)) as Record<string, unknown>;
    const version = c.req.param('version');
    if (body.version !== undefined && body.version !== version)
      throw new BranchlineError(
        'invalid_argument',
        `version: the body says ${String(body.version)}, the path ${version}`,
      );
    const { bundle, created } = await deps.bundles.put({ format: 'branchline-config/1', ...body, version });
    return c.json(bundle, created ? 201 : 200);
  });

  app.post('/deploy', admin, async (c) => {
    const parsed = deploySchema.safeParse(await jsonBody(c));
    if (!parsed.success)
      throw new BranchlineError(
        'invalid_argument',
        `${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      );
    const selector = parseSelector(parsed.data.selector);
    const edges = await deployBundle(deps, parsed.data.version, selector);
    return c.json({ version: parsed.data.version, selector, edges });
  });

  app.get('/rollouts', async (c) => c.json({ rollouts: await deps.rollout.rollouts.list() }));

  app.get('/rollouts/:id', async (c) => {
    const found = await deps.rollout.rollouts.get(c.req.param('id'));
    if (!found) throw new BranchlineError('not_found', `no rollout ${c.req.param('id')}`);
    return c.json(found.rollout);
  });

  app.post('/rollouts', admin, async (c) => c.json(await startRollout(deps.rollout, await jsonBody(c)), 201));

  app.post('/rollouts/:id/rollback', admin, async (c) =>
    c.json(await rollBackRollout(deps.rollout, c.req.param('id'))),
  );

  return app;
}

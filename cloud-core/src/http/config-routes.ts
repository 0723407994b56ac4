import { BranchlineError, jsonBody } from '@branchline/shared';
import type { KV } from '@nats-io/kv';
import { Hono } from 'hono';
import { z } from 'zod';
import type { EdgeRegistry } from '../fleet/index.js';
import { type BundleStore, deployBundle, parseSelector } from '../fleet-config/index.js';
import { requireAdmin } from './admin-auth.js';

export interface ConfigRouteDeps {
  bundles: BundleStore;
  edges: EdgeRegistry;
  edgeConfig: KV;
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

  return app;
}

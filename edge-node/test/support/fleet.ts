import { join } from 'node:path';
import {
  createEnrollmentToken,
  type ServiceProcess,
  startEdgeProcess,
  type TestStack,
} from '@branchline/shared/process';

export type EdgeProcess = ServiceProcess<{ edgeId: string; http: number }>;

/** Enrolls and starts one edge per `[id, region]`, each with `region=<region>` as its label. */
export async function startRegionEdges(
  stack: TestStack,
  edges: readonly (readonly [string, string])[],
  env: NodeJS.ProcessEnv,
): Promise<Map<string, EdgeProcess>> {
  const started = new Map<string, EdgeProcess>();
  for (const [id, region] of edges) {
    const token = await createEnrollmentToken(stack.core, { edgeId: id, labels: { region } });
    started.set(
      id,
      await startEdgeProcess(stack.core, {
        name: id,
        natsUrl: stack.nats.url,
        dataDir: join(stack.dir, id),
        token,
        env,
      }),
    );
  }
  return started;
}

/** The core's HTTP API as the admin: status and JSON body of one call. */
export async function coreCall(stack: TestStack, method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.core.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.core.adminToken()}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    // A core that does not answer fails the call, with a reason, instead of the whole hook timing out.
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

import { BranchlineError, createLogger } from '@branchline/shared';
import { loadEdgeConfig } from './config.js';
import { startEdge } from './edge.js';

const log = createLogger('edge-node');

/** Exit codes: 2 = the operator must act (config or enrollment), 1 = anything else. */
async function main(): Promise<void> {
  const config = loadEdgeConfig(process.env);
  const edge = await startEdge(config, log);
  process.stdout.write(
    `${JSON.stringify({ ready: 'edge-node', edgeId: edge.identity.edgeId, http: edge.httpPort })}\n`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await edge.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof BranchlineError && error.code !== 'internal') {
    const hint =
      error.code === 'unauthenticated' || error.code === 'forbidden'
        ? '\nCreate a new token on the core (`npx branchline token create --edge <id>`) and start the edge with BRANCHLINE_ENROLL_TOKEN=<token>.'
        : '';
    process.stderr.write(
      `edge-node: enrollment or configuration problem (${error.code}): ${error.message}${hint}\n`,
    );
    process.exit(2);
  }
  log.fatal({ err: error }, 'edge-node failed to start');
  process.exit(1);
});

import { BranchlineError, createLogger } from '@branchline/shared';
import { loadCoreConfig } from './config.js';
import { startCore } from './core.js';

const log = createLogger('cloud-core');

async function main(): Promise<void> {
  const config = loadCoreConfig(process.env);
  const core = await startCore(config, log);
  // One line a launcher or an operator can read without parsing logs.
  process.stdout.write(
    `${JSON.stringify({ ready: 'cloud-core', http: core.httpPort, grpc: core.grpcPort, enroll: core.enrollPort })}\n`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof BranchlineError && error.code === 'invalid_argument') {
    process.stderr.write(`cloud-core: ${error.message}\n`);
  } else {
    log.fatal({ err: error }, 'cloud-core failed to start');
  }
  process.exit(1);
});

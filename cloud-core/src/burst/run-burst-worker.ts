import { closeNats, connectNats, createLogger } from '@branchline/shared';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createAnthropicClient, publishDialogUsage, runDialog } from '../dialog/index.js';
import { ensureBurstQueue } from './burst-queue.js';
import { startBurstWorker } from './burst-worker.js';
import { type BurstWorkerConfig, loadBurstWorkerConfig } from './worker-config.js';

/**
 * `branchline burst-worker`: one long-running worker process. It prints one JSON `ready` line for
 * launchers, and on SIGINT/SIGTERM finishes the turns in hand (others take the rest) and exits.
 */
export async function runBurstWorker(
  env: NodeJS.ProcessEnv,
  overrides: Partial<BurstWorkerConfig> = {},
): Promise<void> {
  const config = loadBurstWorkerConfig(env, overrides);
  const log = createLogger('burst-worker').child({ workerId: config.workerId });
  const nc = await connectNats(config.natsUrl, `branchline-burst-${config.workerId}`, log);
  const js = jetstream(nc);
  await ensureBurstQueue(await jetstreamManager(nc));
  const llm = createAnthropicClient(env);
  if (!llm)
    log.warn('ANTHROPIC_API_KEY is not set: burst turns are answered offline, from cited passages only');
  const worker = startBurstWorker({
    nc,
    js,
    workerId: config.workerId,
    concurrency: config.concurrency,
    log,
    run: async (turn, io, deadlineMs) => {
      const answer = await runDialog(turn, io, {
        client: llm,
        model: config.llmModel,
        deadlineMs: Math.min(deadlineMs, config.dialogDeadlineMs),
        log: log.child({ edgeId: turn.edgeId, conversationId: turn.conversationId }),
      });
      publishDialogUsage(js, log, turn, config.llmModel, answer.usage, answer.offline);
      return answer;
    },
  });
  process.stdout.write(`${JSON.stringify({ ready: 'burst-worker', workerId: config.workerId })}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await worker.stop();
  await closeNats(nc);
}

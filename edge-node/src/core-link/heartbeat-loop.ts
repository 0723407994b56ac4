import { FleetServiceClient, type HeartbeatRequest, type HeartbeatResponse } from '@branchline/proto';
import { backoffDelay, type Logger, sleep } from '@branchline/shared';
import { credentials, Metadata } from '@grpc/grpc-js';
import type { EdgeIdentity } from '../identity/index.js';

export type CoreLinkState = 'connecting' | 'connected' | 'disconnected';

export interface CoreLink {
  state(): CoreLinkState;
  lastHeartbeatAt(): Date | undefined;
  stop(): Promise<void>;
}

export interface HeartbeatOptions {
  coreAddress: string;
  coreTlsName: string;
  identity: EdgeIdentity;
  intervalMs: number;
  report: () => HeartbeatRequest;
  log: Logger;
}

/** The mTLS client every call to the core uses: the edge's own key and certificate, the fleet CA. */
export function fleetClient(
  coreAddress: string,
  coreTlsName: string,
  identity: EdgeIdentity,
): FleetServiceClient {
  const creds = credentials.createSsl(
    Buffer.from(identity.caCertificatePem),
    Buffer.from(identity.privateKeyPem),
    Buffer.from(identity.certificatePem),
  );
  return new FleetServiceClient(coreAddress, creds, {
    'grpc.ssl_target_name_override': coreTlsName,
    'grpc.keepalive_time_ms': 30_000,
    'grpc.initial_reconnect_backoff_ms': 500,
    'grpc.max_reconnect_backoff_ms': 10_000,
  });
}

/**
 * Sends heartbeats for as long as the edge runs. While the core is down the edge keeps serving;
 * the loop backs off with jitter and logs once per change of state, not once per failure.
 */
export function startHeartbeats(options: HeartbeatOptions): CoreLink {
  const client = fleetClient(options.coreAddress, options.coreTlsName, options.identity);
  const abort = new AbortController();
  let state: CoreLinkState = 'connecting';
  let last: Date | undefined;
  let intervalMs = options.intervalMs;

  const beat = () =>
    new Promise<HeartbeatResponse>((resolve, reject) => {
      client.heartbeat(options.report(), new Metadata(), { deadline: Date.now() + 5000 }, (error, value) =>
        error ? reject(error) : resolve(value),
      );
    });

  const loop = async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      try {
        const response = await beat();
        last = new Date();
        if (response.intervalMs > 0) intervalMs = response.intervalMs;
        if (state !== 'connected') options.log.info({ after: failures }, 'core link up');
        state = 'connected';
        failures = 0;
        await sleep(intervalMs, abort.signal);
      } catch (error) {
        if (abort.signal.aborted) break;
        if (state !== 'disconnected') {
          options.log.warn(
            { err: (error as Error).message },
            'core link down; edge keeps serving, will retry',
          );
        }
        state = 'disconnected';
        await sleep(
          backoffDelay(failures++, { initialMs: 500, maxMs: Math.max(intervalMs, 10_000) }),
          abort.signal,
        );
      }
    }
  };
  const running = loop();

  return {
    state: () => state,
    lastHeartbeatAt: () => last,
    stop: async () => {
      abort.abort();
      await running;
      client.close();
    },
  };
}

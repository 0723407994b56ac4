import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logging/index.js';

/**
 * Connects and keeps reconnecting for ever: a NATS outage delays work, it never stops the process.
 * With `waitOnFirstConnect` a process that starts before NATS simply waits for it.
 */
export async function connectNats(url: string, name: string, log: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(','),
    name,
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 10_000,
  });
  log.info({ server: nc.getServer() }, 'connected to NATS');
  linkUp.set(nc, true);
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        linkUp.set(nc, status.type === 'reconnect');
        log.warn({ status: status.type }, 'NATS link');
      }
    }
  })();
  return nc;
}

const linkUp = new WeakMap<NatsConnection, boolean>();

/**
 * Whether the connection reaches a server right now. A connection that is reconnecting is not
 * closed and still names its last server, so neither says whether a request could get through.
 */
export function natsLinkUp(nc: NatsConnection): boolean {
  return !nc.isClosed() && (linkUp.get(nc) ?? true);
}

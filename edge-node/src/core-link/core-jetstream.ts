import {
  type JetStreamClient,
  type JetStreamManager,
  type JetStreamOptions,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * The core's JetStream as this edge reaches it. An edge connected straight to the hub uses the
 * default `$JS.API`; one connected to its branch's leaf server (with a JetStream domain of its own)
 * must name the hub's domain, or its KV reads and consumer lookups would land in the branch's
 * JetStream. The domain is set once per connection, where it is made, so no caller can forget it.
 */
const domains = new WeakMap<NatsConnection, string>();

export function useCoreDomain(nc: NatsConnection, domain: string | undefined): NatsConnection {
  if (domain) domains.set(nc, domain);
  return nc;
}

const withDomain = (nc: NatsConnection, options: JetStreamOptions = {}): JetStreamOptions => {
  const domain = domains.get(nc);
  return domain ? { ...options, domain } : options;
};

export function coreJetStream(nc: NatsConnection, options?: JetStreamOptions): JetStreamClient {
  return jetstream(nc, withDomain(nc, options));
}

export function coreJetStreamManager(nc: NatsConnection): Promise<JetStreamManager> {
  return jetstreamManager(nc, withDomain(nc));
}

export function coreKv(nc: NatsConnection): Kvm {
  return new Kvm(coreJetStream(nc));
}

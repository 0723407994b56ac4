import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type ServiceProcess, startService, waitForPort } from '@branchline/shared/process';
import { natsServerBinary } from './nats.js';

/** Replaces `from` by `to` in a config, and fails when the config no longer has `from`. */
function rewrite(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the config no longer has "${from}"; update the test's rewrite`);
  return text.replaceAll(from, to);
}

export interface LocalNats {
  /** Client URLs of the three hub nodes. */
  hub: string[];
  /** Client URL of the branch server. */
  leaf: string;
  /** Monitoring base URLs. */
  hubMonitor: string;
  leafMonitor: string;
  stop(): Promise<void>;
}

/**
 * The hub cluster of deploy/nats/hub.conf (three nodes) and one branch server of
 * deploy/nats/leaf-branch.conf with its own JetStream domain, on free loopback ports: temp
 * copies of the configs with only the addresses and store dirs rewritten.
 */
export async function startLocalNats(
  configDir: string,
  workDir: string,
  branchDomain: string,
): Promise<LocalNats> {
  const hubText = readFileSync(join(configDir, 'hub.conf'), 'utf8');
  const leafText = readFileSync(join(configDir, 'leaf-branch.conf'), 'utf8');
  const port = async () => freePort();
  const nodes = [];
  for (let i = 1; i <= 3; i++)
    nodes.push({
      name: `nats-${i}`,
      client: await port(),
      http: await port(),
      route: await port(),
      leafnode: await port(),
    });
  const leafPorts = { client: await port(), http: await port() };
  const processes: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop(2000)));
  };
  const start = async (name: string, file: string, env: Record<string, string>, clientPort: number) => {
    const proc = await startService({
      name,
      command: natsServerBinary(),
      args: ['-c', file],
      env: { PATH: process.env.PATH ?? '', ...env },
      logFile: join(workDir, `${name}.log`),
    });
    processes.push(proc);
    await Promise.race([
      waitForPort(clientPort),
      proc.exited.then((code) => {
        throw new Error(`${name} exited (${code}):\n${proc.output()}`);
      }),
    ]);
  };
  try {
    for (const node of nodes) {
      let text = hubText;
      text = rewrite(text, '0.0.0.0:4222', `127.0.0.1:${node.client}`);
      text = rewrite(text, '0.0.0.0:8222', `127.0.0.1:${node.http}`);
      text = rewrite(text, '0.0.0.0:6222', `127.0.0.1:${node.route}`);
      text = rewrite(text, '0.0.0.0:7422', `127.0.0.1:${node.leafnode}`);
      text = rewrite(text, '/data/jetstream', join(workDir, node.name));
      for (const other of nodes)
        text = rewrite(text, `nats-route://${other.name}:6222`, `nats-route://127.0.0.1:${other.route}`);
      const file = join(workDir, `${node.name}.conf`);
      writeFileSync(file, text);
      mkdirSync(join(workDir, node.name), { recursive: true });
      await start(node.name, file, { SERVER_NAME: node.name }, node.client);
    }
    let leaf = leafText;
    leaf = rewrite(leaf, '127.0.0.1:4222', `127.0.0.1:${leafPorts.client}`);
    leaf = rewrite(leaf, '127.0.0.1:8222', `127.0.0.1:${leafPorts.http}`);
    leaf = rewrite(leaf, '/var/lib/nats', join(workDir, 'leaf'));
    const leafFile = join(workDir, 'leaf-branch.conf');
    writeFileSync(leafFile, leaf);
    const hubLeafUrls = JSON.stringify(nodes.map((n) => `nats-leaf://127.0.0.1:${n.leafnode}`));
    await start(
      'leaf',
      leafFile,
      { BRANCH_DOMAIN: branchDomain, HUB_LEAF_URLS: hubLeafUrls },
      leafPorts.client,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    hub: nodes.map((n) => `nats://127.0.0.1:${n.client}`),
    leaf: `nats://127.0.0.1:${leafPorts.client}`,
    hubMonitor: `http://127.0.0.1:${nodes[0]?.http}`,
    leafMonitor: `http://127.0.0.1:${leafPorts.http}`,
    stop,
  };
}

/** Retries `check` until it returns without throwing, or rethrows its last error at the deadline. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

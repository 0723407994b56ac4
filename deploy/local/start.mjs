#!/usr/bin/env node
// The all-in-one: one nats-server with JetStream, one cloud-core and two edges (north, south)
// on loopback, with their data under .branchline/. Ctrl-C stops everything cleanly.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root, setup } from './setup.mjs';

const env = process.env;
const home = resolve(root, env.BRANCHLINE_HOME ?? '.branchline');
const port = (name, fallback) => Number(env[name] ?? fallback);
const ports = {
  nats: port('BRANCHLINE_NATS_PORT', 4222),
  http: port('BRANCHLINE_CORE_HTTP_PORT', 8080),
  grpc: port('BRANCHLINE_CORE_GRPC_PORT', 50051),
  enroll: port('BRANCHLINE_CORE_ENROLL_PORT', 50052),
};
const edges = [
  {
    id: 'north',
    name: 'North Branch',
    labels: 'region=north,industry=bank,size=m',
    port: port('BRANCHLINE_NORTH_HTTP_PORT', 8081),
  },
  {
    id: 'south',
    name: 'South Branch',
    labels: 'region=south,industry=bank,size=s',
    port: port('BRANCHLINE_SOUTH_HTTP_PORT', 8082),
  },
];

const say = (message) => process.stdout.write(`[branchline] ${message}\n`);

try {
  setup();
} catch (error) {
  process.stderr.write(`[setup] ${error.message}\n`);
  process.exit(1);
}

const { createEnrollmentToken, startCoreProcess, startEdgeProcess, startNatsServer } = await import(
  '../../shared/dist/process/index.js'
);

const running = [];
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  // Edges first (they flush their outbox), then the core, then NATS.
  for (const proc of [...running].reverse()) await proc.stop().catch(() => {});
  say('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/** Echoes warnings and errors from a service's JSON logs; the full logs are in .branchline/logs. */
function echo(name) {
  return (line) => {
    if (!line.startsWith('{')) return process.stderr.write(`[${name}] ${line}\n`);
    try {
      const entry = JSON.parse(line);
      if (entry.level >= 40) {
        process.stderr.write(
          `[${name}] ${entry.msg}${entry.err ? `: ${entry.err.message ?? entry.err}` : ''}\n`,
        );
      }
    } catch {
      // not a log line
    }
  };
}

function watch(proc) {
  running.push(proc);
  void proc.exited.then((code) => {
    if (stopping) return;
    const tail = proc.output().split('\n').slice(-15).join('\n');
    process.stderr.write(`[branchline] ${proc.name} exited (${code}); last output:\n${tail}\n`);
    void stopAll(1);
  });
  return proc;
}

const logs = (name) => ({ logFile: join(home, 'logs', `${name}.log`), onLine: echo(name) });

try {
  say(`starting nats-server with JetStream on 127.0.0.1:${ports.nats}`);
  const nats = await startNatsServer({
    port: ports.nats,
    storeDir: join(home, 'nats'),
    logFile: join(home, 'logs', 'nats.log'),
  });
  watch(nats.process);

  say('starting cloud-core');
  const core = await startCoreProcess(nats.url, join(home, 'core'), {
    ...logs('core'),
    // The demo operators (ops.admin, ops.viewer, ops.agent) sign in to the dashboard over plain HTTP here, so
    // its cookie cannot be `Secure`; a real core serves it over TLS.
    env: {
      BRANCHLINE_CORE_HTTP_PORT: String(ports.http),
      BRANCHLINE_CORE_GRPC_PORT: String(ports.grpc),
      BRANCHLINE_CORE_ENROLL_PORT: String(ports.enroll),
      BRANCHLINE_DEMO_OPERATORS: 'true',
      BRANCHLINE_CORE_SECURE_COOKIES: 'false',
    },
  });
  watch(core.process);

  // The demo models train from the data the product ships (seconds; skipped when up to date).
  say(
    'training or loading the demo models (intent, sentiment, compliance, compliance-category, hesitation, pii-tagger)',
  );
  const modelsDir = join(home, 'models');
  const demo = spawnSync(
    process.execPath,
    [join(root, 'cloud-core/bin/branchline.js'), 'demo', 'models', '--out', modelsDir],
    {
      encoding: 'utf8',
    },
  );
  for (const line of `${demo.stdout}${demo.stderr}`.split('\n')) {
    if (line && !line.includes(' epoch ')) process.stdout.write(`  ${line}\n`);
  }
  if (demo.status !== 0) throw new Error('the demo models could not be built');

  // The demo knowledge base, authored through the operator CLI as a real one would be; articles
  // that did not change keep their version, so a restart publishes nothing new.
  say('importing the demo knowledge base');
  const kb = spawnSync(
    process.execPath,
    [join(root, 'cloud-core/bin/branchline.js'), 'kb', 'import', join(root, 'cloud-core/demo/knowledge')],
    {
      encoding: 'utf8',
      env: { ...process.env, BRANCHLINE_CORE_URL: core.url, BRANCHLINE_ADMIN_TOKEN: core.adminToken() },
    },
  );
  for (const line of `${kb.stdout}${kb.stderr}`.split('\n')) if (line) process.stdout.write(`  ${line}\n`);
  if (kb.status !== 0) throw new Error('the demo knowledge base could not be imported');

  for (const edge of edges) {
    const dataDir = join(home, 'edges', edge.id);
    const enrolled = existsSync(join(dataDir, 'identity', 'edge.json'));
    const token = enrolled
      ? undefined
      : await createEnrollmentToken(core, {
          edgeId: edge.id,
          name: edge.name,
          labels: edge.labels,
          ttlSeconds: 600,
        });
    say(`starting edge ${edge.id}${enrolled ? '' : ' (enrolling with a new one-time token)'}`);
    const proc = await startEdgeProcess(core, {
      name: `edge-${edge.id}`,
      natsUrl: nats.url,
      dataDir,
      httpPort: edge.port,
      // Demo data: fictitious customers and orders in each edge's branch system, and a chat
      // page that may sign in as them (a real edge trusts only its channel gateway's token).
      // The console runs on plain HTTP here, so its cookie cannot be `Secure`; a branch serves it over TLS.
      env: {
        BRANCHLINE_EDGE_MODELS: modelsDir,
        BRANCHLINE_DEMO_DATA: 'true',
        // Reminders go to a loopback stand-in for the branch's SMS gateway, logged to outbound-demo.jsonl.
        BRANCHLINE_OUTBOUND_GATEWAY_URL: 'demo',
        BRANCHLINE_CONSOLE_SECURE_COOKIES: 'false',
      },
      ...(token ? { token } : {}),
      ...logs(`edge-${edge.id}`),
    });
    watch(proc);
    edge.url = `http://127.0.0.1:${proc.ready.http}`;
  }

  // Each edge generates its demo agents' password once, into its data dir (never into the repo).
  const agentPassword = () =>
    edges
      .map((e) => {
        const file = join(home, 'edges', e.id, 'demo-agent-password');
        return existsSync(file) ? `${e.id}: ${readFileSync(file, 'utf8').trim()}` : `${e.id}: see ${file}`;
      })
      .join('   ');
  // The core generates its demo operators' password once, into its data dir.
  const operatorPasswordFile = join(home, 'core', 'demo-operator-password');
  const operatorPassword = env.BRANCHLINE_DEMO_OPERATOR_PASSWORD
    ? '(BRANCHLINE_DEMO_OPERATOR_PASSWORD)'
    : existsSync(operatorPasswordFile)
      ? readFileSync(operatorPasswordFile, 'utf8').trim()
      : `see ${operatorPasswordFile}`;
  say('ready:');
  process.stdout.write(
    [
      `  fleet view      ${core.url}/v1/fleet/edges`,
      `  core health     ${core.url}/healthz`,
      `  ops dashboard   ${core.url}/dashboard   (ops.admin, ops.viewer)`,
      `  overflow agents ${core.url}/overflow    (ops.agent)`,
      `  ops password    ${operatorPassword}`,
      ...edges.map((e) => `  edge ${e.id.padEnd(10)} ${e.url}/v1/status   (models: ${e.url}/v1/models)`),
      ...edges.map((e) => `  chat ${e.id.padEnd(10)} ${e.url}/chat`),
      ...edges.map((e) => `  agents ${e.id.padEnd(8)} ${e.url}/console   (wang.fang, sam.taylor)`),
      `  agent password  ${agentPassword()}`,
      `  NATS            ${nats.url}`,
      `  logs and data   ${home}`,
      '  operator CLI    npx branchline fleet edges',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
} catch (error) {
  process.stderr.write(`[branchline] ${error.message}\n`);
  await stopAll(1);
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BranchlineError } from '@branchline/shared';
import { runBurstWorker } from '../burst/index.js';
import { buildDemoModels } from '../demo/index.js';
import { runModelBenchmarks } from '../training/index.js';
import { apiClient, edgeClient } from './api-client.js';
import { createToken, listEdges } from './commands.js';
import {
  listBundles,
  listRollouts,
  pushBundle,
  rollBackCommand,
  startRolloutCommand,
} from './config-commands.js';
import { parseDuration } from './duration.js';
import { fleetAlerts, fleetKpis, readModelCommand, type ScopeOptions } from './fleet-commands.js';
import { insight } from './insight-commands.js';
import { importKnowledge, listKnowledge, searchKnowledge } from './kb-commands.js';
import { evaluate, train } from './model-commands.js';
import { addOperator, changeOperator, listOperators, login, logout, showAudit } from './operator-commands.js';

const usage = `Usage: branchline <command> [options]

Commands:
  token create --edge <id> [--name <name>] [--labels k=v,...] [--ttl 24h] [--json]
      Create a one-time enrollment token for an edge (--ttl: 90s, 30m, 24h, 7d).
  burst-worker [--concurrency 16]
      Run a burst worker: answers turns from edges over their limits, from the shared JetStream
      work queue (BRANCHLINE_NATS_URL, ANTHROPIC_API_KEY, BRANCHLINE_BURST_CONCURRENCY). Ctrl-C
      finishes the turns in hand; other workers take the rest.
  fleet edges [--json]
      List enrolled edges with status, version, config version, last heartbeat and events
      received, and the edges that drift from what they were assigned.
  fleet kpis [--edge ID | --selector region=north] [--hours 24] [--bucket hour|day] [--json]
      The dashboard's figures from the core's read model: conversations, AI containment, hand-off
      rate and reasons, average wait, sentiment, top intents, answer-check failures, LLM tokens
      and cost, in total and per hour or day.
  fleet alerts [--edge ID | --selector region=north] [--limit 50] [--json]
      The latest compliance alerts (tokenized text).
  insight [--edge ID | --selector region=north] [--hours 24] [--product ev] [--json]
      Buying points: the reasons customers give and the objections they raise, by theme, region
      and product, and clusters of those no theme names yet (tokenized text).
  insight --export csv|json --out FILE [scope flags] [--product ev]
      Every mined reason and objection in the scope, for marketing's own tools.
  fleet read-model [--rebuild] [--json]
      How far the read model has read the events stream; --rebuild (admin) replays it from the start.
  kb import DIR [--locale zh-CN|en] [--json]
      Import knowledge from Markdown files with front matter (id, title, locale, tags, audience,
      validFrom, validUntil) and CSV files of question,answer[,locale,tags] rows.
  kb list [--json]
      List knowledge articles with their versions.
  kb search "QUESTION" [--edge URL] [--locale zh-CN|en] [--limit N] [--json]
      Search an edge's installed knowledge as a customer's question would, and show whether the
      edge would answer it locally (default edge: $BRANCHLINE_EDGE_URL or http://127.0.0.1:8081).
  config push FILE [--json]
      Store a configuration bundle (JSON with "version"; see shared/src/fleet-config/).
  config list [--json]
      List stored bundles.
  rollout start VERSION [--selector region=north] [--canary 0.1] [--wait 600] [--json]
      Roll a bundle out: the canary share first, then the rest once the canaries stay healthy.
  rollout list [--json]
      Rollouts with their phase, canaries and canary health against the rest.
  rollout rollback ID
      Put every edge the rollout reached back on what it ran before.
  login USERNAME
      Sign in as an operator; the session is kept (mode 600) in
      $XDG_CONFIG_HOME/branchline/session.json (or ~/.config/branchline/session.json).
  logout
      End the stored session of this core.
  operators add USERNAME --role viewer|operator|admin [--name "Display Name"] [--json]
      Create an operator account (admin). The password is never an argument: see below.
  operators list [--json]
      Operator accounts with their role and whether they are disabled (admin).
  operators role USERNAME viewer|operator|admin
  operators disable USERNAME | operators enable USERNAME | operators password USERNAME
      Change an operator's role, turn the account off or on, or set a new password (admin);
      disabling or a new password signs them out everywhere. The last enabled admin stays.
  audit [--limit 100] [--actor USERNAME] [--action PREFIX] [--since ISO-TIME] [--json]
      Who changed what, newest first (operator or admin).
  train --task <name> --train FILE --out DIR [--dev FILE] [--seed N] [--epochs N] [--kind classifier|tagger]
      Train a local model (JSONL {"text","label"} or CSV; CLUENER JSON trains a tagger) and write
      model.onnx and model.json.
  demo models [--out DIR]
      Train the demo models (intent, sentiment, compliance, hesitation, pii-tagger) from the shipped demo data.
  benchmark models [--datasets DIR] [--out FILE] [--floors FILE] [--only a,b] [--keep DIR]
      Train and evaluate on the public benchmarks; fails when a figure falls under its floor.
  eval --model DIR --test FILE [--json] [--unknown-label oos]
      Accuracy, macro-F1, per-label F1, worst confusions and latency through onnxruntime-node.

Environment:
  BRANCHLINE_CORE_URL       core HTTP API (default http://127.0.0.1:8080)
  BRANCHLINE_EDGE_URL       edge HTTP API for kb search (default http://127.0.0.1:8081)
  BRANCHLINE_ADMIN_TOKEN    admin token; without it the CLI uses the session of \`login\`, then
                            $BRANCHLINE_CORE_DATA_DIR/admin-token
  BRANCHLINE_OPERATOR_PASSWORD
                            password for login and operators add/password; else the first line of
                            standard input when piped, else a prompt that does not echo
`;

const io = {
  out: (text: string) => {
    process.stdout.write(`${text}\n`);
  },
};

/** The scope flags of `fleet kpis` and `fleet alerts`, as given. */
function scopeOptions(values: Record<string, string | boolean | undefined>): ScopeOptions {
  const scope: ScopeOptions = {};
  for (const key of ['edge', 'selector', 'hours', 'bucket'] as const) {
    const value = values[key];
    if (typeof value === 'string') scope[key] = value;
  }
  return scope;
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      edge: { type: 'string' },
      name: { type: 'string' },
      labels: { type: 'string' },
      ttl: { type: 'string' },
      json: { type: 'boolean', default: false },
      task: { type: 'string' },
      train: { type: 'string' },
      dev: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      epochs: { type: 'string' },
      kind: { type: 'string' },
      model: { type: 'string' },
      test: { type: 'string' },
      'unknown-label': { type: 'string' },
      datasets: { type: 'string' },
      floors: { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'string' },
      locale: { type: 'string' },
      limit: { type: 'string' },
      selector: { type: 'string' },
      canary: { type: 'string' },
      wait: { type: 'string' },
      role: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
      since: { type: 'string' },
      hours: { type: 'string' },
      bucket: { type: 'string' },
      rebuild: { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      product: { type: 'string' },
      export: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  // `kb import DIR` and `kb search QUESTION`: the last word is an argument, not part of the command.
  const takesArgument =
    (positionals[0] === 'kb' && (positionals[1] === 'import' || positionals[1] === 'search')) ||
    (positionals[0] === 'config' && positionals[1] === 'push') ||
    (positionals[0] === 'rollout' && (positionals[1] === 'start' || positionals[1] === 'rollback'));
  const argument = takesArgument ? positionals.slice(2).join(' ') || undefined : undefined;
  const command = (takesArgument ? positionals.slice(0, 2) : positionals).join(' ');
  if (positionals[1] === 'import' && takesArgument && positionals.length > 3) {
    throw new BranchlineError('invalid_argument', 'kb import takes one directory');
  }
  if (values.help || command === '' || command === 'help') {
    io.out(usage);
    return;
  }
  switch (command) {
    case 'train':
      return train(io, values);
    case 'demo models':
      await buildDemoModels(values.out ?? '.branchline/models', (line) => io.out(line));
      return;
    case 'benchmark models': {
      // The benchmark's models are scaffolding for the figures: they go when it ends, unless
      // --keep names a folder for later steps (the privacy recall run uses the CLUENER tagger).
      const keep = values.keep;
      const workDir = keep ?? (await mkdtemp(join(tmpdir(), 'branchline-bench-')));
      const { failures } = await runModelBenchmarks({
        datasets: values.datasets ?? process.env.BRANCHLINE_DATASETS ?? '../shared/datasets',
        workDir,
        outFile: values.out ?? 'bench/results/models.json',
        progress: (line) => io.out(line),
        ...(values.floors ? { floorsFile: values.floors } : {}),
        ...(values.only ? { only: values.only.split(',') } : {}),
      }).finally(() => (keep ? undefined : rm(workDir, { recursive: true, force: true })));
      if (failures.length > 0)
        throw new BranchlineError(
          'failed_precondition',
          `model figures regressed:\n  ${failures.join('\n  ')}`,
        );
      return;
    }
    case 'burst-worker':
      return runBurstWorker(
        process.env,
        values.concurrency ? { concurrency: Number(values.concurrency) } : {},
      );
    case 'eval':
      return evaluate(io, {
        json: values.json,
        ...(values.model ? { model: values.model } : {}),
        ...(values.test ? { test: values.test } : {}),
        ...(values['unknown-label'] ? { unknownLabel: values['unknown-label'] } : {}),
      });
  }
  // `operators role USERNAME ROLE`, `login USERNAME`: words after the command are its arguments.
  const operatorArgs =
    positionals[0] === 'operators'
      ? positionals.slice(2)
      : positionals[0] === 'login'
        ? positionals.slice(1)
        : [];
  switch (operatorCommand(positionals)) {
    case 'login':
      if (!operatorArgs[0])
        throw new BranchlineError('invalid_argument', 'login needs a username: login USERNAME');
      return login(process.env, io, { username: operatorArgs[0], json: values.json });
    case 'logout':
      return logout(process.env, io);
  }
  const api = apiClient(process.env);
  switch (operatorCommand(positionals)) {
    case 'operators add':
      if (!operatorArgs[0] || !values.role)
        throw new BranchlineError('invalid_argument', 'operators add USERNAME --role viewer|operator|admin');
      return addOperator(api, io, {
        username: operatorArgs[0],
        role: values.role,
        json: values.json,
        env: process.env,
        ...(values.name ? { name: values.name } : {}),
      });
    case 'operators list':
      return listOperators(api, io, { json: values.json });
    case 'operators role':
      if (!operatorArgs[0] || !operatorArgs[1])
        throw new BranchlineError('invalid_argument', 'operators role USERNAME viewer|operator|admin');
      return changeOperator(api, io, {
        username: operatorArgs[0],
        changes: { role: operatorArgs[1] },
        json: values.json,
        env: process.env,
      });
    case 'operators disable':
    case 'operators enable':
    case 'operators password': {
      const username = operatorArgs[0];
      if (!username)
        throw new BranchlineError('invalid_argument', `${positionals.slice(0, 2).join(' ')} USERNAME`);
      const changes =
        positionals[1] === 'password'
          ? { password: true as const }
          : { disabled: positionals[1] === 'disable' };
      return changeOperator(api, io, { username, changes, json: values.json, env: process.env });
    }
    case 'audit':
      return showAudit(api, io, {
        json: values.json,
        ...(values.limit ? { limit: values.limit } : {}),
        ...(values.actor ? { actor: values.actor } : {}),
        ...(values.action ? { action: values.action } : {}),
        ...(values.since ? { since: values.since } : {}),
      });
  }
  switch (command) {
    case 'token create': {
      if (!values.edge) throw new BranchlineError('invalid_argument', 'token create needs --edge <id>');
      const ttl = values.ttl === undefined ? undefined : parseDuration(values.ttl);
      return createToken(api, io, {
        edge: values.edge,
        json: values.json,
        ...(values.name ? { name: values.name } : {}),
        ...(values.labels ? { labels: values.labels } : {}),
        ...(ttl ? { ttlSeconds: ttl } : {}),
      });
    }
    case 'insight':
      return insight(api, io, {
        json: values.json,
        ...scopeOptions(values),
        ...(values.product ? { product: values.product } : {}),
        ...(values.export ? { export: values.export } : {}),
        ...(values.out ? { out: values.out } : {}),
      });
    case 'fleet kpis':
      return fleetKpis(api, io, { json: values.json, ...scopeOptions(values) });
    case 'fleet alerts':
      return fleetAlerts(api, io, {
        json: values.json,
        ...scopeOptions(values),
        ...(values.limit ? { limit: values.limit } : {}),
      });
    case 'fleet read-model':
      return readModelCommand(api, io, { rebuild: values.rebuild, json: values.json });
    case 'fleet edges':
      return listEdges(api, io, { json: values.json });
    case 'kb import':
      if (!argument)
        throw new BranchlineError('invalid_argument', 'kb import needs a directory: kb import DIR');
      return importKnowledge(api, io, {
        dir: argument,
        json: values.json,
        ...(values.locale ? { locale: values.locale } : {}),
      });
    case 'kb list':
      return listKnowledge(api, io, { json: values.json });
    case 'config push':
      if (!argument)
        throw new BranchlineError('invalid_argument', 'config push needs a file: config push FILE');
      return pushBundle(api, io, { file: argument, json: values.json });
    case 'config list':
      return listBundles(api, io, { json: values.json });
    case 'rollout start':
      if (!argument) throw new BranchlineError('invalid_argument', 'rollout start needs a bundle version');
      return startRolloutCommand(api, io, {
        version: argument,
        selector: values.selector ?? '',
        json: values.json,
        ...(values.canary ? { canary: values.canary } : {}),
        ...(values.wait ? { wait: values.wait } : {}),
      });
    case 'rollout list':
      return listRollouts(api, io, { json: values.json });
    case 'rollout rollback':
      if (!argument) throw new BranchlineError('invalid_argument', 'rollout rollback needs a rollout id');
      return rollBackCommand(api, io, { id: argument, json: values.json });
    case 'kb search':
      if (!argument)
        throw new BranchlineError('invalid_argument', 'kb search needs a question: kb search "QUESTION"');
      return searchKnowledge(edgeClient(values.edge, process.env), io, {
        question: argument,
        json: values.json,
        ...(values.locale ? { locale: values.locale } : {}),
        ...(values.limit ? { limit: values.limit } : {}),
      });
    default:
      throw new BranchlineError('invalid_argument', `unknown command "${command}"\n\n${usage}`);
  }
}

/** The command of the operator and session commands, whose arguments follow it. */
function operatorCommand(positionals: string[]): string | undefined {
  if (positionals[0] === 'login' || positionals[0] === 'logout' || positionals[0] === 'audit')
    return positionals[0];
  if (positionals[0] === 'operators' && positionals[1]) return `operators ${positionals[1]}`;
  return undefined;
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof BranchlineError ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`branchline: ${message}\n`);
  process.exit(error instanceof BranchlineError && error.code === 'invalid_argument' ? 2 : 1);
});

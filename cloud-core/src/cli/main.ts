import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BranchlineError } from '@branchline/shared';
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
import { importKnowledge, listKnowledge, searchKnowledge } from './kb-commands.js';
import { evaluate, train } from './model-commands.js';

const usage = `Usage: branchline <command> [options]

Commands:
  token create --edge <id> [--name <name>] [--labels k=v,...] [--ttl 24h] [--json]
      Create a one-time enrollment token for an edge (--ttl: 90s, 30m, 24h, 7d).
  fleet edges [--json]
      List enrolled edges with status, version, last heartbeat and events received.
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
  train --task <name> --train FILE --out DIR [--dev FILE] [--seed N] [--epochs N] [--kind classifier|tagger]
      Train a local model (JSONL {"text","label"} or CSV; CLUENER JSON trains a tagger) and write
      model.onnx and model.json.
  demo models [--out DIR]
      Train the demo models (intent, sentiment, compliance, pii-tagger) from the shipped demo data.
  benchmark models [--datasets DIR] [--out FILE] [--floors FILE] [--only a,b] [--keep DIR]
      Train and evaluate on the public benchmarks; fails when a figure falls under its floor.
  eval --model DIR --test FILE [--json] [--unknown-label oos]
      Accuracy, macro-F1, per-label F1, worst confusions and latency through onnxruntime-node.

Environment:
  BRANCHLINE_CORE_URL       core HTTP API (default http://127.0.0.1:8080)
  BRANCHLINE_EDGE_URL       edge HTTP API for kb search (default http://127.0.0.1:8081)
  BRANCHLINE_ADMIN_TOKEN    admin token (default: read from $BRANCHLINE_CORE_DATA_DIR/admin-token)
`;

const io = {
  out: (text: string) => {
    process.stdout.write(`${text}\n`);
  },
};

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
    case 'eval':
      return evaluate(io, {
        json: values.json,
        ...(values.model ? { model: values.model } : {}),
        ...(values.test ? { test: values.test } : {}),
        ...(values['unknown-label'] ? { unknownLabel: values['unknown-label'] } : {}),
      });
  }
  const api = apiClient(process.env);
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

run(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof BranchlineError ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`branchline: ${message}\n`);
  process.exit(error instanceof BranchlineError && error.code === 'invalid_argument' ? 2 : 1);
});

import { parseArgs } from 'node:util';
import { BranchlineError } from '@branchline/shared';
import { apiClient } from './api-client.js';
import { createToken, listEdges } from './commands.js';
import { parseDuration } from './duration.js';

const usage = `Usage: branchline <command> [options]

Commands:
  token create --edge <id> [--name <name>] [--labels k=v,...] [--ttl 24h] [--json]
      Create a one-time enrollment token for an edge (--ttl: 90s, 30m, 24h, 7d).
  fleet edges [--json]
      List enrolled edges with status, version, last heartbeat and events received.

Environment:
  BRANCHLINE_CORE_URL       core HTTP API (default http://127.0.0.1:8080)
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
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals.join(' ');
  if (values.help || command === '' || command === 'help') {
    io.out(usage);
    return;
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
    default:
      throw new BranchlineError('invalid_argument', `unknown command "${command}"\n\n${usage}`);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof BranchlineError ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`branchline: ${message}\n`);
  process.exit(error instanceof BranchlineError && error.code === 'invalid_argument' ? 2 : 1);
});

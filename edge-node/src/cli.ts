import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BranchlineError } from '@branchline/shared';
import { AgentAccounts, AuditLog } from './agents/accounts/index.js';
import { openDatabase } from './db/index.js';

const usage = `Usage: branchline-edge <command> [options]

Commands:
  agents add --username NAME --name "Display Name" --languages zh-CN,en [--skills complaints,orders]
             [--max 3] [--supervisor]
      Create an agent account for this branch's console. The password is read from
      BRANCHLINE_AGENT_PASSWORD, or from the first line of standard input.
  agents list [--json]
      List the branch's agent accounts.

Environment:
  BRANCHLINE_EDGE_DATA_DIR   the edge's data dir (default .branchline/edge); the edge may be running.
`;

async function readPassword(): Promise<string> {
  if (process.env.BRANCHLINE_AGENT_PASSWORD) return process.env.BRANCHLINE_AGENT_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('password: ');
  let input = '';
  for await (const chunk of process.stdin) {
    input += String(chunk);
    if (input.includes('\n')) break;
  }
  return input.split('\n')[0]?.trim() ?? '';
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      languages: { type: 'string' },
      skills: { type: 'string' },
      max: { type: 'string' },
      supervisor: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals.join(' ');
  if (values.help || command === '') return void process.stdout.write(usage);
  const db = openDatabase(join(process.env.BRANCHLINE_EDGE_DATA_DIR ?? '.branchline/edge', 'edge.db'));
  try {
    const accounts = new AgentAccounts(db);
    switch (command) {
      case 'agents add': {
        const agent = await accounts.create({
          username: values.username ?? '',
          displayName: values.name ?? values.username ?? '',
          password: await readPassword(),
          languages: list(values.languages) as ('zh-CN' | 'en')[],
          skills: list(values.skills),
          maxConcurrent: values.max ? Number(values.max) : 3,
          role: values.supervisor ? 'supervisor' : 'agent',
        });
        new AuditLog(db).record({ agentId: null, action: 'agent.created', detail: { agentId: agent.id } });
        process.stdout.write(`created agent ${agent.username} (${agent.id})\n`);
        return;
      }
      case 'agents list': {
        const agents = accounts.list();
        if (values.json) return void process.stdout.write(`${JSON.stringify(agents, null, 2)}\n`);
        for (const a of agents) {
          process.stdout.write(
            `${a.username.padEnd(16)} ${a.role.padEnd(10)} ${a.languages.join(',').padEnd(10)} max ${a.maxConcurrent}  ${a.skills.join(',') || '-'}  ${a.displayName}\n`,
          );
        }
        return;
      }
      default:
        throw new BranchlineError('invalid_argument', `unknown command "${command}"\n\n${usage}`);
    }
  } finally {
    db.$client.close();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof BranchlineError ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`branchline-edge: ${message}\n`);
  process.exit(error instanceof BranchlineError && error.code === 'invalid_argument' ? 2 : 1);
});

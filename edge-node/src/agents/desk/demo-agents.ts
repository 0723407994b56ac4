import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentAccounts, NewAgent } from '../accounts/index.js';

const demoAgents: Omit<NewAgent, 'password'>[] = [
  {
    username: 'wang.fang',
    displayName: '王芳 Wang Fang',
    languages: ['zh-CN', 'en'],
    skills: ['complaints', 'orders', 'loans'],
    maxConcurrent: 3,
    role: 'supervisor',
  },
  {
    username: 'sam.taylor',
    displayName: 'Sam Taylor',
    languages: ['en'],
    skills: ['orders'],
    maxConcurrent: 2,
  },
];

/**
 * The demo branch's agents. Their password is the configured one or, without it, a random one
 * written once to `<data dir>/demo-agent-password` (mode 600): never a password in the repo.
 */
export async function seedDemoAgents(
  accounts: AgentAccounts,
  dataDir: string,
  configured: string | undefined,
): Promise<{ usernames: string[]; passwordFile: string | null }> {
  let password = configured;
  let passwordFile: string | null = null;
  if (!password) {
    passwordFile = join(dataDir, 'demo-agent-password');
    if (!existsSync(passwordFile))
      writeFileSync(passwordFile, `${randomBytes(12).toString('base64url')}\n`, { mode: 0o600 });
    password = readFileSync(passwordFile, 'utf8').trim();
  }
  const existing = new Set(accounts.list().map((a) => a.username));
  for (const agent of demoAgents) {
    if (!existing.has(agent.username)) await accounts.create({ ...agent, password });
  }
  return { usernames: demoAgents.map((a) => a.username), passwordFile };
}

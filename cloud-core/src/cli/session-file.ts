import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface StoredSession {
  coreUrl: string;
  username: string;
  role: string;
  token: string;
  expiresAt: string;
}

type SessionFile = { sessions: Record<string, StoredSession> };

/** `$XDG_CONFIG_HOME/branchline/session.json`, or `~/.config/branchline/session.json`. */
export function sessionFilePath(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'branchline', 'session.json');
}

export const normalizeUrl = (url: string) => url.replace(/\/+$/, '');

function readAll(env: NodeJS.ProcessEnv): SessionFile {
  try {
    const parsed = JSON.parse(readFileSync(sessionFilePath(env), 'utf8')) as Partial<SessionFile>;
    return { sessions: parsed.sessions ?? {} };
  } catch {
    return { sessions: {} };
  }
}

function writeAll(env: NodeJS.ProcessEnv, file: SessionFile): void {
  const path = sessionFilePath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  // The mode of `writeFileSync` applies only to a new file; the token is a password's equal.
  chmodSync(path, 0o600);
}

/** The signed-in session for this core, unless it has expired. */
export function storedSession(
  env: NodeJS.ProcessEnv,
  coreUrl: string,
  now = new Date(),
): StoredSession | undefined {
  const session = readAll(env).sessions[normalizeUrl(coreUrl)];
  if (!session || !(Date.parse(session.expiresAt) > now.getTime())) return undefined;
  return session;
}

export function saveSession(env: NodeJS.ProcessEnv, session: StoredSession): void {
  const file = readAll(env);
  file.sessions[normalizeUrl(session.coreUrl)] = { ...session, coreUrl: normalizeUrl(session.coreUrl) };
  writeAll(env, file);
}

/** Removes this core's session from the file and returns it (expired or not). */
export function forgetSession(env: NodeJS.ProcessEnv, coreUrl: string): StoredSession | undefined {
  const file = readAll(env);
  const key = normalizeUrl(coreUrl);
  const session = file.sessions[key];
  if (!session) return undefined;
  delete file.sessions[key];
  writeAll(env, file);
  return session;
}

import { readFileSync } from 'node:fs';
import { BranchlineError, isErrorCode } from '@branchline/shared';
import { adminTokenPath } from '../admin-token.js';
import { normalizeUrl, storedSession } from './session-file.js';

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
}

export function coreUrl(env: NodeJS.ProcessEnv): string {
  return normalizeUrl(env.BRANCHLINE_CORE_URL ?? 'http://127.0.0.1:8080');
}

/** BRANCHLINE_ADMIN_TOKEN, else the session `branchline login` stored for this core, else the admin-token file. */
function credentials(env: NodeJS.ProcessEnv): string | undefined {
  if (env.BRANCHLINE_ADMIN_TOKEN) return env.BRANCHLINE_ADMIN_TOKEN;
  const session = storedSession(env, coreUrl(env));
  if (session) return session.token;
  try {
    return readFileSync(adminTokenPath(env.BRANCHLINE_CORE_DATA_DIR ?? '.branchline/core'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Talks to the core's HTTP API; errors keep the server's stable code and message. `token` null
 * sends no credentials (signing in).
 */
export function apiClient(
  env: NodeJS.ProcessEnv,
  token: string | null | undefined = credentials(env),
): ApiClient {
  return httpClient(coreUrl(env), 'the core', 'BRANCHLINE_CORE_URL', token ?? undefined);
}

/** Talks to an edge's HTTP API (read-only operator views such as knowledge search). */
export function edgeClient(url: string | undefined, env: NodeJS.ProcessEnv): ApiClient {
  return httpClient(
    url ?? env.BRANCHLINE_EDGE_URL ?? 'http://127.0.0.1:8081',
    'the edge',
    '--edge or BRANCHLINE_EDGE_URL',
  );
}

function httpClient(url: string, what: string, setting: string, token?: string): ApiClient {
  const base = url.replace(/\/$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new BranchlineError(
        'unavailable',
        `cannot reach ${what} at ${base} (set ${setting}): ${(error as Error).message}`,
      );
    }
    const payload = (await response.json().catch(() => ({}))) as {
      error?: { code?: unknown; message?: string };
    };
    if (!response.ok) {
      const code = isErrorCode(payload.error?.code) ? payload.error.code : 'internal';
      throw new BranchlineError(code, payload.error?.message ?? `HTTP ${response.status}`);
    }
    return payload as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
  };
}

import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BranchlineError, isErrorCode } from '@branchline/shared';
import { adminTokenPath } from '../admin-token.js';
import { normalizeUrl, storedSession } from './session-file.js';

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  /** A GET whose body is not JSON (an export), streamed to `file`; returns the bytes written. */
  download(path: string, file: string): Promise<number>;
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
  const send = async (method: string, path: string, body?: unknown): Promise<Response> => {
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
    if (!response.ok) {
      const payload = (await response.json().catch(() => ({}))) as {
        error?: { code?: unknown; message?: string };
      };
      const code = isErrorCode(payload.error?.code) ? payload.error.code : 'internal';
      throw new BranchlineError(code, payload.error?.message ?? `HTTP ${response.status}`);
    }
    return response;
  };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await (await send(method, path, body)).json().catch(() => ({}))) as T;
  const download = async (path: string, file: string): Promise<number> => {
    const response = await send('GET', path);
    if (!response.body) return 0;
    const out = createWriteStream(file);
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), out);
    return out.bytesWritten;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    download,
  };
}

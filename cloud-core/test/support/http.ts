import { expect } from 'vitest';

/** One JSON call; the body of any answer, error or not, for the assertions. */
export async function call(base: string, method: string, path: string, body?: unknown, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A branch agent signed in to the edge's console API, as their browser would be. */
export async function branchAgent(branch: string, username: string, password: string) {
  const login = await fetch(`${branch}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: branch },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return (method: string, path: string, body?: unknown) =>
    call(branch, method, `/console/api${path}`, body, { cookie, 'x-csrf-token': csrfToken, origin: branch });
}

import { expect } from 'vitest';

/** A branch agent signed in to the edge's console API, as their browser would be. */
export async function consoleAgent(branch: string, username: string, password: string) {
  const login = await fetch(`${branch}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: branch },
    body: JSON.stringify({ username, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${branch}/console/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: branch },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

/** One JSON call; the body of any answer, error or not, for the assertions. */
export async function call(base: string, method: string, path: string, body?: unknown, headers = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A branch agent signed in to the edge's console API (the edge's own test helper). */
export { consoleAgent as branchAgent } from '../../../edge-node/test/support/console-agent.js';

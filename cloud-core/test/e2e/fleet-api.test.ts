import { join } from 'node:path';
import {
  type CoreProcess,
  startCoreProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
let core: CoreProcess;

beforeAll(async () => {
  stack = await startTestStack('bl-fleet-api');
  core = stack.core;
});

afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, body: string, token?: string) =>
  fetch(`${core.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

describe('the fleet HTTP API', () => {
  it('needs the admin token to create enrollment tokens', async () => {
    const response = await post('/v1/fleet/enrollment-tokens', JSON.stringify({ edgeId: 'north' }), 'wrong');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'unauthenticated', message: expect.stringContaining('admin token') },
    });
  });

  it('answers malformed JSON and bad fields with a JSON error naming the problem', async () => {
    const malformed = await post('/v1/fleet/enrollment-tokens', '{"edgeId":', core.adminToken());
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid_argument');

    const badId = await post(
      '/v1/fleet/enrollment-tokens',
      JSON.stringify({ edgeId: 'North Branch!' }),
      core.adminToken(),
    );
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: { message: string } }).error.message).toMatch(/^edgeId: /);

    const badLabels = await post(
      '/v1/fleet/enrollment-tokens',
      JSON.stringify({ edgeId: 'north', labels: 'region' }),
      core.adminToken(),
    );
    expect(badLabels.status).toBe(400);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await fetch(`${core.url}/v1/nothing-here`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('lists no edges before any enrolled, to operators only, and reports health to anyone', async () => {
    expect((await fetch(`${core.url}/v1/fleet/edges`)).status).toBe(401);
    const listed = await fetch(`${core.url}/v1/fleet/edges`, {
      headers: { authorization: `Bearer ${core.adminToken()}` },
    });
    expect(await listed.json()).toEqual({ edges: [] });
    expect(await (await fetch(`${core.url}/healthz`)).json()).toEqual({ status: 'ok', nats: 'connected' });
  });

  it('stops at start with a message naming a bad env var', async () => {
    const error = (await startCoreProcess(stack.nats.url, join(stack.dir, 'core-bad'), {
      env: { BRANCHLINE_CORE_HTTP_PORT: 'eighty' },
    }).catch((e: unknown) => e)) as { exitCode?: unknown; output?: string };
    expect(error.exitCode).toBe(1);
    expect(error.output).toMatch(/BRANCHLINE_CORE_HTTP_PORT \(httpPort\)/);
  });
});

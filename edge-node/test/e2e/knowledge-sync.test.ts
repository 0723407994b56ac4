import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createEnrollmentToken,
  repoRoot,
  type ServiceProcess,
  startEdgeProcess,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually, readAllEvents } from '../support/events.js';

/** Knowledge authored in the core reaches the edges it targets, and the edge answers from it. */
let stack: TestStack;
let edge: ServiceProcess<{ edgeId: string; http: number }>;
let base: string;

const admin = () => ({
  'content-type': 'application/json',
  authorization: `Bearer ${stack.core.adminToken()}`,
});

async function putArticle(article: Record<string, unknown>) {
  const response = await fetch(`${stack.core.url}/v1/knowledge/articles/${article.id as string}`, {
    method: 'PUT',
    headers: admin(),
    body: JSON.stringify(article),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

/** The operator's CLI, `branchline kb search`, against this edge. */
async function kbSearch(...args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(repoRoot, 'cloud-core/bin/branchline.js'),
      'kb',
      'search',
      ...args,
      '--edge',
      base,
    ]);
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function status() {
  return (await (await fetch(`${base}/v1/status`)).json()) as {
    knowledge: { snapshotId: string | null; sha256: string | null };
  };
}

async function ask(text: string) {
  const created = (await (
    await fetch(`${base}/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'zh-CN' }),
    })
  ).json()) as { id: string };
  const answer = await fetch(`${base}/v1/conversations/${created.id}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  return (await answer.json()) as { reply: { text: string; handledBy: string; citations: { id: string }[] } };
}

beforeAll(async () => {
  stack = await startTestStack('bl-kb-sync');
  const token = await createEnrollmentToken(stack.core, { edgeId: 'north', labels: { region: 'north' } });
  edge = await startEdgeProcess(stack.core, {
    name: 'north',
    natsUrl: stack.nats.url,
    dataDir: join(stack.dir, 'edge'),
    token,
    env: { BRANCHLINE_EDGE_MODELS: inject('demoModelsDir') },
  });
  base = `http://127.0.0.1:${edge.ready.http}`;
}, 90_000);

afterAll(async () => {
  await edge?.stop();
  await stack?.stop();
});

describe('knowledge sync', () => {
  it('delivers an authored article to the edge, which then answers from it with a citation', async () => {
    await putArticle({
      id: 'opening-hours',
      title: '网点营业时间',
      locale: 'zh-CN',
      body: '# 营业时间\n\n本网点周一至周五 9:00 开门，17:00 关门。周六 9:00-12:00 营业，周日休息。',
    });
    await putArticle({
      id: 'south-only',
      title: '南区网点停车',
      locale: 'zh-CN',
      audience: { region: 'south' },
      body: '南区网点周六提供免费停车位。',
    });
    // The edge first gets the (empty) snapshot of a fleet with no articles, then this one.
    const answer = await eventually(
      () => ask('你们网点周六几点开门？'),
      (a) => a.reply.citations.length > 0,
      20_000,
    );
    const first = await status();
    expect(answer.reply.handledBy).toBe('local');
    expect(answer.reply.citations.map((c) => c.id)).toEqual(['opening-hours']);
    expect(answer.reply.text).toContain('9:00-12:00');

    // An article for the south is not on a north edge.
    const parking = await ask('南区网点停车免费吗');
    expect(parking.reply.citations).toEqual([]);

    // Operators see what the edge holds and would answer.
    const search = await kbSearch('周六几点开门', '--locale', 'zh-CN');
    expect(search.stdout).toContain('1. [KB:opening-hours] 网点营业时间 › 营业时间');
    expect(search.stdout).toMatch(/local answer \[KB:opening-hours\]: .*9:00-12:00/);
    const json = JSON.parse((await kbSearch('南区停车', '--json')).stdout) as {
      hits: unknown[];
      localAnswer: unknown;
    };
    expect(json).toMatchObject({ hits: [], localAnswer: null });
    const bad = await kbSearch('开门', '--limit', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid_argument: limit');

    // An edit replaces the snapshot; the edge answers from the new one.
    await putArticle({
      id: 'opening-hours',
      title: '网点营业时间',
      locale: 'zh-CN',
      body: '# 营业时间\n\n本网点周一至周五 8:30 开门，18:00 关门。周六 9:00-15:00 营业，周日休息。',
    });
    await eventually(status, (s) => s.knowledge.sha256 !== first.knowledge.sha256, 20_000);
    expect((await ask('你们网点周六几点开门？')).reply.text).toContain('9:00-15:00');

    const installed = await eventually(
      () => readAllEvents(stack.nats.url),
      (events) => events.filter((e) => e.type === 'knowledge.installed' && e.edgeId === 'north').length >= 2,
    );
    expect(installed.some((e) => e.type === 'knowledge.installed')).toBe(true);
  });
});

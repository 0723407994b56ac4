import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, startTestStack, type TestStack } from '@branchline/shared/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('bl-kb-cli');
});

afterAll(async () => {
  await stack?.stop();
});

async function branchline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    BRANCHLINE_CORE_URL: stack.core.url,
    BRANCHLINE_ADMIN_TOKEN: stack.core.adminToken(),
  };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(repoRoot, 'cloud-core/bin/branchline.js'), ...args],
      {
        env,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const zh = `---
id: mortgage-rates
title: 房贷利率
locale: zh-CN
tags: [mortgage, rates]
audience: region=north
validFrom: 2025-01-01T00:00:00+08:00
---
# 首套房贷利率

首套住房贷款利率为 3.1%。
`;

const en = `---
id: mortgage-rates-en
title: "Mortgage rates"
locale: en
tags:
  - mortgage
  - rates
---
First-home mortgages are at 3.1%.
`;

const csv = `question,answer,locale,tags
How do I reset my password?,Use the app's login page.,en,password|app
"营业时间是几点?","工作日 9:00-17:00",zh-CN,
`;

describe('branchline kb', () => {
  it('imports Markdown and CSV knowledge and lists it', async () => {
    const dir = join(stack.dir, 'kb');
    mkdirSync(join(dir, 'faq'), { recursive: true });
    writeFileSync(join(dir, 'mortgage-rates.md'), zh);
    writeFileSync(join(dir, 'mortgage-rates-en.md'), en);
    writeFileSync(join(dir, 'faq', 'faq.csv'), csv);

    const imported = await branchline('kb', 'import', dir);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('mortgage-rates.md: mortgage-rates v1');
    expect(imported.stdout).toContain('faq.csv: 2 articles, 2 new or changed');
    expect(imported.stdout).toContain('imported 4 articles from 3 files (4 new or changed)');

    const again = await branchline('kb', 'import', dir);
    expect(again.stdout).toContain('mortgage-rates.md: mortgage-rates v1 (unchanged)');
    expect(again.stdout).toContain('(0 new or changed)');

    const listed = await branchline('kb', 'list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+VERSION\s+LOCALE\s+AUDIENCE/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      'faq-1',
      'faq-2',
      'mortgage-rates',
      'mortgage-rates-en',
    ]);
    expect(listed.stdout).toMatch(/mortgage-rates\s+1\s+zh-CN\s+region=north/);

    const article = (await (
      await fetch(`${stack.core.url}/v1/knowledge/articles/faq-1`, {
        headers: { authorization: `Bearer ${stack.core.adminToken()}` },
      })
    ).json()) as Record<string, unknown>;
    expect(article).toMatchObject({
      id: 'faq-1',
      version: 1,
      title: 'How do I reset my password?',
      body: "Use the app's login page.",
      locale: 'en',
      tags: ['password', 'app'],
    });
  });

  it('stops at a bad line, naming the file and line, and sends nothing', async () => {
    const dir = join(stack.dir, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a-good.md'), en.replace('mortgage-rates-en', 'good-one'));
    writeFileSync(join(dir, 'b-bad.md'), '---\nid: bad-one\ntitle: Bad\nlocale: fr\n---\nBody.\n');
    const result = await branchline('kb', 'import', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'b-bad.md')}:4: locale:`);
    const missing = await fetch(`${stack.core.url}/v1/knowledge/articles/good-one`, {
      headers: { authorization: `Bearer ${stack.core.adminToken()}` },
    });
    expect(missing.status).toBe(404);

    writeFileSync(join(dir, 'b-bad.md'), 'no front matter');
    writeFileSync(join(dir, 'c.csv'), 'question,answer\nonly a question\n');
    expect((await branchline('kb', 'import', dir)).stderr).toContain('b-bad.md:1: a knowledge file starts');
  });

  it('names the CSV line of a bad row', async () => {
    const dir = join(stack.dir, 'bad-csv');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'qa.csv'), 'Q1?,A1.,en\nonly a question\n');
    const result = await branchline('kb', 'import', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${join(dir, 'qa.csv')}:2: expected question,answer`);
  });
});

describe('the knowledge HTTP API', () => {
  const put = (id: string, body: unknown, token?: string) =>
    fetch(`${stack.core.url}/v1/knowledge/articles/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('needs the admin token to write and answers bad fields with a 400 naming them', async () => {
    const article = { title: 'Fees', body: 'No fees.', locale: 'en' };
    expect((await put('fees', article)).status).toBe(401);
    const bad = await put('fees', { ...article, tags: 'x' }, stack.core.adminToken());
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^tags: /);
    const created = await put('fees', { ...article, version: 7 }, stack.core.adminToken());
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ changed: true, article: { id: 'fees', version: 1 } });
    const edited = await put('fees', { ...article, body: 'Still no fees.' }, stack.core.adminToken());
    expect(await edited.json()).toMatchObject({ changed: true, article: { version: 2 } });

    const del = (token?: string) =>
      fetch(`${stack.core.url}/v1/knowledge/articles/fees`, {
        method: 'DELETE',
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    expect((await del()).status).toBe(401);
    expect((await del(stack.core.adminToken())).status).toBe(204);
    expect((await del(stack.core.adminToken())).status).toBe(404);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployDir, dockerfileProblems, repoRoot, workspacesNotCopied } from './support/index.js';

const dockerfile = readFileSync(join(deployDir, 'docker/Dockerfile'), 'utf8');
const ignore = readFileSync(join(deployDir, 'docker/Dockerfile.dockerignore'), 'utf8').split('\n');
const workspaces = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }
).workspaces;

describe('the image (deploy/docker/Dockerfile)', () => {
  it('passes the Docker language server checks (dockerfile-utils)', () => {
    expect(dockerfileProblems(dockerfile)).toEqual([]);
  });

  it('copies every workspace manifest before `npm install`, so the lock file applies', () => {
    expect(workspacesNotCopied(dockerfile, workspaces)).toEqual([]);
  });

  it('builds on node:20-bookworm-slim in two stages and runs as the non-root node user', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile.match(/^USER .*/gm)?.at(-1)).toBe('USER node');
  });

  it('keeps dependencies, builds, local data and secrets out of the build context', () => {
    expect(ignore).toEqual(
      expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.branchline', '**/.env']),
    );
  });
});

describe('the image checks catch', () => {
  it('an unknown instruction and an instruction without arguments', () => {
    const broken = dockerfile.replace('RUN npm install', 'RUNN npm install').replace('USER node', 'USER');
    expect(dockerfileProblems(broken)).toEqual([
      expect.stringMatching(/Unknown instruction: RUNN/),
      expect.stringMatching(/Instruction has no arguments/),
    ]);
  });

  it('a workspace whose package.json is not copied', () => {
    expect(
      workspacesNotCopied(dockerfile.replace('COPY deploy/package.json deploy/\n', ''), workspaces),
    ).toEqual(['deploy']);
  });
});

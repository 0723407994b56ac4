import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { repoRoot as root } from '@branchline/shared/process';

/** The repository root, without a trailing slash. */
export const repoRoot = resolve(root);
export const deployDir = join(repoRoot, 'deploy');

/** A path relative to the repository root, for messages. */
export const shown = (path: string) => relative(repoRoot, path);

/** Files directly in `dir` whose names end with one of `extensions`, sorted. */
export function filesIn(dir: string, ...extensions: string[]): string[] {
  return readdirSync(dir)
    .filter((name) => extensions.some((ext) => name.endsWith(ext)))
    .sort()
    .map((name) => join(dir, name));
}

function walk(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/**
 * Every environment variable name the code knows: the `BRANCHLINE_*` names in the packages'
 * sources (config mappings, `process.env.…`), plus the few the code reads under other names.
 * Manifests that set a name outside this set have a typo or a stale name.
 */
export function knownEnvNames(): Set<string> {
  const names = new Set(['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'NODE_ENV']);
  for (const pkg of ['shared', 'edge-node', 'cloud-core']) {
    for (const file of walk(join(repoRoot, pkg, 'src'), [])) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b(BRANCHLINE_[A-Z0-9_]+)\b/g)) {
        if (match[1]) names.add(match[1]);
      }
    }
  }
  return names;
}

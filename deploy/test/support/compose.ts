import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { repoRoot } from './paths.js';

type Compose = {
  services?: Record<
    string,
    {
      build?: { context?: string; dockerfile?: string } | string;
      depends_on?: Record<string, unknown> | string[];
      volumes?: (string | { type?: string; source?: string })[];
      environment?: Record<string, unknown> | string[];
    }
  >;
  volumes?: Record<string, unknown>;
};

/** The compose-spec JSON schema as dclint ships it (its `exports` hide the file, so by path). */
function composeSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('dclint/package.json'));
  const schema = JSON.parse(readFileSync(join(dir, 'schemas/compose.schema.json'), 'utf8'));
  // "https://json-schema.org/draft-07/schema" is not the id ajv registers draft-07 under; ajv's
  // default draft is draft-07 already.
  delete schema.$schema;
  return schema;
}

let validate: ReturnType<Ajv['compile']> | undefined;

/** Parses compose YAML the way compose does (`<<` merge keys included). */
export const parseCompose = (text: string): unknown => parse(text, { merge: true });

/** compose-spec schema errors, one line each (none when valid). */
export function composeSchemaErrors(document: unknown): string[] {
  validate ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(composeSchema());
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

/**
 * What the schema cannot see: `depends_on` names services that exist, named volumes are declared,
 * bind-mounted files and the Dockerfile exist in the repository, and the Branchline services set
 * only environment variables the code reads.
 */
export function composeReferenceProblems(document: unknown, file: string, knownEnv: Set<string>): string[] {
  const compose = document as Compose;
  const services = compose.services ?? {};
  const problems: string[] = [];
  const base = dirname(file);
  for (const [name, service] of Object.entries(services)) {
    const deps = Array.isArray(service.depends_on)
      ? service.depends_on
      : Object.keys(service.depends_on ?? {});
    for (const dep of deps)
      if (!(dep in services)) problems.push(`${name}: depends_on ${dep}, no such service`);
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
      if (!source) continue;
      if (source.startsWith('.') || source.startsWith('/')) {
        if (!existsSync(resolve(base, source)))
          problems.push(`${name}: mounts ${source}, which does not exist`);
      } else if (!(source in (compose.volumes ?? {}))) {
        problems.push(`${name}: volume ${source} is not declared under volumes`);
      }
    }
    if (service.build) {
      const build = typeof service.build === 'string' ? { context: service.build } : service.build;
      const context = resolve(base, build.context ?? '.');
      if (context !== repoRoot) problems.push(`${name}: the build context must be the repository root`);
      if (!existsSync(resolve(context, build.dockerfile ?? 'Dockerfile')))
        problems.push(`${name}: Dockerfile ${build.dockerfile} does not exist`);
      const env = Array.isArray(service.environment)
        ? service.environment.map((e) => e.split('=')[0] ?? '')
        : Object.keys(service.environment ?? {});
      for (const key of env) if (!knownEnv.has(key)) problems.push(`${name}: env ${key} is read by no code`);
    }
  }
  return problems;
}

import type { z } from 'zod';
import { BranchlineError } from '../errors/index.js';

/** Maps each config field to the env var that sets it, so an error can name the variable. */
export type EnvMapping<T> = { [K in keyof T]?: string };

/**
 * Defaults, then env, then explicit options; validated once with zod. A bad value throws an
 * error naming the env var, which `main` prints before exiting non-zero.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  mapping: EnvMapping<z.infer<S>>,
  env: NodeJS.ProcessEnv,
  overrides: Partial<z.input<S>> = {},
): z.infer<S> {
  const raw: Record<string, unknown> = {};
  for (const [field, variable] of Object.entries(mapping) as [string, string | undefined][]) {
    const value = variable === undefined ? undefined : env[variable];
    if (value !== undefined && value !== '') raw[field] = value;
  }
  Object.assign(raw, overrides);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const variable = (mapping as Record<string, string | undefined>)[field];
    const where = variable ? `${variable} (${field})` : field;
    return `  ${where}: ${issue.message}`;
  });
  throw new BranchlineError('invalid_argument', `invalid configuration:\n${problems.join('\n')}`);
}

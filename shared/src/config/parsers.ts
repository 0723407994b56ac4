import { z } from 'zod';

/** `region=north,industry=bank` -> `{region:"north", industry:"bank"}`. */
export const labelsSchema = z
  .union([z.string(), z.record(z.string(), z.string())])
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    const labels: Record<string, string> = {};
    for (const pair of value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [key, val, ...rest] = pair.split('=');
      if (!key || val === undefined || rest.length > 0) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not key=value` });
        return z.NEVER;
      }
      labels[key.trim()] = val.trim();
    }
    return labels;
  })
  .pipe(
    z.record(
      z.string().regex(/^[a-z][a-z0-9_.-]{0,62}$/, 'label keys are lower-case letters, digits, _ . -'),
      z.string().max(63),
    ),
  );

export const portSchema = z.coerce.number().int().min(0).max(65535);

/** `host:port`, as gRPC targets are written. */
export const hostPortSchema = z
  .string()
  .regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/, 'expected host:port');

/** Edge names become NATS subject tokens and certificate subjects: keep them plain. */
export const edgeNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'edge names are lower-case letters, digits and -, at most 63');

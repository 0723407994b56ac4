import { BranchlineError, edgeNameSchema } from '@branchline/shared';
import { z } from 'zod';
import type { EdgeRecord } from '../fleet/index.js';
import { matches, parseSelector } from '../fleet-config/index.js';

/** What a dashboard or CLI query asks for: the whole fleet, the edges a label selector picks, or one edge. */
export const scopeQuerySchema = z.object({
  edge: edgeNameSchema.optional(),
  selector: z.string().max(500).optional(),
  /** How far back from now; hourly buckets up to 3 days, daily beyond. */
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(90 * 24)
    .default(24),
  bucket: z.enum(['hour', 'day']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ScopeQuery = z.infer<typeof scopeQuerySchema>;

export interface ResolvedScope {
  /** Undefined = the whole fleet (edges removed since keep their history). */
  edgeIds: string[] | undefined;
  label: string;
  from: Date;
  to: Date;
  bucket: 'hour' | 'day';
}

export function parseScopeQuery(query: Record<string, string>): ScopeQuery {
  const parsed = scopeQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BranchlineError('invalid_argument', `${issue?.path.join('.') || 'query'}: ${issue?.message}`);
  }
  if (parsed.data.edge && parsed.data.selector)
    throw new BranchlineError('invalid_argument', 'give either edge or selector, not both');
  return parsed.data;
}

/** Turns a scope into edge ids and a time window whose ends fall on bucket boundaries. */
export function resolveScope(query: ScopeQuery, edges: EdgeRecord[], now = new Date()): ResolvedScope {
  const bucket = query.bucket ?? (query.hours <= 72 ? 'hour' : 'day');
  const step = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const to = new Date(Math.floor(now.getTime() / step) * step + step);
  const from = new Date(to.getTime() - Math.ceil((query.hours * 3_600_000) / step) * step);
  if (query.edge) {
    if (!edges.some((e) => e.id === query.edge))
      throw new BranchlineError('not_found', `no edge ${query.edge} in the fleet`);
    return { edgeIds: [query.edge], label: `edge ${query.edge}`, from, to, bucket };
  }
  if (query.selector) {
    const selector = parseSelector(query.selector);
    return {
      edgeIds: edges.filter((e) => matches(selector, e.labels)).map((e) => e.id),
      label: query.selector,
      from,
      to,
      bucket,
    };
  }
  return { edgeIds: undefined, label: 'whole fleet', from, to, bucket };
}

import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { BranchlineError } from '../errors/index.js';

/**
 * Password guessing from one address is slowed to a handful of tries a minute (counted in this
 * process). Used by every sign-in: the edge's agent console and the core's operators.
 */
export function signInLimit(perMinute = 10): MiddlewareHandler {
  return rateLimiter({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    keyGenerator: (c) => `sign-in:${getConnInfo(c).remote.address ?? 'unknown'}`,
    handler: () => {
      throw new BranchlineError('rate_limited', 'too many sign-in attempts; wait a minute', true);
    },
  });
}

import { BranchlineError } from '@branchline/shared';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';

export interface RateLimits {
  perIpPerMinute: number;
  perConversationPerMinute: number;
}

function clientIp(c: Context): string {
  return getConnInfo(c).remote.address ?? 'unknown';
}

function limited(what: string) {
  return () => {
    throw new BranchlineError(
      'rate_limited',
      `too many requests from this ${what}; slow down and retry shortly`,
      true,
    );
  };
}

/** A flood from one client address, over all customer routes. */
export function perIpLimit(limits: RateLimits): MiddlewareHandler {
  return rateLimiter({
    windowMs: 60_000,
    limit: limits.perIpPerMinute,
    standardHeaders: 'draft-7',
    keyGenerator: clientIp,
    handler: limited('address'),
  });
}

/** A flood into one conversation, whichever addresses it comes from. */
export function perConversationLimit(limits: RateLimits): MiddlewareHandler {
  return rateLimiter({
    windowMs: 60_000,
    limit: limits.perConversationPerMinute,
    standardHeaders: 'draft-7',
    keyGenerator: (c) => `conversation:${c.req.param('id') ?? ''}`,
    handler: limited('conversation'),
  });
}

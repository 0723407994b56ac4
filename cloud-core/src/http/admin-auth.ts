import { timingSafeEqual } from 'node:crypto';
import { BranchlineError } from '@branchline/shared';
import type { MiddlewareHandler } from 'hono';

/** Operator endpoints need `Authorization: Bearer <admin token>` until operator accounts land. */
export function requireAdmin(adminToken: string): MiddlewareHandler {
  const expected = Buffer.from(adminToken);
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new BranchlineError(
        'unauthenticated',
        'this endpoint needs the admin token: Authorization: Bearer <token>',
      );
    }
    await next();
  };
}

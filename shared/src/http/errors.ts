import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { BranchlineError, httpStatusOf } from '../errors/index.js';
import type { Logger } from '../logging/index.js';

/** The one place HTTP errors become JSON `{error:{code,message}}`; no stack reaches a client. */
export function errorHandler(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof BranchlineError) {
      return c.json(
        { error: { code: error.code, message: error.message } },
        httpStatusOf[error.code] as ContentfulStatusCode,
      );
    }
    if (error instanceof HTTPException) {
      const code =
        error.status === 401
          ? 'unauthenticated'
          : error.status === 404
            ? 'not_found'
            : error.status === 413
              ? 'payload_too_large'
              : error.status === 429
                ? 'rate_limited'
                : 'invalid_argument';
      return c.json({ error: { code, message: error.message } }, error.status);
    }
    log.error({ err: error, path: c.req.path }, 'request failed');
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  };
}

export function notFound(c: Context) {
  return c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
}

/** Parses a JSON body, turning a malformed one into a clear 400 instead of a crash. */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BranchlineError('invalid_argument', 'the request body is not valid JSON');
  }
}

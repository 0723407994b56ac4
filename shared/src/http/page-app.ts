import { createHash } from 'node:crypto';
import { Hono } from 'hono';

export interface PageAppOptions {
  /** The page's HTML; its import map (if any) is allowed by hash, nothing else inline runs. */
  page: string;
  /** Files under `assets/`, by name. */
  assets: ReadonlyMap<string, { body: string; type: string }>;
  /** JavaScript from packages under `vendor/`, by name; cached for a day. */
  vendor: Readonly<Record<string, string>>;
  /** Extra CSP directives, e.g. `img-src 'self' data:`. */
  csp?: string[];
}

const secured = (headers: Record<string, string>) => ({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  ...headers,
});

/**
 * A single-page app served by the process itself (the edge's agent console, the core's ops
 * dashboard): `/` with a strict content security policy, `/assets/:name` and `/vendor/:name`.
 * No CDN and no bundler, so a page works in a branch without internet.
 */
export function pageApp(options: PageAppOptions): Hono {
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(options.page)?.[1] ?? '';
  const importMapHash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;
  const contentSecurityPolicy = [
    "default-src 'self'",
    `script-src 'self' ${importMapHash}`,
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    ...(options.csp ?? []),
  ].join('; ');
  const app = new Hono();
  app.get('/', (c) =>
    c.html(
      options.page,
      200,
      secured({ 'content-security-policy': contentSecurityPolicy, 'cache-control': 'no-store' }),
    ),
  );
  app.get('/assets/:name', (c) => {
    const asset = options.assets.get(c.req.param('name'));
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, secured({ 'content-type': asset.type, 'cache-control': 'no-cache' }));
  });
  app.get('/vendor/:name', (c) => {
    const body = options.vendor[c.req.param('name')];
    if (body === undefined) return c.notFound();
    return c.body(
      body,
      200,
      secured({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=86400' }),
    );
  });
  return app;
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const web = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../web/console/${name}`, import.meta.url)), 'utf8');
// Resolved as an `import` would be, so the browser gets the packages' ES module builds.
const vendorFile = (specifier: string) => readFileSync(fileURLToPath(import.meta.resolve(specifier)), 'utf8');

// Preact and htm are served from the edge itself, as plain ES modules: the console works in a
// branch without internet and needs no bundler; the import map in the page names them.
const vendor: Record<string, string> = {
  'preact.mjs': vendorFile('preact'),
  'hooks.mjs': vendorFile('preact/hooks'),
  'htm.mjs': vendorFile('htm'),
};
const assets: Record<string, { body: string; type: string }> = {
  'app.js': { body: web('app.js'), type: 'text/javascript; charset=utf-8' },
  'console.css': { body: web('console.css'), type: 'text/css; charset=utf-8' },
};
const page = web('index.html');
const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
const importMapHash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;

// Scripts only from the edge (plus the import map, by its hash); nothing inline can run.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' ${importMapHash}`,
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** The agent console's page and its static files, under /console. */
export function consolePage(): Hono {
  const app = new Hono();
  const secured = (headers: Record<string, string>) => ({
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    ...headers,
  });
  app.get('/', (c) =>
    c.html(
      page,
      200,
      secured({ 'content-security-policy': contentSecurityPolicy, 'cache-control': 'no-store' }),
    ),
  );
  app.get('/assets/:name', (c) => {
    const asset = assets[c.req.param('name')];
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, secured({ 'content-type': asset.type, 'cache-control': 'no-cache' }));
  });
  app.get('/vendor/:name', (c) => {
    const body = vendor[c.req.param('name')];
    if (body === undefined) return c.notFound();
    return c.body(
      body,
      200,
      secured({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=86400' }),
    );
  });
  return app;
}

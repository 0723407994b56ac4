import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const webDir = fileURLToPath(new URL('../../web/dashboard/', import.meta.url));
// Resolved as an `import` would be, so the browser gets the packages' ES module builds.
const vendorFile = (specifier: string) => readFileSync(fileURLToPath(import.meta.resolve(specifier)), 'utf8');

// Preact, htm and Chart.js are served by the core itself: the dashboard needs no CDN and no
// bundler. Chart.js goes as its self-contained UMD build, a classic script that sets `Chart`.
const vendor: Record<string, string> = {
  'preact.mjs': vendorFile('preact'),
  'hooks.mjs': vendorFile('preact/hooks'),
  'htm.mjs': vendorFile('htm'),
  'chart.umd.min.js': readFileSync(
    join(dirname(fileURLToPath(import.meta.resolve('chart.js'))), 'chart.umd.min.js'),
    'utf8',
  ),
};
const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
const assets = new Map(
  readdirSync(webDir)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => [
      name,
      { body: readFileSync(join(webDir, name), 'utf8'), type: types[name.split('.').pop() ?? ''] ?? '' },
    ]),
);
const page = readFileSync(join(webDir, 'index.html'), 'utf8');
const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
const importMapHash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;

// Scripts only from the core (plus the import map, by its hash); nothing inline can run.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' ${importMapHash}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const secured = (headers: Record<string, string>) => ({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  ...headers,
});

/** The ops dashboard's page and static files, under /dashboard. */
export function dashboardPage(): Hono {
  const app = new Hono();
  app.get('/', (c) =>
    c.html(
      page,
      200,
      secured({ 'content-security-policy': contentSecurityPolicy, 'cache-control': 'no-store' }),
    ),
  );
  app.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
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

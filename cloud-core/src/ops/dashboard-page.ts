import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageApp } from '@branchline/shared';
import type { Hono } from 'hono';

const webDir = fileURLToPath(new URL('../../web/dashboard/', import.meta.url));
// Resolved as an `import` would be, so the browser gets the packages' ES module builds.
const vendorFile = (specifier: string) => readFileSync(fileURLToPath(import.meta.resolve(specifier)), 'utf8');
const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The ops dashboard's page and static files, under /dashboard. */
export function dashboardPage(): Hono {
  return pageApp({
    page: readFileSync(join(webDir, 'index.html'), 'utf8'),
    assets: new Map(
      readdirSync(webDir)
        .filter((name) => /\.(js|css)$/.test(name))
        .map((name) => [
          name,
          { body: readFileSync(join(webDir, name), 'utf8'), type: types[name.split('.').pop() ?? ''] ?? '' },
        ]),
    ),
    // Chart.js goes as its self-contained UMD build, a classic script that sets `Chart`.
    vendor: {
      'preact.mjs': vendorFile('preact'),
      'hooks.mjs': vendorFile('preact/hooks'),
      'htm.mjs': vendorFile('htm'),
      'chart.umd.min.js': readFileSync(
        join(dirname(fileURLToPath(import.meta.resolve('chart.js'))), 'chart.umd.min.js'),
        'utf8',
      ),
    },
    csp: ["img-src 'self' data:"],
  });
}

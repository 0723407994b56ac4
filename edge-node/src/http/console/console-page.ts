import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pageApp } from '@branchline/shared';
import type { Hono } from 'hono';

const web = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../web/console/${name}`, import.meta.url)), 'utf8');
// Resolved as an `import` would be, so the browser gets the packages' ES module builds.
const vendorFile = (specifier: string) => readFileSync(fileURLToPath(import.meta.resolve(specifier)), 'utf8');

/** The agent console's page and its static files, under /console; the import map names the vendor files. */
export function consolePage(): Hono {
  return pageApp({
    page: web('index.html'),
    assets: new Map([
      ['app.js', { body: web('app.js'), type: 'text/javascript; charset=utf-8' }],
      ['console.css', { body: web('console.css'), type: 'text/css; charset=utf-8' }],
    ]),
    vendor: {
      'preact.mjs': vendorFile('preact'),
      'hooks.mjs': vendorFile('preact/hooks'),
      'htm.mjs': vendorFile('htm'),
    },
  });
}

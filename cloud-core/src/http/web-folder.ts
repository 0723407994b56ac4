import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageAppOptions } from '@branchline/shared';

const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/**
 * A page kept in `cloud-core/web/<name>/`: its index.html, and every .js and .css file beside it as an
 * asset. The folder is found relative to this module, which sits at the same depth in src/ and dist/.
 */
export function webFolder(name: string): Pick<PageAppOptions, 'page' | 'assets'> {
  const dir = fileURLToPath(new URL(`../../web/${name}/`, import.meta.url));
  return {
    page: readFileSync(join(dir, 'index.html'), 'utf8'),
    assets: new Map(
      readdirSync(dir)
        .filter((file) => /\.(js|css)$/.test(file))
        .map((file) => [
          file,
          { body: readFileSync(join(dir, file), 'utf8'), type: types[file.split('.').pop() ?? ''] ?? '' },
        ]),
    ),
  };
}

/**
 * The file an `import` of `specifier` loads, so the browser gets the package's ES module build; or,
 * with `sibling`, another build next to it.
 */
export function vendorFile(specifier: string, sibling?: string): string {
  const entry = fileURLToPath(import.meta.resolve(specifier));
  return readFileSync(sibling ? join(dirname(entry), sibling) : entry, 'utf8');
}

/** Preact, its hooks and htm: the vendor files every page's import map names. */
export function preactVendor(): Record<string, string> {
  return {
    'preact.mjs': vendorFile('preact'),
    'hooks.mjs': vendorFile('preact/hooks'),
    'htm.mjs': vendorFile('htm'),
  };
}

import { pageApp } from '@branchline/shared';
import type { Hono } from 'hono';
import { preactVendor, webFolder } from '../http/web-folder.js';

/**
 * The central overflow console, under /overflow. It also loads the dashboard's sign-in form, API
 * wrapper, formats and base styles from /dashboard/assets, which the same-origin CSP allows.
 */
export function overflowPage(): Hono {
  return pageApp({ ...webFolder('overflow'), vendor: preactVendor() });
}

import { pageApp } from '@branchline/shared';
import type { Hono } from 'hono';
import { preactVendor, vendorFile, webFolder } from '../http/web-folder.js';

/** The ops dashboard's page and static files, under /dashboard. */
export function dashboardPage(): Hono {
  return pageApp({
    ...webFolder('dashboard'),
    // Chart.js goes as its self-contained UMD build, a classic script that sets `Chart`.
    vendor: { ...preactVendor(), 'chart.umd.min.js': vendorFile('chart.js', 'chart.umd.min.js') },
    csp: ["img-src 'self' data:"],
  });
}

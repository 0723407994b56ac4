import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

const page = readFileSync(fileURLToPath(new URL('../../web/chat.html', import.meta.url)), 'utf8');

function inlineHash(tag: 'script' | 'style'): string {
  const match = new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(page);
  return `'sha256-${createHash('sha256')
    .update(match?.[1] ?? '')
    .digest('base64')}'`;
}

// Only the page's own inline script and style run: an injected one would not match its hash.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src ${inlineHash('script')}`,
  `style-src ${inlineHash('style')}`,
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The customer chat page, for the demo and the browser tests. */
export function chatPage(demoCustomers: () => { ref: string }[]): Hono {
  const app = new Hono();
  app.get('/chat', (c) => {
    c.header('content-security-policy', contentSecurityPolicy);
    c.header('x-content-type-options', 'nosniff');
    return c.html(page);
  });
  app.get('/', (c) => c.redirect('/chat'));
  app.get('/v1/chat/info', (c) => c.json({ demoCustomers: demoCustomers() }));
  return app;
}

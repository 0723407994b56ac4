import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { AttemptResult, OutboundMessage } from './gateway.js';

export interface DemoGateway {
  url: string;
  /** Every message received, in order (repeats of an attempt id included). */
  received: OutboundMessage[];
  /** Answers for the next messages, in order; `delivered` when none is left. */
  script(...results: (AttemptResult | { status: number })[]): void;
  close(): Promise<void>;
}

/**
 * A stand-in for a branch's SMS gateway or autodialer, on loopback: the all-in-one demo sends its
 * reminders here, and tests script what the "network" answers (no answer, busy, an HTTP error).
 * With `logFile`, each message is appended to it as a JSON line, so a demo can show what
 * customers would have received. It lives in the branch: the phone numbers it sees never leave it.
 */
export async function startDemoGateway(
  options: { logFile?: string; port?: number } = {},
): Promise<DemoGateway> {
  const received: OutboundMessage[] = [];
  const queue: (AttemptResult | { status: number })[] = [];
  if (options.logFile) mkdirSync(dirname(options.logFile), { recursive: true });
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      let message: OutboundMessage;
      try {
        message = JSON.parse(body) as OutboundMessage;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"not JSON"}');
        return;
      }
      received.push(message);
      if (options.logFile)
        appendFileSync(options.logFile, `${JSON.stringify({ at: new Date().toISOString(), ...message })}\n`);
      const next = queue.shift() ?? 'delivered';
      if (typeof next === 'object') {
        res
          .writeHead(next.status, { 'content-type': 'application/json' })
          .end('{"error":"scripted failure"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: next }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    received,
    script: (...results) => queue.push(...results),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

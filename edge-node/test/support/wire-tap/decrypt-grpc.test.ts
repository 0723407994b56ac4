import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedPlaintext, decodeHttp2ClientStream, decryptTls13ClientData, startWireTap } from './index.js';
import { createTestPki } from './test-pki.js';
import { parseRecords, plaintextHandshake, serverHelloSuite } from './tls-records.js';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./grpc-client.fixture.mjs', import.meta.url));
const chinese = '王小明';
const ascii = 'marker-7c1f0e';
const identity = (buffer: Buffer) => buffer;

let dir: string;
let server: grpc.Server;
let serverPort: number;
const received: Buffer[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wire-tap-'));
  const pki = await createTestPki();
  writeFileSync(join(dir, 'ca.pem'), pki.caPem);
  writeFileSync(join(dir, 'client.pem'), pki.client.certPem);
  writeFileSync(join(dir, 'client.key'), pki.client.keyPem);
  server = new grpc.Server();
  const say = {
    path: '/wiretap.Echo/Say',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  } as const;
  server.addService(
    { say },
    {
      say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        received.push(call.request);
        callback(null, Buffer.from('ok'));
      },
    },
  );
  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(pki.caPem),
    [{ cert_chain: Buffer.from(pki.server.certPem), private_key: Buffer.from(pki.server.keyPem) }],
    true,
  );
  serverPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, port) => (error ? reject(error) : resolve(port))),
  );
});

afterAll(() => {
  server?.forceShutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One unary call from a child process through a fresh tap, its TLS 1.3 suite pinned. */
async function tappedCall(suite: string) {
  const tap = await startWireTap({ host: '127.0.0.1', port: serverPort });
  const keylogFile = join(dir, `${suite}.keylog`);
  try {
    const { stdout } = await run(process.execPath, [fixture], {
      env: {
        ...process.env,
        NODE_OPTIONS: `--tls-keylog=${keylogFile} --tls-cipher-list=${suite}`,
        WIRE_TAP_TARGET: `127.0.0.1:${tap.port}`,
        WIRE_TAP_PKI_DIR: dir,
        WIRE_TAP_ASCII: ascii,
        WIRE_TAP_CHINESE: chinese,
      },
    });
    expect(stdout).toBe('ok');
    return { tap, keylogFile, connections: tap.connections() };
  } finally {
    await tap.close();
  }
}

describe.each([
  ['TLS_AES_128_GCM_SHA256', 0x1301],
  ['TLS_AES_256_GCM_SHA384', 0x1302],
  ['TLS_CHACHA20_POLY1305_SHA256', 0x1303],
])('a gRPC call over mutual TLS with %s', (suite, code) => {
  it('is readable once decrypted, and not before', async () => {
    const { tap, keylogFile, connections } = await tappedCall(suite);
    expect(connections).toHaveLength(1);
    // The pinned suite really was negotiated, so each key schedule is exercised.
    const serverBytes = Buffer.concat(connections[0]?.serverToClient ?? []);
    const hello = plaintextHandshake(parseRecords(serverBytes)).find((m) => m.type === 2);
    expect(hello && serverHelloSuite(hello)).toEqual({ cipherSuite: code, tls13: true });
    expect(received.at(-1)?.toString('utf8')).toContain(chinese);
    const [connection] = await capturedPlaintext(tap, keylogFile);
    const text = connection?.plaintext.toString('utf8') ?? '';
    expect(connection?.tls).toBe(true);
    expect(text).toContain(`x-ascii-marker: ${ascii}`);
    expect(text).toContain(`x-name-bin: ${chinese}`);
    expect(text).toContain(`customer ${chinese} ${ascii}`);
    expect(text).toContain(':path: /wiretap.Echo/Say');

    const raw = Buffer.concat([
      ...(connection?.connection.clientToServer ?? []),
      ...(connection?.connection.serverToClient ?? []),
    ]);
    for (const marker of [chinese, ascii, Buffer.from(chinese).toString('base64')]) {
      expect(raw.includes(Buffer.from(marker, 'utf8'))).toBe(false);
    }
  });
});

describe('when it cannot decrypt', () => {
  it('names the connection and the client_random the key log lacks', async () => {
    const { connections } = await tappedCall('TLS_AES_128_GCM_SHA256');
    const [connection] = connections;
    if (connection === undefined) throw new Error('no connection was tapped');
    expect(() => decryptTls13ClientData(connection, '')).toThrow(
      /^connection 1: the key log has no client traffic secrets for client_random [0-9a-f]{64}$/,
    );
  });

  it('says which secret failed when the key log is wrong', async () => {
    const { keylogFile, connections } = await tappedCall('TLS_AES_128_GCM_SHA256');
    const [connection] = connections;
    if (connection === undefined) throw new Error('no connection was tapped');
    const wrong = readFileSync(keylogFile, 'utf8').replace(/ ([0-9a-f]{64})$/gm, ` ${'00'.repeat(32)}`);
    expect(() => decryptTls13ClientData(connection, wrong)).toThrow(
      /connection 1: record \d+ does not decrypt with the client handshake traffic secret \(TLS_AES_128_GCM_SHA256\)/,
    );
  });

  it('rejects bytes that are not TLS or not HTTP/2', async () => {
    const notTls = { id: 3, clientToServer: [Buffer.from('CONNECT {}\r\n')], serverToClient: [] };
    expect(() => decryptTls13ClientData(notTls, '')).toThrow(/^connection 3: no ClientHello/);
    await expect(decodeHttp2ClientStream(Buffer.from('GET / HTTP/1.1\r\n'))).rejects.toThrow(/preface/);
  });
});

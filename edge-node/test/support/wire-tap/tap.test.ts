import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { capturedPlaintext, startWireTap, type WireTap } from './index.js';

let echo: Server | undefined;
let tap: WireTap | undefined;

afterEach(async () => {
  await tap?.close();
  await new Promise((resolve) => (echo ? echo.close(resolve) : resolve(undefined)));
});

function nextData(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));
}

it('relays a plain TCP conversation and records each direction in order', async () => {
  echo = createServer((socket) => socket.on('data', (chunk) => socket.write(`echo:${chunk}`)));
  await new Promise<void>((resolve) => echo?.listen(0, '127.0.0.1', resolve));
  const address = echo.address();
  if (address === null || typeof address === 'string') throw new Error('echo server has no port');
  tap = await startWireTap({ host: '127.0.0.1', port: address.port });

  const client = connect(tap.port, '127.0.0.1');
  for (const word of ['PUB a 1\r\n', '王小明\r\n', 'PING\r\n']) {
    client.write(word);
    expect(await nextData(client)).toBe(`echo:${word}`);
  }
  const [connection] = tap.connections();
  expect(tap.connections()).toHaveLength(1);
  expect(Buffer.concat(connection?.clientToServer ?? []).toString('utf8')).toBe(
    'PUB a 1\r\n王小明\r\nPING\r\n',
  );
  expect(Buffer.concat(connection?.serverToClient ?? []).toString('utf8')).toBe(
    'echo:PUB a 1\r\necho:王小明\r\necho:PING\r\n',
  );

  const [captured] = await capturedPlaintext(tap, '/nonexistent/keylog');
  expect(captured?.tls).toBe(false);
  expect(captured?.plaintext.toString('utf8')).toContain('王小明');

  const closed = new Promise((resolve) => client.once('close', resolve));
  await tap.close();
  tap = undefined;
  await closed;
});

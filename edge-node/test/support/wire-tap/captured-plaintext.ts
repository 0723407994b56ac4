import { readFile } from 'node:fs/promises';
import { decodeHttp2ClientStream } from './http2-decode.js';
import type { TappedConnection, WireTap } from './tap.js';
import { decryptTls13ClientData } from './tls13-decrypt.js';

export interface ConnectionPlaintext {
  connection: TappedConnection;
  tls: boolean;
  /** For TLS: decoded HTTP/2 header lines, a newline, then DATA payloads. Otherwise the raw client bytes. */
  plaintext: Buffer;
}

const tlsHandshakeRecord = 0x16;

/**
 * Everything each tapped client sent, readable: TLS 1.3 + HTTP/2 (gRPC) is decrypted with the
 * client's key log and decoded; anything else (NATS) is already cleartext and returned as is.
 */
export async function capturedPlaintext(tap: WireTap, keylogFile: string): Promise<ConnectionPlaintext[]> {
  const connections = tap.connections();
  const needsKeys = connections.some((c) => c.clientToServer[0]?.[0] === tlsHandshakeRecord);
  const keylog = needsKeys ? await readFile(keylogFile, 'utf8') : '';
  const results: ConnectionPlaintext[] = [];
  for (const connection of connections) {
    const raw = Buffer.concat(connection.clientToServer);
    if (raw[0] !== tlsHandshakeRecord) {
      results.push({ connection, tls: false, plaintext: raw });
      continue;
    }
    const decrypted = decryptTls13ClientData(connection, keylog);
    // A TLS connection that ends after the handshake (the edge reading the core's CA chain
    // before it enrolls) carries no application data at all.
    if (decrypted.length === 0) {
      results.push({ connection, tls: true, plaintext: decrypted });
      continue;
    }
    const http2 = await decodeHttp2ClientStream(decrypted);
    const headers = Buffer.from(`${http2.headers.join('\n')}\n`, 'utf8');
    results.push({ connection, tls: true, plaintext: Buffer.concat([headers, http2.data]) });
  }
  return results;
}

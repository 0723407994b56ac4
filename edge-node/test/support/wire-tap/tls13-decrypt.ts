import { WireTapError } from './errors.js';
import type { TappedConnection } from './tap.js';
import {
  clientRandom,
  contentType,
  HandshakeReader,
  handshakeType,
  parseRecords,
  plaintextHandshake,
  serverHelloSuite,
} from './tls-records.js';
import { cipherSuite, parseKeyLog, RecordOpener } from './tls13-keys.js';

/** Strips TLSInnerPlaintext padding (§5.2): zeros after the real content type. */
function unpad(inner: Buffer): { type: number; content: Buffer } {
  let end = inner.length - 1;
  while (end >= 0 && inner[end] === 0) end--;
  if (end < 0) throw new Error('record has no content type');
  return { type: inner[end] ?? 0, content: inner.subarray(0, end) };
}

/**
 * Decrypts everything the client sent on a TLS 1.3 connection, using the secrets the client
 * process wrote with `--tls-keylog`, and returns its application data in order.
 */
export function decryptTls13ClientData(conn: TappedConnection, keylogText: string): Buffer {
  const fail = (message: string, cause?: unknown) => new WireTapError(conn.id, message, { cause });
  const clientRecords = parseRecords(Buffer.concat(conn.clientToServer));
  const hello = plaintextHandshake(clientRecords).find((m) => m.type === handshakeType.clientHello);
  if (hello === undefined) throw fail('no ClientHello in the client bytes; is this TLS?');
  const serverHello = plaintextHandshake(parseRecords(Buffer.concat(conn.serverToClient)))
    .filter((m) => m.type === handshakeType.serverHello)
    .at(-1);
  if (serverHello === undefined) throw fail('no ServerHello in the server bytes');
  const chosen = serverHelloSuite(serverHello);
  if (!chosen.tls13) throw fail('the server did not choose TLS 1.3');
  const suite = cipherSuite(chosen.cipherSuite);
  if (suite === undefined) throw fail(`unsupported cipher suite 0x${chosen.cipherSuite.toString(16)}`);

  const random = clientRandom(hello).toString('hex');
  const secrets = parseKeyLog(keylogText).get(random);
  const handshakeSecret = secrets?.get('CLIENT_HANDSHAKE_TRAFFIC_SECRET');
  const applicationSecret = secrets?.get('CLIENT_TRAFFIC_SECRET_0');
  if (handshakeSecret === undefined || applicationSecret === undefined) {
    throw fail(`the key log has no client traffic secrets for client_random ${random}`);
  }

  let opener = new RecordOpener(suite, handshakeSecret);
  let inHandshake = true;
  const handshake = new HandshakeReader();
  const data: Buffer[] = [];
  for (const [index, record] of clientRecords.entries()) {
    // Before the first encrypted record come the plaintext hellos and the compatibility CCS.
    if (record.type !== contentType.applicationData) continue;
    let inner: { type: number; content: Buffer };
    try {
      inner = unpad(opener.open(record.header, record.payload));
    } catch (error) {
      const secret = inHandshake ? 'client handshake' : 'client application';
      throw fail(`record ${index} does not decrypt with the ${secret} traffic secret (${suite.name})`, error);
    }
    if (inner.type === contentType.applicationData) {
      if (inHandshake) throw fail('application data before the client Finished (0-RTT is not supported)');
      data.push(inner.content);
    } else if (inner.type === contentType.handshake) {
      for (const message of handshake.push(inner.content)) {
        if (inHandshake && message.type === handshakeType.finished) {
          opener = new RecordOpener(suite, applicationSecret);
          inHandshake = false;
        } else if (!inHandshake && message.type === handshakeType.keyUpdate) {
          opener = opener.next();
        }
      }
    }
  }
  return Buffer.concat(data);
}

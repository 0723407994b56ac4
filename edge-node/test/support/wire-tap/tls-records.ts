/** Plain parsing of the TLS record and handshake layers (RFC 8446 §5.1, §4). */

export const contentType = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;
export const handshakeType = { clientHello: 1, serverHello: 2, finished: 20, keyUpdate: 24 } as const;

export interface TlsRecord {
  type: number;
  /** The 5-byte record header, which TLS 1.3 uses as the AEAD additional data. */
  header: Buffer;
  payload: Buffer;
}

/** Splits a byte stream into records; a trailing partial record (capture cut mid-flight) is left out. */
export function parseRecords(bytes: Buffer): TlsRecord[] {
  const records: TlsRecord[] = [];
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const length = bytes.readUInt16BE(offset + 3);
    if (offset + 5 + length > bytes.length) break;
    records.push({
      type: bytes.readUInt8(offset),
      header: bytes.subarray(offset, offset + 5),
      payload: bytes.subarray(offset + 5, offset + 5 + length),
    });
    offset += 5 + length;
  }
  return records;
}

export interface HandshakeMessage {
  type: number;
  body: Buffer;
}

/** Reassembles handshake messages, which may span records or share one. */
export class HandshakeReader {
  private pending = Buffer.alloc(0);

  push(fragment: Buffer): HandshakeMessage[] {
    this.pending = Buffer.concat([this.pending, fragment]);
    const messages: HandshakeMessage[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUIntBE(1, 3);
      if (this.pending.length < 4 + length) break;
      messages.push({ type: this.pending.readUInt8(0), body: this.pending.subarray(4, 4 + length) });
      this.pending = this.pending.subarray(4 + length);
    }
    return messages;
  }
}

/** The plaintext handshake messages at the start of a stream, before anything is encrypted. */
export function plaintextHandshake(records: TlsRecord[]): HandshakeMessage[] {
  const reader = new HandshakeReader();
  const messages: HandshakeMessage[] = [];
  for (const record of records) {
    if (record.type === contentType.applicationData) break;
    if (record.type === contentType.handshake) messages.push(...reader.push(record.payload));
  }
  return messages;
}

/** ClientHello: legacy_version(2) then random(32). */
export function clientRandom(clientHello: HandshakeMessage): Buffer {
  return clientHello.body.subarray(2, 34);
}

/**
 * ServerHello: legacy_version(2) random(32) session_id<0..32> cipher_suite(2) compression(1)
 * extensions<..>. TLS 1.3 is only signalled by supported_versions (43) selecting 0x0304.
 */
export function serverHelloSuite(serverHello: HandshakeMessage): { cipherSuite: number; tls13: boolean } {
  const body = serverHello.body;
  let offset = 34;
  offset += 1 + body.readUInt8(offset);
  const cipherSuite = body.readUInt16BE(offset);
  offset += 3;
  let tls13 = false;
  if (offset + 2 <= body.length) {
    const end = offset + 2 + body.readUInt16BE(offset);
    offset += 2;
    while (offset + 4 <= end) {
      const type = body.readUInt16BE(offset);
      const length = body.readUInt16BE(offset + 2);
      if (type === 43 && length === 2 && body.readUInt16BE(offset + 4) === 0x0304) tls13 = true;
      offset += 4 + length;
    }
  }
  return { cipherSuite, tls13 };
}

import { createDecipheriv, createHmac } from 'node:crypto';

/** The three TLS 1.3 suites OpenSSL offers by default (RFC 8446 §B.4). */
const suites = {
  4865: { name: 'TLS_AES_128_GCM_SHA256', hash: 'sha256', cipher: 'aes-128-gcm', keyLength: 16 },
  4866: { name: 'TLS_AES_256_GCM_SHA384', hash: 'sha384', cipher: 'aes-256-gcm', keyLength: 32 },
  4867: {
    name: 'TLS_CHACHA20_POLY1305_SHA256',
    hash: 'sha256',
    cipher: 'chacha20-poly1305',
    keyLength: 32,
  },
} as const;

export type CipherSuite = (typeof suites)[keyof typeof suites];

export function cipherSuite(code: number): CipherSuite | undefined {
  return suites[code as keyof typeof suites];
}

/** NSS key log: `LABEL <client_random hex> <secret hex>` per line, grouped by client random. */
export function parseKeyLog(text: string): Map<string, Map<string, Buffer>> {
  const byRandom = new Map<string, Map<string, Buffer>>();
  for (const line of text.split('\n')) {
    const [label, random, secret] = line.trim().split(/\s+/);
    if (label === undefined || random === undefined || secret === undefined || label.startsWith('#'))
      continue;
    const secrets = byRandom.get(random.toLowerCase()) ?? new Map<string, Buffer>();
    secrets.set(label, Buffer.from(secret, 'hex'));
    byRandom.set(random.toLowerCase(), secrets);
  }
  return byRandom;
}

// Node's hkdf always runs Extract first; TLS 1.3 needs Expand alone on an existing secret (RFC 5869 §2.3).
function hkdfExpand(hash: string, secret: Buffer, info: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(blocks).length < length; i++) {
    previous = createHmac(hash, secret)
      .update(Buffer.concat([previous, info, Buffer.from([i])]))
      .digest();
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, all the traffic keys need. */
export function hkdfExpandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'ascii');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, fullLabel.length]),
    fullLabel,
    Buffer.from([0]),
  ]);
  return hkdfExpand(hash, secret, info, length);
}

/** Opens records protected with one traffic secret, counting sequence numbers from zero (§5.3). */
export class RecordOpener {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private sequence = 0n;

  constructor(
    private readonly suite: CipherSuite,
    readonly secret: Buffer,
  ) {
    this.key = hkdfExpandLabel(suite.hash, secret, 'key', suite.keyLength);
    this.iv = hkdfExpandLabel(suite.hash, secret, 'iv', 12);
  }

  /** The secret after a KeyUpdate (§7.2). */
  next(): RecordOpener {
    const hashLength = this.suite.hash === 'sha384' ? 48 : 32;
    return new RecordOpener(
      this.suite,
      hkdfExpandLabel(this.suite.hash, this.secret, 'traffic upd', hashLength),
    );
  }

  /** Returns the inner plaintext still carrying its content type and padding; throws if the tag fails. */
  open(header: Buffer, payload: Buffer): Buffer {
    const nonce = Buffer.from(this.iv);
    const sequence = Buffer.alloc(8);
    sequence.writeBigUInt64BE(this.sequence++);
    for (let i = 0; i < 8; i++) nonce[4 + i] = (nonce[4 + i] ?? 0) ^ (sequence[i] ?? 0);
    // Two identical calls, because Node's typings pick the AEAD overload only from a narrowed name.
    const { cipher } = this.suite;
    const decipher =
      cipher === 'chacha20-poly1305'
        ? createDecipheriv(cipher, this.key, nonce, { authTagLength: 16 })
        : createDecipheriv(cipher, this.key, nonce, { authTagLength: 16 });
    const ciphertext = payload.subarray(0, payload.length - 16);
    decipher.setAAD(header, { plaintextLength: ciphertext.length });
    decipher.setAuthTag(payload.subarray(payload.length - 16));
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  }
}

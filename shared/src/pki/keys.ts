import { createHash, webcrypto } from 'node:crypto';
import { x509 } from './x509.js';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** ECDSA P-256 with SHA-256: small keys, fast handshakes, supported by every TLS stack. */
export const signingAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(signingAlgorithm, true, ['sign', 'verify']);
}

export async function privateKeyToPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** Imports a PKCS#8 PEM key with its public half, which x509 generators need as a pair. */
export async function keyPairFromPem(privatePem: string, certificatePem: string): Promise<CryptoKeyPair> {
  const der = x509.PemConverter.decodeFirst(privatePem);
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, signingAlgorithm, true, ['sign']);
  const publicKey = await new x509.X509Certificate(certificatePem).publicKey.export();
  return { privateKey, publicKey: publicKey as unknown as CryptoKey };
}

/** Lower-case hex sha256 of a certificate's DER: what enrollment tokens pin. */
export function certificateFingerprint(certificatePem: string): string {
  const der = Buffer.from(x509.PemConverter.decodeFirst(certificatePem));
  return createHash('sha256').update(der).digest('hex');
}

import { generateKeyPair, privateKeyToPem, signingAlgorithm } from './keys.js';
import { x509 } from './x509.js';

export interface KeyAndCsr {
  privateKeyPem: string;
  csrPem: string;
}

/** The edge's half of enrollment: a fresh key that never leaves the branch, and a CSR for it. */
export async function createKeyAndCsr(commonName: string): Promise<KeyAndCsr> {
  const keys = await generateKeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [commonName] }],
    keys: keys as unknown as Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[0]['keys'],
    signingAlgorithm,
  });
  return { privateKeyPem: await privateKeyToPem(keys.privateKey), csrPem: csr.toString('pem') };
}

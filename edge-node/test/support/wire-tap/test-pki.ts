import { generateKeyPair, privateKeyToPem, signingAlgorithm, x509 } from '@branchline/shared';

type X509Key = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys']['privateKey'];
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export interface TestPki {
  caPem: string;
  server: { certPem: string; keyPem: string };
  client: { certPem: string; keyPem: string };
}

const validity = { notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 3_600_000) };

async function leaf(
  ca: { cert: x509.X509Certificate; keys: KeyPair },
  name: string,
  usage: x509.ExtendedKeyUsage,
) {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.create({
    ...validity,
    serialNumber: '02',
    subject: `CN=${name}`,
    issuer: ca.cert.subject,
    signingAlgorithm,
    publicKey: await x509.PublicKey.create(keys.publicKey as unknown as X509Key),
    signingKey: ca.keys.privateKey as unknown as X509Key,
    extensions: [
      new x509.ExtendedKeyUsageExtension([usage]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyToPem(keys.privateKey) };
}

/** A throwaway CA with one server and one client certificate, for mutual TLS in tests. */
export async function createTestPki(): Promise<TestPki> {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    ...validity,
    serialNumber: '01',
    name: 'CN=wire-tap test CA',
    signingAlgorithm,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  return {
    caPem: cert.toString('pem'),
    server: await leaf({ cert, keys }, 'localhost', x509.ExtendedKeyUsage.serverAuth),
    client: await leaf({ cert, keys }, 'edge', x509.ExtendedKeyUsage.clientAuth),
  };
}

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BranchlineError,
  certificateFingerprint,
  generateKeyPair,
  keyPairFromPem,
  type Logger,
  privateKeyToPem,
  signingAlgorithm,
  x509,
} from '@branchline/shared';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
type X509Keys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
type X509Key = X509Keys['privateKey'];

export interface CertificateAuthority {
  certificatePem: string;
  /** Lower-case hex sha256 of the CA certificate's DER, pinned by enrollment tokens. */
  fingerprint: string;
  certificate: x509.X509Certificate;
  keys: KeyPair;
}

export interface IssuedCertificate {
  certificatePem: string;
  serialNumber: string;
  notAfter: Date;
}

const dayMs = 86_400_000;

function serialNumber(): string {
  // Positive 128-bit serial: the top bit cleared so DER does not read it as negative.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** Loads the fleet CA from `dir`, creating it on first start (key file readable by owner only). */
export async function loadOrCreateCa(dir: string, log: Logger): Promise<CertificateAuthority> {
  const keyPath = join(dir, 'ca.key.pem');
  const certPath = join(dir, 'ca.cert.pem');
  try {
    const [keyPem, certificatePem] = await Promise.all([
      readFile(keyPath, 'utf8'),
      readFile(certPath, 'utf8'),
    ]);
    return {
      certificatePem,
      fingerprint: certificateFingerprint(certificatePem),
      certificate: new x509.X509Certificate(certificatePem),
      keys: await keyPairFromPem(keyPem, certificatePem),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new BranchlineError(
        'internal',
        `cannot read the fleet CA in ${dir}: ${(error as Error).message}`,
      );
    }
  }
  const keys = await generateKeyPair();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: ['Branchline Fleet CA'] }, { O: ['Branchline'] }],
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 10 * 365 * dayMs),
    signingAlgorithm,
    keys: keys as unknown as X509Keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as X509Key),
    ],
  });
  const certificatePem = certificate.toString('pem');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(keyPath, await privateKeyToPem(keys.privateKey), { mode: 0o600 });
  await chmod(keyPath, 0o600);
  await writeFile(certPath, certificatePem);
  const fingerprint = certificateFingerprint(certificatePem);
  log.info({ dir, fingerprint }, 'created the fleet CA');
  return { certificatePem, fingerprint, certificate, keys };
}

interface LeafOptions {
  subject: string;
  publicKey: x509.PublicKey;
  validityDays: number;
  usage: x509.ExtendedKeyUsage;
  altNames: { type: 'dns' | 'ip' | 'url'; value: string }[];
}

async function issueLeaf(ca: CertificateAuthority, options: LeafOptions): Promise<IssuedCertificate> {
  const now = Date.now();
  const notAfter = new Date(now + options.validityDays * dayMs);
  const serial = serialNumber();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: options.subject,
    issuer: ca.certificate.subject,
    notBefore: new Date(now - 60_000),
    notAfter,
    signingAlgorithm,
    publicKey: options.publicKey,
    signingKey: ca.keys.privateKey as unknown as X509Key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([options.usage]),
      new x509.SubjectAlternativeNameExtension(options.altNames),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey as unknown as X509Key),
    ],
  });
  return { certificatePem: certificate.toString('pem'), serialNumber: serial, notAfter };
}

/** Signs an edge's CSR: the subject is the edge id the token was made for, whatever the CSR asked. */
export async function signEdgeCertificate(
  ca: CertificateAuthority,
  csrPem: string,
  edgeId: string,
  validityDays: number,
): Promise<IssuedCertificate> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch {
    throw new BranchlineError(
      'invalid_argument',
      'the certificate signing request is not a PEM PKCS#10 request',
    );
  }
  if (!(await csr.verify())) {
    throw new BranchlineError(
      'invalid_argument',
      'the certificate signing request signature does not verify',
    );
  }
  return issueLeaf(ca, {
    subject: `CN=${edgeId}, O=Branchline Edge`,
    publicKey: csr.publicKey,
    validityDays,
    usage: x509.ExtendedKeyUsage.clientAuth,
    altNames: [{ type: 'url', value: `spiffe://branchline/edge/${edgeId}` }],
  });
}

/**
 * The name edges verify the core by, whatever address they dial: only the fleet CA issues it, so
 * it needs no DNS, and a core behind any address or load balancer keeps one certificate.
 */
export const coreTlsName = 'branchline-core';

export interface ServerKeyPair {
  certificateChainPem: string;
  privateKeyPem: string;
}

/**
 * A fresh serving certificate per start (the key stays in memory). The chain carries the CA too,
 * so a new edge can find the CA its token pins during the TLS handshake.
 */
export async function issueServerCertificate(
  ca: CertificateAuthority,
  hostnames: string[],
): Promise<ServerKeyPair> {
  const keys = await generateKeyPair();
  const names = [...new Set([coreTlsName, 'localhost', '127.0.0.1', '::1', ...hostnames])];
  const ipPattern = /^(\d{1,3}\.){3}\d{1,3}$|:/;
  const leaf = await issueLeaf(ca, {
    subject: 'CN=branchline-core, O=Branchline',
    publicKey: await x509.PublicKey.create(keys.publicKey as unknown as X509Key),
    validityDays: 30,
    usage: x509.ExtendedKeyUsage.serverAuth,
    altNames: names.map((value) => ({ type: ipPattern.test(value) ? 'ip' : 'dns', value })),
  });
  return {
    certificateChainPem: `${leaf.certificatePem}\n${ca.certificatePem}`,
    privateKeyPem: await privateKeyToPem(keys.privateKey),
  };
}

import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyAndCsr, createLogger } from '@branchline/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueServerCertificate, loadOrCreateCa, signEdgeCertificate } from './certificate-authority.js';

const log = createLogger('test', { level: 'silent' });
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-ca-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the fleet CA', () => {
  it('is created once, kept owner-only, and loaded the same afterwards', async () => {
    const created = await loadOrCreateCa(dir, log);
    expect(statSync(join(dir, 'ca.key.pem')).mode & 0o077).toBe(0);
    const loaded = await loadOrCreateCa(dir, log);
    expect(loaded.fingerprint).toBe(created.fingerprint);
    expect(new X509Certificate(created.certificatePem).ca).toBe(true);
  });

  it('signs an edge certificate for the edge id, verifiable by the CA, for client auth only', async () => {
    const ca = await loadOrCreateCa(dir, log);
    const { csrPem } = await createKeyAndCsr('asks-for-another-name');
    const issued = await signEdgeCertificate(ca, csrPem, 'north', 365);
    const cert = new X509Certificate(issued.certificatePem);
    expect(cert.subject).toContain('CN=north');
    expect(cert.verify(new X509Certificate(ca.certificatePem).publicKey)).toBe(true);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.ca).toBe(false);
  });

  it('refuses a CSR that is not PEM PKCS#10', async () => {
    const ca = await loadOrCreateCa(dir, log);
    await expect(signEdgeCertificate(ca, 'hello', 'north', 365)).rejects.toThrow(/not a PEM PKCS#10/);
  });

  it('issues a serving certificate for the core name and loopback, chained to the CA', async () => {
    const ca = await loadOrCreateCa(dir, log);
    const serving = await issueServerCertificate(ca, ['core.example.internal']);
    const leaf = new X509Certificate(serving.certificateChainPem);
    expect(leaf.checkHost('branchline-core')).toBe('branchline-core');
    expect(leaf.checkHost('core.example.internal')).toBe('core.example.internal');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(serving.certificateChainPem).toContain(ca.certificatePem.trim());
  });
});

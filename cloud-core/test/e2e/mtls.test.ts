import { join } from 'node:path';
import {
  EnrollmentServiceClient,
  type EnrollResponse,
  FleetServiceClient,
  HeartbeatRequest,
  type HeartbeatResponse,
} from '@branchline/proto';
import {
  createKeyAndCsr,
  generateKeyPair,
  privateKeyToPem,
  signingAlgorithm,
  x509,
} from '@branchline/shared';
import {
  type CoreProcess,
  createEnrollmentToken,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import { type ChannelCredentials, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let stack: TestStack;
const tlsOptions = { 'grpc.ssl_target_name_override': 'branchline-core' };
let core: CoreProcess;

beforeAll(async () => {
  stack = await startTestStack('bl-mtls');
  core = stack.core;
});

afterAll(async () => {
  await stack?.stop();
});

function heartbeat(creds: ChannelCredentials): Promise<HeartbeatResponse> {
  const client = new FleetServiceClient(core.grpcAddress, creds, tlsOptions);
  return new Promise<HeartbeatResponse>((resolve, reject) => {
    client.heartbeat(
      HeartbeatRequest.fromPartial({ version: 'test' }),
      new Metadata(),
      { deadline: Date.now() + 5000 },
      (error, value) => (error ? reject(error) : resolve(value)),
    );
  }).finally(() => client.close());
}

async function enrollDirectly(edgeId: string): Promise<{ keyPem: string; response: EnrollResponse }> {
  const token = await createEnrollmentToken(core, { edgeId });
  const { privateKeyPem, csrPem } = await createKeyAndCsr('anything');
  const caPem = (await (await fetch(`${core.url}/v1/fleet/ca`)).json()) as { fingerprint: string };
  expect(token.endsWith(caPem.fingerprint)).toBe(true);
  // Trust on first use is what the edge's pin check is for; this test has the CA from the core's disk.
  const { readFileSync } = await import('node:fs');
  const ca = readFileSync(join(core.dataDir, 'ca', 'ca.cert.pem'));
  const client = new EnrollmentServiceClient(core.enrollAddress, credentials.createSsl(ca), tlsOptions);
  const response = await new Promise<EnrollResponse>((resolve, reject) => {
    client.enroll({ token, csrPem, version: 'test' }, (error, value) =>
      error ? reject(error) : resolve(value),
    );
  }).finally(() => client.close());
  return { keyPem: privateKeyPem, response };
}

function mtls(caPem: string, keyPem: string, certPem: string): ChannelCredentials {
  return credentials.createSsl(Buffer.from(caPem), Buffer.from(keyPem), Buffer.from(certPem));
}

describe('the core mTLS port', () => {
  it('serves an edge with a certificate from the fleet CA', async () => {
    const { keyPem, response } = await enrollDirectly('east');
    expect(response.edgeId).toBe('east');
    const cert = new x509.X509Certificate(response.certificatePem);
    // The subject is the token's edge id, not what the CSR asked for.
    expect(cert.subject).toContain('CN=east');
    const answer = await heartbeat(mtls(response.caCertificatePem, keyPem, response.certificatePem));
    expect(answer.intervalMs).toBeGreaterThan(0);
  });

  it('refuses a client without a certificate at the TLS handshake', async () => {
    const ca = (await enrollDirectly('west')).response.caCertificatePem;
    const error = (await heartbeat(credentials.createSsl(Buffer.from(ca))).catch(
      (e: unknown) => e,
    )) as ServiceError;
    expect(error.code).toBe(status.UNAVAILABLE);
  });

  it('refuses a client whose certificate another CA signed', async () => {
    const { response } = await enrollDirectly('south-west');
    const keys = await generateKeyPair();
    const rogue = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=south-west',
      keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
      signingAlgorithm,
    });
    const creds = mtls(
      response.caCertificatePem,
      await privateKeyToPem(keys.privateKey),
      rogue.toString('pem'),
    );
    const error = (await heartbeat(creds).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.UNAVAILABLE);
  });

  it('refuses the old certificate of an edge that enrolled again', async () => {
    const first = await enrollDirectly('replaced');
    const second = await enrollDirectly('replaced');
    const old = mtls(first.response.caCertificatePem, first.keyPem, first.response.certificatePem);
    const error = (await heartbeat(old).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(error.details).toMatch(/superseded/);
    const current = mtls(second.response.caCertificatePem, second.keyPem, second.response.certificatePem);
    expect((await heartbeat(current)).intervalMs).toBeGreaterThan(0);
  });
});

import { EnrollmentServiceClient, type EnrollResponse } from '@branchline/proto';
import {
  BranchlineError,
  createKeyAndCsr,
  errorCodeMetadataKey,
  isErrorCode,
  parseEnrollmentToken,
} from '@branchline/shared';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { discoverPinnedCa } from './discover-ca.js';
import type { EdgeIdentity } from './identity-store.js';

function splitHostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(address.slice(at + 1)) };
}

function fromServiceError(error: ServiceError): BranchlineError {
  const code = error.metadata?.get(errorCodeMetadataKey)[0];
  if (isErrorCode(code)) return new BranchlineError(code, error.details);
  return new BranchlineError(
    'unavailable',
    `the core's enrollment call failed: ${error.details || error.message}`,
    true,
  );
}

/** Generates this edge's key, asks the core to sign it, and returns the identity to keep. */
export async function enroll(
  enrollAddress: string,
  tlsName: string,
  tokenText: string,
  version: string,
): Promise<EdgeIdentity> {
  const token = parseEnrollmentToken(tokenText);
  const { host, port } = splitHostPort(enrollAddress);
  const caCertificatePem = await discoverPinnedCa(host, port, tlsName, token.caFingerprint);
  const { privateKeyPem, csrPem } = await createKeyAndCsr('branchline-edge');
  const client = new EnrollmentServiceClient(
    enrollAddress,
    credentials.createSsl(Buffer.from(caCertificatePem)),
    {
      'grpc.ssl_target_name_override': tlsName,
    },
  );
  try {
    const response = await new Promise<EnrollResponse>((resolve, reject) => {
      client.enroll(
        { token: tokenText.trim(), csrPem, version },
        new Metadata(),
        { deadline: Date.now() + 15_000 },
        (error, value) => (error ? reject(fromServiceError(error)) : resolve(value)),
      );
    });
    return {
      edgeId: response.edgeId,
      name: response.name,
      labels: response.labels,
      enrolledAt: new Date().toISOString(),
      certificateExpiresAt: response.certificateExpiresAt?.toISOString() ?? '',
      privateKeyPem,
      certificatePem: response.certificatePem,
      caCertificatePem: response.caCertificatePem,
    };
  } finally {
    client.close();
  }
}

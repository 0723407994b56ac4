import type { EnrollmentServiceServer, EnrollRequest, EnrollResponse } from '@branchline/proto';
import { BranchlineError, type Logger } from '@branchline/shared';
import { unary } from '../grpc/service-error.js';
import { type CertificateAuthority, signEdgeCertificate } from '../pki/index.js';
import type { EdgeRegistry } from './edge-registry.js';
import type { TokenStore } from './token-store.js';

export interface EnrollmentDeps {
  ca: CertificateAuthority;
  tokens: TokenStore;
  edges: EdgeRegistry;
  certificateValidityDays: number;
  log: Logger;
}

export async function enroll(deps: EnrollmentDeps, request: EnrollRequest): Promise<EnrollResponse> {
  if (!request.token) throw new BranchlineError('invalid_argument', 'an enrollment token is required');
  if (!request.csrPem)
    throw new BranchlineError('invalid_argument', 'a certificate signing request is required');
  const token = await deps.tokens.redeem(request.token);
  const issued = await signEdgeCertificate(
    deps.ca,
    request.csrPem,
    token.edgeId,
    deps.certificateValidityDays,
  );
  const previous = await deps.edges.get(token.edgeId);
  // Re-enrolling an edge id (a replaced branch box) supersedes the old certificate: the registry
  // keeps only the newest serial, and calls with any other are refused.
  await deps.edges.put({
    ...previous,
    id: token.edgeId,
    name: token.name,
    labels: token.labels,
    enrolledAt: new Date().toISOString(),
    certificateSerial: issued.serialNumber,
    certificateExpiresAt: issued.notAfter.toISOString(),
    version: request.version,
    configVersion: previous?.configVersion ?? '',
    outboxBacklog: previous?.outboxBacklog ?? 0,
  });
  deps.log.info({ edgeId: token.edgeId, reEnrolled: previous !== undefined }, 'edge enrolled');
  return {
    edgeId: token.edgeId,
    name: token.name,
    labels: token.labels,
    certificatePem: issued.certificatePem,
    caCertificatePem: deps.ca.certificatePem,
    certificateExpiresAt: issued.notAfter,
  };
}

export function enrollmentService(deps: EnrollmentDeps): EnrollmentServiceServer {
  return { enroll: unary(deps.log, (request: EnrollRequest) => enroll(deps, request)) };
}

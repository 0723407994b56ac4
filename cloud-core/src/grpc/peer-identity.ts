import type { PeerCertificate } from 'node:tls';
import { BranchlineError } from '@branchline/shared';

export interface PeerIdentity {
  edgeId: string;
  /** Upper-case hex, as Node reports it; compared case-insensitively with the registry's. */
  serialNumber: string;
}

/**
 * The caller's identity on the mTLS port. TLS has already verified the chain to the fleet CA,
 * so the subject CN is the edge id the core itself wrote into the certificate.
 */
export function peerIdentity(call: { getAuthContext(): unknown }): PeerIdentity {
  const auth = call.getAuthContext() as { sslPeerCertificate?: PeerCertificate } | null;
  const certificate = auth?.sslPeerCertificate;
  const cn = certificate?.subject?.CN;
  const edgeId = Array.isArray(cn) ? cn[0] : cn;
  if (!certificate || !edgeId) throw new BranchlineError('unauthenticated', 'no client certificate');
  return { edgeId, serialNumber: certificate.serialNumber };
}

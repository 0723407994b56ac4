import { BranchlineError } from '../errors/index.js';

/**
 * An enrollment token is one string an operator copies to a branch: `bl1.<id>.<secret>.<caPin>`.
 * The id finds the record, the secret proves possession, and the CA pin (sha256 of the core
 * CA's certificate) lets a new edge trust the core before it has any certificate of its own.
 */
export interface EnrollmentToken {
  id: string;
  secret: string;
  caFingerprint: string;
}

const pattern = /^bl1\.([0-9a-f]{16})\.([A-Za-z0-9_-]{43})\.([0-9a-f]{64})$/;

export function formatEnrollmentToken(token: EnrollmentToken): string {
  return `bl1.${token.id}.${token.secret}.${token.caFingerprint}`;
}

export function parseEnrollmentToken(text: string): EnrollmentToken {
  const match = pattern.exec(text.trim());
  if (!match?.[1] || !match[2] || !match[3]) {
    throw new BranchlineError(
      'invalid_argument',
      'the enrollment token is malformed: expected bl1.<id>.<secret>.<ca-fingerprint> as printed by `branchline token create`',
    );
  }
  return { id: match[1], secret: match[2], caFingerprint: match[3] };
}

export { createKeyAndCsr, type KeyAndCsr } from './csr.js';
export { type EnrollmentToken, formatEnrollmentToken, parseEnrollmentToken } from './enrollment-token.js';
export {
  certificateFingerprint,
  generateKeyPair,
  keyPairFromPem,
  privateKeyToPem,
  signingAlgorithm,
} from './keys.js';
export { x509 } from './x509.js';

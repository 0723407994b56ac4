export {
  type CertificateAuthority,
  coreTlsName,
  type IssuedCertificate,
  issueServerCertificate,
  loadOrCreateCa,
  type ServerKeyPair,
  signEdgeCertificate,
} from './certificate-authority.js';

export {
  composeReferenceProblems,
  composeSchemaErrors,
  parseCompose,
} from './compose.js';
export { dockerfileProblems, workspacesNotCopied } from './dockerfile.js';
export {
  type K8sDocument,
  type K8sObject,
  loadK8sDocuments,
  schemaErrors,
  unknownFieldErrors,
} from './k8s.js';
export { referenceProblems } from './k8s-references.js';
export { natsConfigEnv, natsServerBinary, testNatsConfig } from './nats.js';
export { eventually, type LocalNats, startLocalNats } from './nats-cluster.js';
export { deployDir, filesIn, knownEnvNames, repoRoot, shown } from './paths.js';
export {
  envFileKeys,
  securityExposure,
  systemdAnalyzeBinary,
  verifyUnit,
  withLocalNode,
} from './systemd.js';

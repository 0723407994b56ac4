export {
  articlesBucket,
  artifactsBucket,
  auditStream,
  auditSubjectRoot,
  bundlesBucket,
  type CoreStreams,
  edgeConfigBucket,
  ensureStreams,
  operatorSessionsBucket,
  operatorsBucket,
  rolloutsBucket,
  type StreamOptions,
} from './ensure-streams.js';

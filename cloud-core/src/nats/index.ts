export {
  articlesBucket,
  artifactsBucket,
  bundlesBucket,
  type CoreStreams,
  edgeConfigBucket,
  ensureStreams,
  rolloutsBucket,
} from './ensure-streams.js';

export {
  articlesBucket,
  artifactsBucket,
  bundlesBucket,
  type CoreStreams,
  edgeConfigBucket,
  ensureStreams,
} from './ensure-streams.js';

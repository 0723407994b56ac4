export {
  articlesBucket,
  artifactsBucket,
  type CoreStreams,
  edgeConfigBucket,
  ensureStreams,
} from './ensure-streams.js';

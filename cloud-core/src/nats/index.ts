export { type CoreStreams, ensureStreams } from './ensure-streams.js';

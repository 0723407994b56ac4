export { artifactService, defaultChunkBytes, fetchArtifact } from './artifact-service.js';
export { type ArtifactInfo, ArtifactStore, sha256Pattern } from './artifact-store.js';

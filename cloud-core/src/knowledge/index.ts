export { type ArticleInput, parseArticleInput } from './article-input.js';
export { ArticleStore, type PutResult, type StoredArticle, synonymsKey } from './article-store.js';
export { canonicalJson } from './canonical-json.js';
export {
  type BuiltSnapshot,
  buildSnapshot,
  matchesAudience,
  snapshotFormat,
  snapshotMediaType,
} from './snapshot-builder.js';
export {
  assignmentKey,
  type KnowledgeAssignment,
  type SnapshotPublisher,
  type SnapshotPublisherDeps,
  startSnapshotPublisher,
} from './snapshot-publisher.js';

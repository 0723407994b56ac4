export { chunkMarkdown, type Passage } from './chunk.js';
export { composeAnswer, type LocalAnswer } from './compose-answer.js';
export { KnowledgeBase, type KnowledgeHit, type SearchOptions } from './knowledge-base.js';
export { type KnowledgeSyncDeps, startKnowledgeSync } from './knowledge-sync.js';

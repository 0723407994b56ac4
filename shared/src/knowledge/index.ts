export {
  type KnowledgeArticle,
  type KnowledgeSnapshot,
  knowledgeArticleSchema,
  knowledgeSnapshotSchema,
} from './snapshot.js';

export { type FrontMatter, type FrontMatterValue, parseFrontMatter } from './front-matter.js';
export {
  type KnowledgeArticle,
  type KnowledgeSnapshot,
  knowledgeArticleSchema,
  knowledgeSnapshotSchema,
} from './snapshot.js';

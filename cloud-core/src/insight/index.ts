export { type ClusterItem, clusterMentions, type MentionCluster } from './cluster-mentions.js';
export { csvColumns, csvField, csvHeader, csvLine } from './csv.js';
export { defaultTaxonomy } from './default-taxonomy.js';
export { InsightMiner, type Mention, type MentionKind, type MinedTurn } from './insight-miner.js';
export {
  type LoadedTaxonomy,
  loadTaxonomy,
  parseTaxonomy,
  type Taxonomy,
  type TaxonomyInput,
  taxonomySchema,
} from './taxonomy.js';

export { featureStrings, featurize, hashFeatures, type SparseFeatures } from './featurize.js';
export { fnv1a, fnv1aExtend } from './hashing.js';
export { isCjk, normalizeText, segment } from './normalize.js';
export { flatten, sentencesOf } from './sentences.js';
export {
  defaultFeaturizerSettings,
  defaultTaggerFeatureSettings,
  type FeaturizerSettings,
  featurizerSettingsSchema,
  type TaggerFeatureSettings,
  taggerFeatureSettingsSchema,
} from './settings.js';
export { taggerFeatures } from './tagger-features.js';

export {
  bioLabels,
  bioTransitionsAllowed,
  type EntitySpan,
  spansFromBio,
  viterbiBio,
  viterbiBioIndices,
} from './bio.js';
export {
  type ClassifierCard,
  classifierCardSchema,
  type ModelCard,
  modelCardSchema,
  type TaggerCard,
  taggerCardSchema,
} from './model-card.js';

export { bioLabels, type EntitySpan, spansFromBio, viterbiBio } from './bio.js';
export {
  type ClassifierCard,
  classifierCardSchema,
  type ModelCard,
  modelCardSchema,
  type TaggerCard,
  taggerCardSchema,
} from './model-card.js';

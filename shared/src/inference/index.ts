export {
  type Classification,
  classifyTexts,
  decodeTags,
  isClassifier,
  isTagger,
  OnnxModel,
  readModelCard,
  sha256Hex,
  tagText,
  toClassification,
} from './onnx-model.js';

export {
  type Classification,
  classifyTexts,
  isClassifier,
  isTagger,
  OnnxModel,
  readModelCard,
  sha256Hex,
  tagText,
  toClassification,
} from './onnx-model.js';

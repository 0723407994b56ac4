export { type BenchmarkOptions, runModelBenchmarks } from './benchmark.js';
export { type Dataset, type LabelledText, labelSet, readDataset } from './dataset.js';
export { type EvaluationReport, evaluateModel } from './evaluate.js';
export { type TrainClassifierRequest, trainClassifier } from './train-classifier.js';
export { type TrainTaggerRequest, trainTagger } from './train-tagger.js';

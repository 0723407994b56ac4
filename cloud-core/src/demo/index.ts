export { buildDemoModels, demoDataDir } from './build-demo-models.js';
export { generatePiiCorpus, type PiiSample, toCluenerLines } from './pii-corpus.js';

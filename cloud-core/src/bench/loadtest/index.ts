export { type CorpusConversation, type CorpusTurn, corpus, openShare } from './corpus.js';
export { createLatencyModel, type LatencyModel, modelReplies } from './latency-model.js';
export { type LoadRunResult, type LoadRunSpec, runLoad } from './load-run.js';
export { type MatrixRun, type MatrixSummary, matrixPlan, runPlan, summarize, warmUp } from './matrix.js';
export { defaultOptions, type LoadtestOptions, parseLoadtestOptions, usage } from './options.js';
export { type LoadStack, startLoadStack } from './stack.js';
export { distribution, percentile } from './stats.js';

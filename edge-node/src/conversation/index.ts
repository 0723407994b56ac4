export { ConversationService, type TranscriptMessage, type TurnResult } from './conversation-service.js';
export { ConversationStore } from './conversation-store.js';
export { type LiveEvent, LiveHub } from './live-hub.js';
export { decideStages, type PipelineDeps, redactStage, restoreStage, understandStage } from './pipeline.js';
export type { Locale, Turn, Understanding } from './types.js';

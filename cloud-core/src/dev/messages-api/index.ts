export { reply } from './replies.js';
export { startMessagesApi } from './server.js';
export type {
  ApiErrorType,
  CutReply,
  ErrorReply,
  MessageReply,
  MessagesApi,
  MessagesApiOptions,
  RecordedRequest,
  Reply,
  ReplyFn,
  ScriptEntry,
  ScriptedBlock,
} from './types.js';
export { estimateTokens } from './usage.js';

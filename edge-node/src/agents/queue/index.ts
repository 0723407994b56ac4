export {
  type AgentInput,
  AgentQueue,
  type AgentQueueOptions,
  type AgentView,
  defaultHandleTimeMs,
  type EnqueueInput,
  estimateWait,
  type RequeueChanges,
} from './agent-queue.js';
export { QueueError, type QueueErrorReason } from './errors.js';
export {
  defaultAgeingPerMinute,
  defaultSeverityWeights,
  defaultTierWeights,
  Priority,
  type PriorityOptions,
} from './priority.js';
export {
  type Agent,
  type AgentProfile,
  type Assignment,
  type Locale,
  locales,
  type Presence,
  presences,
  type QueuedConversation,
  type Severity,
  severities,
  type ValueTier,
  valueTiers,
  type WaitingConversation,
} from './types.js';

import { BranchlineError, type ErrorCode } from '@branchline/shared';

/** Why the queue refused an operation; stable, so callers and the agent UI can branch on it. */
export type QueueErrorReason =
  | 'invalid'
  | 'unknown_agent'
  | 'unknown_conversation'
  | 'already_queued'
  | 'already_assigned'
  | 'agent_exists'
  | 'not_assigned_to_agent'
  | 'agent_not_available'
  | 'agent_at_capacity'
  | 'language_not_spoken'
  | 'missing_skills'
  | 'agent_has_conversations';

const codeOf: Record<QueueErrorReason, ErrorCode> = {
  invalid: 'invalid_argument',
  unknown_agent: 'not_found',
  unknown_conversation: 'not_found',
  already_queued: 'already_exists',
  already_assigned: 'failed_precondition',
  agent_exists: 'already_exists',
  not_assigned_to_agent: 'failed_precondition',
  agent_not_available: 'failed_precondition',
  agent_at_capacity: 'failed_precondition',
  language_not_spoken: 'failed_precondition',
  missing_skills: 'failed_precondition',
  agent_has_conversations: 'failed_precondition',
};

/** A `BranchlineError` (so HTTP/gRPC mapping stays the shared one) that also carries the queue's reason. */
export class QueueError extends BranchlineError {
  override name = 'QueueError';
  constructor(
    readonly reason: QueueErrorReason,
    message: string,
  ) {
    super(codeOf[reason], message);
  }
}

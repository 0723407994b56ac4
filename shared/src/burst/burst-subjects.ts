/**
 * Burst capacity over NATS (contracts in proto/branchline/v1/burst.proto). The work queue is one
 * JetStream stream with work-queue retention, shared by every burst worker through one durable
 * consumer, whose lag is what the autoscaler watches.
 */
export const burstStream = 'BL_BURST';
export const burstConsumer = 'burst-workers';
export const burstWorkSubjects = 'bl.burst.work.>';

/** Where an edge puts a turn it cannot serve itself. */
export const burstWorkSubject = (edgeId: string) => `bl.burst.work.${edgeId}`;
/** Where a worker asks the edge to run a tool (request/reply). */
export const burstToolsSubject = (edgeId: string) => `bl.burst.tools.${edgeId}`;
/** Where a worker sends the final answer. */
export const burstAnswersSubject = (edgeId: string) => `bl.burst.answers.${edgeId}`;

/**
 * A worker reports progress on work it holds at least this often; work whose worker went quiet
 * for `burstAckWaitMs` goes to another worker. Short, because a customer is waiting.
 */
export const burstProgressMs = 1500;
export const burstAckWaitMs = 5000;

/**
 * Human overflow over NATS (contracts in proto/branchline/v1/overflow.proto). The edge keeps each
 * conversation it offers to central agents current in one KV bucket; the core's console watches
 * the bucket and asks the edge, which alone decides who has a conversation, to act on it.
 */
export const overflowBucket = 'bl_overflow';

/** The KV key of one offered conversation. */
export const overflowKey = (edgeId: string, conversationId: string) => `${edgeId}.${conversationId}`;

/** Where the core's console asks an edge to accept, reply, release or wrap up (request/reply). */
export const overflowActionSubject = (edgeId: string) => `bl.overflow.act.${edgeId}`;

/**
 * An offered conversation whose edge has not refreshed it for this long is stale (the edge is gone
 * or was reset); the bucket forgets it. Edges rewrite their live sessions well within it.
 */
export const overflowSessionMaxAgeMs = 24 * 60 * 60_000;

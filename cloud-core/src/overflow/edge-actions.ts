import { OverflowAction, OverflowActionResult } from '@branchline/proto';
import { BranchlineError, isErrorCode, overflowActionSubject } from '@branchline/shared';
import type { NatsConnection } from '@nats-io/transport-node';
import { type OverflowSessionView, sessionView } from './session-view.js';

/** How long the console waits for a branch to answer; a branch behind a dead WAN never will. */
const actionTimeoutMs = 5000;

/**
 * Asks the branch that owns a conversation to do what a central agent asked. The branch decides
 * (it alone knows whether one of its own agents took the customer a moment ago) and says why not.
 */
export async function actOnEdge(
  nc: NatsConnection,
  edgeId: string,
  action: OverflowAction,
): Promise<OverflowSessionView | null> {
  let reply: Uint8Array;
  try {
    const message = await nc.request(overflowActionSubject(edgeId), OverflowAction.encode(action).finish(), {
      timeout: actionTimeoutMs,
    });
    reply = message.data;
  } catch (error) {
    // A reply may still have reached the customer if the branch was only slow: the console shows
    // the transcript as the branch writes it, so the agent can see before sending again.
    throw new BranchlineError(
      'unavailable',
      `branch ${edgeId} did not answer in time (${(error as Error).message}); its WAN may be down. Check the transcript before trying again`,
      true,
    );
  }
  let result: OverflowActionResult;
  try {
    result = OverflowActionResult.decode(reply);
  } catch {
    throw new BranchlineError(
      'internal',
      `branch ${edgeId} answered with something that is not an action result`,
    );
  }
  if (result.errorCode)
    throw new BranchlineError(
      isErrorCode(result.errorCode) ? result.errorCode : 'internal',
      result.errorMessage || 'the branch refused',
    );
  return result.session ? sessionView(result.session) : null;
}

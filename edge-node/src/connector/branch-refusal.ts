import { BranchlineError, type ErrorCode } from '@branchline/shared';
import type { OrderStatus } from './schema.js';

/**
 * Why the branch system said no to something a customer asked for. These are expected answers,
 * not faults: tools turn them into a polite reply, and the code maps them at any other boundary.
 */
export type RefusalReason =
  | 'customer_not_found'
  | 'order_not_found'
  | 'order_not_changeable'
  | 'invalid_address'
  | 'invalid_date'
  | 'date_out_of_range'
  | 'slot_taken';

const codeOf: Record<RefusalReason, ErrorCode> = {
  customer_not_found: 'not_found',
  // Someone else's order is reported exactly like a missing one, so ids cannot be probed.
  order_not_found: 'not_found',
  order_not_changeable: 'failed_precondition',
  invalid_address: 'invalid_argument',
  invalid_date: 'invalid_argument',
  date_out_of_range: 'invalid_argument',
  slot_taken: 'already_exists',
};

/** Facts a reply may need to explain the refusal; none of them is personal data. */
export interface RefusalDetail {
  orderStatus?: OrderStatus;
  earliestDay?: string;
  latestDay?: string;
}

export class BranchRefusal extends BranchlineError {
  override name = 'BranchRefusal';
  constructor(
    readonly reason: RefusalReason,
    message: string,
    readonly detail: RefusalDetail = {},
  ) {
    super(codeOf[reason], message);
  }
}

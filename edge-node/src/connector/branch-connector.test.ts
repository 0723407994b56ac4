import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BranchConnector } from './branch-connector.js';
import { BranchRefusal } from './branch-refusal.js';
import { createTempDemoBranch, type TempDemoBranch } from './temp-demo-branch.js';

const today = '2026-03-02';
let branch: TempDemoBranch;

beforeEach(() => {
  branch = createTempDemoBranch(today);
});

afterEach(() => {
  branch.close();
});

async function refusalOf(action: Promise<unknown>): Promise<BranchRefusal> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BranchRefusal);
  return error as BranchRefusal;
}

describe('BranchConnector', () => {
  it('reads a customer and the profile the agent view needs', async () => {
    expect((await branch.connector.customer('C-1001'))?.idNumberMasked).toBe('**************1001');
    expect(await branch.connector.profile('C-1002')).toEqual({
      ref: 'C-1002',
      name: 'Alex Demo',
      tier: 'silver',
      language: 'en',
    });
    expect(await branch.connector.profile('C-9999')).toBeUndefined();
  });

  it('lists only the customer’s own orders, newest first', async () => {
    const ids = (await branch.connector.ordersOf('C-1002')).map((o) => o.id);
    expect(ids).toEqual(['BL-240003', 'BL-240005', 'BL-240004', 'BL-240006']);
  });

  it('hides another customer’s order as if it did not exist', async () => {
    expect(await branch.connector.order('C-1002', 'BL-240003')).toBeDefined();
    expect(await branch.connector.order('C-1001', 'BL-240003')).toBeUndefined();
    const refusal = await refusalOf(
      branch.connector.changeDeliveryAddress('C-1001', 'BL-240003', '1 New Road'),
    );
    expect(refusal.reason).toBe('order_not_found');
    expect(refusal.code).toBe('not_found');
    expect((await branch.connector.order('C-1002', 'BL-240003'))?.deliveryAddress).toContain(
      'Example Street',
    );
  });

  it('changes the address of a placed or packed order and refuses one already shipped', async () => {
    const changed = await branch.connector.changeDeliveryAddress(
      'C-1002',
      'BL-240005',
      '  9 New Road, Sampleton  ',
    );
    expect(changed.deliveryAddress).toBe('9 New Road, Sampleton');

    const refusal = await refusalOf(
      branch.connector.changeDeliveryAddress('C-1002', 'BL-240004', '9 New Road'),
    );
    expect(refusal.reason).toBe('order_not_changeable');
    expect(refusal.code).toBe('failed_precondition');
    expect(refusal.detail.orderStatus).toBe('shipped');

    const blank = await refusalOf(branch.connector.changeDeliveryAddress('C-1002', 'BL-240005', '  '));
    expect(blank.reason).toBe('invalid_address');
  });

  it('gives the earliest repayment across loans and flags one overdue', async () => {
    expect(await branch.connector.nextRepayment('C-1004')).toEqual({
      loanId: 'L-5004',
      product: 'installment_plan',
      date: '2026-03-05',
      amountDueMinor: 39_900,
      currency: 'CNY',
      overdue: false,
    });
    expect((await branch.connector.nextRepayment('C-1005'))?.overdue).toBe(true);
    expect(await branch.connector.nextRepayment('C-1002')).toBeUndefined();
  });

  it('books a free slot in the window and never the same slot twice', async () => {
    const visit = await branch.connector.bookTechnicianVisit('C-1001', '2026-03-03', 'morning', 'repair');
    expect(visit).toEqual({
      id: 'V-3005',
      customerRef: 'C-1001',
      date: '2026-03-03',
      slot: 'morning',
      status: 'booked',
      topic: 'repair',
    });
    const taken = await refusalOf(
      branch.connector.bookTechnicianVisit('C-1002', '2026-03-03', 'morning', 'repair'),
    );
    expect(taken.reason).toBe('slot_taken');
    expect(taken.code).toBe('already_exists');
    expect(await branch.connector.isSlotFree('2026-03-03', 'afternoon')).toBe(true);
  });

  it('books only from tomorrow to 60 days ahead', async () => {
    for (const date of ['2026-03-02', '2026-02-20', '2026-05-02']) {
      const refusal = await refusalOf(
        branch.connector.bookTechnicianVisit('C-1001', date, 'morning', 'repair'),
      );
      expect(refusal.reason).toBe('date_out_of_range');
      expect(refusal.detail).toEqual({ earliestDay: '2026-03-03', latestDay: '2026-05-01' });
    }
    await expect(
      branch.connector.bookTechnicianVisit('C-1001', '2026-05-01', 'afternoon', 'repair'),
    ).resolves.toMatchObject({ date: '2026-05-01' });
    const invalid = await refusalOf(
      branch.connector.bookTechnicianVisit('C-1001', '2026-02-30', 'morning', 'repair'),
    );
    expect(invalid.reason).toBe('invalid_date');
  });

  it('frees a slot again when its visit is cancelled', async () => {
    expect(await branch.connector.isSlotFree('2026-03-16', 'morning')).toBe(false);
    branch.db.$client.prepare(`update technician_visits set status = 'cancelled' where id = 'V-3004'`).run();
    await expect(
      branch.connector.bookTechnicianVisit('C-1001', '2026-03-16', 'morning', 'inspection'),
    ).resolves.toMatchObject({ id: 'V-3005' });
  });

  it('turns a racing booking the pre-check missed into slot_taken, via the unique index', async () => {
    // A connector whose pre-check always says "free" stands in for a second process that booked
    // between our check and our insert.
    class BlindConnector extends BranchConnector {
      override async isSlotFree(): Promise<boolean> {
        return true;
      }
    }
    const blind = new BlindConnector(branch.db, { today: () => today });
    const refusal = await refusalOf(blind.bookTechnicianVisit('C-1001', '2026-03-09', 'morning', 'repair'));
    expect(refusal.reason).toBe('slot_taken');
  });
});

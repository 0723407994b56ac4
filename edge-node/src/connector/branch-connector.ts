import { and, asc, desc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { BranchRefusal } from './branch-refusal.js';
import { addDays, isCalendarDay, localDay } from './calendar.js';
import type { BranchDatabase } from './open-branch-system.js';
import {
  type Customer,
  customers,
  type Language,
  type LoanProduct,
  loans,
  type Order,
  type OrderStatus,
  orders,
  type TechnicianVisit,
  technicianVisits,
  type ValueTier,
  type VisitSlot,
  type VisitTopic,
  vehicles,
} from './schema.js';

/** Orders still on their way: the ones a customer means when they name no order. */
export const openOrderStatuses: readonly OrderStatus[] = ['placed', 'packed', 'shipped'];
/** Once the courier has it, the address is on the parcel and the branch cannot change it. */
export const changeableOrderStatuses: readonly OrderStatus[] = ['placed', 'packed'];
/** How far ahead the crew's diary is open. */
export const visitHorizonDays = 60;

const maxAddressLength = 200;

export interface BranchConnectorOptions {
  /** Today's branch-local day (`YYYY-MM-DD`); injectable so tests run on a fixed calendar. */
  today?: () => string;
}

/** What the agent view shows about a customer: enough to greet and prioritise, nothing more. */
export interface CustomerProfile {
  ref: string;
  name: string;
  tier: ValueTier;
  language: Language;
}

export interface Repayment {
  loanId: string;
  product: LoanProduct;
  date: string;
  amountDueMinor: number;
  currency: string;
  overdue: boolean;
}

export interface ServiceDue {
  vehicleId: string;
  model: string;
  date: string;
  overdue: boolean;
}

/** A repayment falling due, for outbound reminders: whose, and what. */
export interface DueRepayment extends Omit<Repayment, 'overdue'> {
  customerRef: string;
}

/** A car service falling due, for outbound reminders. */
export interface DueService extends Omit<ServiceDue, 'overdue'> {
  customerRef: string;
}

/**
 * The edge's door to the branch's own systems, here the demo SQLite system. Every method takes
 * the verified customer's ref and only ever answers about that customer. Methods are async
 * although SQLite is not, because a real branch connector talks to a remote system; tools
 * written against this shape work unchanged with one.
 */
export class BranchConnector {
  private readonly today: () => string;

  constructor(
    private readonly db: BranchDatabase,
    options: BranchConnectorOptions = {},
  ) {
    this.today = options.today ?? (() => localDay());
  }

  async customer(ref: string): Promise<Customer | undefined> {
    return this.db.select().from(customers).where(eq(customers.ref, ref)).get();
  }

  async profile(ref: string): Promise<CustomerProfile | undefined> {
    return this.db
      .select({
        ref: customers.ref,
        name: customers.name,
        tier: customers.tier,
        language: customers.language,
      })
      .from(customers)
      .where(eq(customers.ref, ref))
      .get();
  }

  /** The customer's orders, newest first. */
  async ordersOf(ref: string): Promise<Order[]> {
    return this.db
      .select()
      .from(orders)
      .where(eq(orders.customerRef, ref))
      .orderBy(desc(orders.placedOn), desc(orders.id))
      .all();
  }

  /** The order if it is this customer's; another customer's order is as absent as a missing one. */
  async order(ref: string, orderId: string): Promise<Order | undefined> {
    return this.db
      .select()
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.customerRef, ref)))
      .get();
  }

  async changeDeliveryAddress(ref: string, orderId: string, address: string): Promise<Order> {
    const cleaned = address.trim();
    if (cleaned.length < 4 || cleaned.length > maxAddressLength || /\p{Cc}/u.test(cleaned)) {
      throw new BranchRefusal('invalid_address', 'delivery address is empty, too long or malformed');
    }
    const current = await this.order(ref, orderId);
    if (!current) throw new BranchRefusal('order_not_found', `order ${orderId} not found`);
    if (!changeableOrderStatuses.includes(current.status)) {
      throw new BranchRefusal('order_not_changeable', `order ${orderId} is ${current.status}`, {
        orderStatus: current.status,
      });
    }
    // The status guard is repeated in the update so a concurrent "shipped" cannot slip between.
    const updated = this.db
      .update(orders)
      .set({ deliveryAddress: cleaned })
      .where(
        and(
          eq(orders.id, orderId),
          eq(orders.customerRef, ref),
          inArray(orders.status, [...changeableOrderStatuses]),
        ),
      )
      .returning()
      .get();
    if (!updated) throw new BranchRefusal('order_not_changeable', `order ${orderId} changed meanwhile`);
    return updated;
  }

  /** The earliest repayment across the customer's loans; `overdue` when its day has passed. */
  async nextRepayment(ref: string): Promise<Repayment | undefined> {
    const loan = this.db
      .select()
      .from(loans)
      .where(eq(loans.customerRef, ref))
      .orderBy(asc(loans.nextRepaymentDate), asc(loans.id))
      .limit(1)
      .get();
    if (!loan) return undefined;
    return {
      loanId: loan.id,
      product: loan.product,
      date: loan.nextRepaymentDate,
      amountDueMinor: loan.amountDueMinor,
      currency: loan.currency,
      overdue: loan.nextRepaymentDate < this.today(),
    };
  }

  /** The customer's car whose service is due first; `overdue` when its day has passed. */
  async nextService(ref: string): Promise<ServiceDue | undefined> {
    const car = this.db
      .select()
      .from(vehicles)
      .where(eq(vehicles.customerRef, ref))
      .orderBy(asc(vehicles.nextServiceDate), asc(vehicles.id))
      .limit(1)
      .get();
    if (!car) return undefined;
    return {
      vehicleId: car.id,
      model: car.model,
      date: car.nextServiceDate,
      overdue: car.nextServiceDate < this.today(),
    };
  }

  /** Repayments due from `fromDay` to `toDay` inclusive, across the branch's customers. */
  async repaymentsDue(fromDay: string, toDay: string): Promise<DueRepayment[]> {
    return this.db
      .select()
      .from(loans)
      .where(and(gte(loans.nextRepaymentDate, fromDay), lte(loans.nextRepaymentDate, toDay)))
      .orderBy(asc(loans.nextRepaymentDate), asc(loans.id))
      .all()
      .map((l) => ({
        customerRef: l.customerRef,
        loanId: l.id,
        product: l.product,
        date: l.nextRepaymentDate,
        amountDueMinor: l.amountDueMinor,
        currency: l.currency,
      }));
  }

  /** Car services due from `fromDay` to `toDay` inclusive, across the branch's customers. */
  async servicesDue(fromDay: string, toDay: string): Promise<DueService[]> {
    return this.db
      .select()
      .from(vehicles)
      .where(and(gte(vehicles.nextServiceDate, fromDay), lte(vehicles.nextServiceDate, toDay)))
      .orderBy(asc(vehicles.nextServiceDate), asc(vehicles.id))
      .all()
      .map((v) => ({ customerRef: v.customerRef, vehicleId: v.id, model: v.model, date: v.nextServiceDate }));
  }

  /** Days a visit can be booked for: from tomorrow to `visitHorizonDays` ahead, inclusive. */
  bookingWindow(): { earliestDay: string; latestDay: string } {
    const today = this.today();
    return { earliestDay: addDays(today, 1), latestDay: addDays(today, visitHorizonDays) };
  }

  async isSlotFree(date: string, slot: VisitSlot): Promise<boolean> {
    const taken = this.db
      .select({ id: technicianVisits.id })
      .from(technicianVisits)
      .where(
        and(
          eq(technicianVisits.date, date),
          eq(technicianVisits.slot, slot),
          ne(technicianVisits.status, 'cancelled'),
        ),
      )
      .get();
    return taken === undefined;
  }

  async bookTechnicianVisit(
    ref: string,
    date: string,
    slot: VisitSlot,
    topic: VisitTopic,
  ): Promise<TechnicianVisit> {
    if (!isCalendarDay(date)) throw new BranchRefusal('invalid_date', `${date} is not a calendar day`);
    const window = this.bookingWindow();
    if (date < window.earliestDay || date > window.latestDay) {
      throw new BranchRefusal('date_out_of_range', `${date} is outside the booking window`, window);
    }
    if (!(await this.customer(ref)))
      throw new BranchRefusal('customer_not_found', `customer ${ref} not found`);
    if (!(await this.isSlotFree(date, slot))) {
      throw new BranchRefusal('slot_taken', `${date} ${slot} is already booked`);
    }
    try {
      return this.db.transaction(
        (tx) => {
          const last = tx
            .select({ n: sql<number | null>`max(cast(substr(${technicianVisits.id}, 3) as integer))` })
            .from(technicianVisits)
            .get();
          const id = `V-${(last?.n ?? 3000) + 1}`;
          return tx
            .insert(technicianVisits)
            .values({ id, customerRef: ref, date, slot, status: 'booked', topic })
            .returning()
            .get();
        },
        { behavior: 'immediate' },
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new BranchRefusal('slot_taken', `${date} ${slot} is already booked`);
      }
      throw error;
    }
  }
}

/** better-sqlite3's error, possibly wrapped by drizzle's query error as its `cause`. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    if ('code' in e && e.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  }
  return false;
}

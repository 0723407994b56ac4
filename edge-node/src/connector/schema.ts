import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The demo branch system: stands in for a bank's core system, a utility's billing system or a
 * dealer's DMS. It is not the edge's database; the edge only reaches it through BranchConnector.
 * Dates are branch-local calendar days as `YYYY-MM-DD` text, so they sort and compare as strings.
 */

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

export const valueTiers = ['standard', 'silver', 'gold', 'platinum'] as const;
export type ValueTier = (typeof valueTiers)[number];

export const orderStatuses = ['placed', 'packed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Closed sets rather than free text, so replies can name them in either language. */
export const loanProducts = ['mortgage', 'car_loan', 'personal_loan', 'installment_plan'] as const;
export type LoanProduct = (typeof loanProducts)[number];

export const visitSlots = ['morning', 'afternoon'] as const;
export type VisitSlot = (typeof visitSlots)[number];

export const visitStatuses = ['booked', 'done', 'cancelled'] as const;
export type VisitStatus = (typeof visitStatuses)[number];

export const visitTopics = ['installation', 'repair', 'maintenance', 'inspection', 'meter_reading'] as const;
export type VisitTopic = (typeof visitTopics)[number];

export const customers = sqliteTable('customers', {
  ref: text('ref').primaryKey(),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  email: text('email'),
  address: text('address').notNull(),
  /** Only the masked form is kept: nothing the edge does needs the full ID number. */
  idNumberMasked: text('id_number_masked'),
  language: text('language', { enum: languages }).notNull(),
  tier: text('tier', { enum: valueTiers }).notNull(),
});

export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    customerRef: text('customer_ref')
      .notNull()
      .references(() => customers.ref),
    item: text('item').notNull(),
    status: text('status', { enum: orderStatuses }).notNull(),
    deliveryAddress: text('delivery_address').notNull(),
    expectedDelivery: text('expected_delivery').notNull(),
    placedOn: text('placed_on').notNull(),
  },
  (t) => [index('orders_customer_idx').on(t.customerRef)],
);

export const loans = sqliteTable(
  'loans',
  {
    id: text('id').primaryKey(),
    customerRef: text('customer_ref')
      .notNull()
      .references(() => customers.ref),
    product: text('product', { enum: loanProducts }).notNull(),
    nextRepaymentDate: text('next_repayment_date').notNull(),
    /** Minor units (fen), so sums never meet floating point. */
    amountDueMinor: integer('amount_due_minor').notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [index('loans_customer_idx').on(t.customerRef)],
);

export const technicianVisits = sqliteTable(
  'technician_visits',
  {
    id: text('id').primaryKey(),
    customerRef: text('customer_ref')
      .notNull()
      .references(() => customers.ref),
    date: text('date').notNull(),
    slot: text('slot', { enum: visitSlots }).notNull(),
    status: text('status', { enum: visitStatuses }).notNull(),
    topic: text('topic', { enum: visitTopics }).notNull(),
  },
  (t) => [
    index('technician_visits_customer_idx').on(t.customerRef),
    // One crew per branch: a slot holds one live visit. The connector checks first to refuse
    // politely; this index is the backstop if two bookings race.
    uniqueIndex('technician_visits_slot_idx').on(t.date, t.slot).where(sql`status <> 'cancelled'`),
  ],
);

/** A dealer's record of a customer's car and when its next service is due. */
export const vehicles = sqliteTable(
  'vehicles',
  {
    id: text('id').primaryKey(),
    customerRef: text('customer_ref')
      .notNull()
      .references(() => customers.ref),
    model: text('model').notNull(),
    nextServiceDate: text('next_service_date').notNull(),
  },
  (t) => [
    index('vehicles_customer_idx').on(t.customerRef),
    index('vehicles_service_idx').on(t.nextServiceDate),
  ],
);

export type Customer = typeof customers.$inferSelect;
export type Vehicle = typeof vehicles.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type Loan = typeof loans.$inferSelect;
export type TechnicianVisit = typeof technicianVisits.$inferSelect;

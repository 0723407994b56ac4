import type { Logger, OutboundCampaign } from '@branchline/shared';
import { and, asc, count, desc, eq, lt, lte, ne } from 'drizzle-orm';
import { addDays, type BranchConnector, type DueRepayment, type DueService } from '../connector/index.js';
import { type EdgeDatabase, schema } from '../db/index.js';
import type { Outbox } from '../outbox/index.js';
import { wallClock, withinCallingHours } from './calling-hours.js';
import type { AttemptResult, OutboundGateway } from './gateway.js';
import { outboundTexts } from './outbound-texts.js';

const { outboundContacts, outboundAttempts, doNotContact } = schema;

export type ContactStatus = 'pending' | 'done' | 'exhausted' | 'failed' | 'do_not_contact' | 'expired';

export interface OutboundDeps {
  db: EdgeDatabase;
  connector: BranchConnector;
  outbox: Outbox;
  /** Without one, campaigns find who is due but contact no one (and say so). */
  gateway: OutboundGateway | undefined;
  campaigns: () => readonly OutboundCampaign[];
  /** Signs the messages: customers hear from their branch. */
  branch: string;
  log: Logger;
  clock?: () => number;
  /** Contacts per campaign per tick: a gateway is not flooded when a campaign starts. */
  batch?: number;
}

export interface CampaignTick {
  campaignId: string;
  due: number;
  attempted: number;
  /** Why nothing (more) was sent. */
  waiting?: 'disabled' | 'no_gateway' | 'outside_calling_hours' | 'gateway_unavailable';
}

/** Overdue car services are still worth a reminder, for this long. */
const overdueServiceDays = 30;

type Due = { kind: 'repayment_reminder'; item: DueRepayment } | { kind: 'maintenance_due'; item: DueService };

/**
 * Outbound reminder campaigns over the branch's own customers. Each tick finds who is due in the
 * branch system, and contacts those whose turn it is: inside calling hours, not on the
 * do-not-contact list, at most `maxAttempts` times per due date, `retryAfterMinutes` apart.
 * Every attempt and its result is kept here and sent to the core as an `outbound.attempt`
 * event that names the campaign and the result, never the customer.
 */
export class OutboundCampaigns {
  readonly #deps: OutboundDeps;
  readonly #clock: () => number;
  #running: Promise<CampaignTick[]> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #warnedNoGateway = false;

  constructor(deps: OutboundDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? Date.now;
  }

  start(intervalMs: number): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = setInterval(() => {
      void this.tick().catch((error) => this.#deps.log.error({ err: error }, 'outbound tick failed'));
    }, intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer; resolves once a pass under way has recorded what it sent. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** One pass over every campaign; a pass still running is joined, not doubled. */
  tick(): Promise<CampaignTick[]> {
    this.#running ??= this.#tick().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #tick(): Promise<CampaignTick[]> {
    const out: CampaignTick[] = [];
    for (const campaign of this.#deps.campaigns()) out.push(await this.#run(campaign));
    return out;
  }

  async #run(campaign: OutboundCampaign): Promise<CampaignTick> {
    const now = new Date(this.#clock());
    const due = await this.#due(campaign, now);
    const tick: CampaignTick = { campaignId: campaign.id, due: due.length, attempted: 0 };
    if (!campaign.enabled) return { ...tick, waiting: 'disabled' };
    this.#enlist(campaign, due, now);
    if (!this.#deps.gateway) {
      if (!this.#warnedNoGateway)
        this.#deps.log.warn(
          { campaignId: campaign.id },
          'outbound campaigns are configured but BRANCHLINE_OUTBOUND_GATEWAY_URL is not set: no one is contacted',
        );
      this.#warnedNoGateway = true;
      return { ...tick, waiting: 'no_gateway' };
    }
    if (!withinCallingHours(now, campaign)) return { ...tick, waiting: 'outside_calling_hours' };
    const ready = this.#deps.db
      .select()
      .from(outboundContacts)
      .where(
        and(
          eq(outboundContacts.campaignId, campaign.id),
          eq(outboundContacts.status, 'pending'),
          lte(outboundContacts.nextAttemptAt, now),
        ),
      )
      .orderBy(asc(outboundContacts.dueDate), asc(outboundContacts.id))
      .limit(this.#deps.batch ?? 20)
      .all();
    const byKey = new Map(due.map((d) => [dueKey(d), d]));
    for (const contact of ready) {
      // Sends take time: the window may close during a pass.
      if (!withinCallingHours(new Date(this.#clock()), campaign))
        return { ...tick, waiting: 'outside_calling_hours' };
      const outcome = await this.#attempt(campaign, contact, byKey.get(contact.dueKey));
      if (outcome === 'sent') tick.attempted++;
      if (outcome === 'unavailable') return { ...tick, waiting: 'gateway_unavailable' };
    }
    return tick;
  }

  async #due(campaign: OutboundCampaign, now: Date): Promise<Due[]> {
    const today = wallClock(now, campaign.timeZone).day;
    const until = addDays(today, campaign.daysAhead);
    if (campaign.kind === 'repayment_reminder')
      return (await this.#deps.connector.repaymentsDue(today, until)).map((item) => ({
        kind: 'repayment_reminder' as const,
        item,
      }));
    return (await this.#deps.connector.servicesDue(addDays(today, -overdueServiceDays), until)).map(
      (item) => ({
        kind: 'maintenance_due' as const,
        item,
      }),
    );
  }

  /** New due dates become pending contacts; pending ones no longer due (paid, moved) expire. */
  #enlist(campaign: OutboundCampaign, due: readonly Due[], now: Date): void {
    const { db } = this.#deps;
    const keys = new Set(due.map(dueKey));
    db.transaction((tx) => {
      for (const d of due) {
        tx.insert(outboundContacts)
          .values({
            campaignId: campaign.id,
            customerRef: d.item.customerRef,
            dueKey: dueKey(d),
            dueDate: d.item.date,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
          })
          .onConflictDoNothing()
          .run();
      }
      const pending = tx
        .select({ id: outboundContacts.id, dueKey: outboundContacts.dueKey })
        .from(outboundContacts)
        .where(and(eq(outboundContacts.campaignId, campaign.id), eq(outboundContacts.status, 'pending')))
        .all();
      for (const p of pending)
        if (!keys.has(p.dueKey))
          tx.update(outboundContacts).set({ status: 'expired' }).where(eq(outboundContacts.id, p.id)).run();
    });
  }

  async #attempt(
    campaign: OutboundCampaign,
    contact: typeof outboundContacts.$inferSelect,
    due: Due | undefined,
  ): Promise<'sent' | 'skipped' | 'unavailable'> {
    const { connector, gateway } = this.#deps;
    if (!gateway || !due) return 'skipped';
    if (this.onDoNotContactList(contact.customerRef)) {
      this.#settle(campaign, contact, 'do_not_contact', null);
      return 'skipped';
    }
    const customer = await connector.customer(contact.customerRef);
    if (!customer) {
      this.#settle(campaign, contact, 'failed', {
        result: 'rejected',
        detail: 'no such customer in the branch system',
      });
      return 'skipped';
    }
    const attempt = contact.attempts + 1;
    const text =
      due.kind === 'repayment_reminder'
        ? outboundTexts.repayment_reminder(customer.language, campaign.channel, this.#deps.branch, due.item)
        : outboundTexts.maintenance_due(customer.language, campaign.channel, this.#deps.branch, due.item);
    // The same id until the gateway has answered: a message it took before a timeout or a crash
    // is a repeat it can drop.
    const answer = await gateway.send({
      attemptId: `${campaign.id}:${contact.id}:${attempt}`,
      campaignId: campaign.id,
      channel: campaign.channel,
      to: customer.phone,
      locale: customer.language,
      text,
    });
    if (answer.result === 'unavailable') {
      // Not an attempt: an outage must not use up customers' attempts. Try again in a minute.
      this.#deps.db
        .update(outboundContacts)
        .set({ lastResult: 'unavailable', nextAttemptAt: new Date(this.#clock() + 60_000) })
        .where(eq(outboundContacts.id, contact.id))
        .run();
      this.#deps.log.warn({ campaignId: campaign.id, detail: answer.detail }, 'outbound gateway unavailable');
      return 'unavailable';
    }
    this.#settle(campaign, contact, statusAfter(answer.result, attempt, campaign.maxAttempts), answer);
    return 'sent';
  }

  /** Records an attempt (or a skip), the contact's new state and the event, in one commit. */
  #settle(
    campaign: OutboundCampaign,
    contact: typeof outboundContacts.$inferSelect,
    status: ContactStatus,
    answer: { result: AttemptResult; detail?: string } | null,
  ): void {
    const now = new Date(this.#clock());
    const attempt = answer ? contact.attempts + 1 : contact.attempts;
    this.#deps.db.transaction((tx) => {
      if (answer)
        tx.insert(outboundAttempts)
          .values({
            contactId: contact.id,
            attempt,
            at: now,
            result: answer.result,
            detail: answer.detail ?? null,
          })
          .run();
      tx.update(outboundContacts)
        .set({
          status,
          attempts: attempt,
          lastResult: answer?.result ?? status,
          nextAttemptAt: new Date(now.getTime() + campaign.retryAfterMinutes * 60_000),
        })
        .where(eq(outboundContacts.id, contact.id))
        .run();
      this.#deps.outbox.append(
        {
          type: 'outbound.attempt',
          data: {
            campaignId: campaign.id,
            kind: campaign.kind,
            channel: campaign.channel,
            attempt,
            result: answer?.result ?? 'skipped',
            status,
            // Calendar days in the campaign's zone, not hours since UTC midnight.
            dueInDays: Math.round(
              (Date.parse(contact.dueDate) - Date.parse(wallClock(now, campaign.timeZone).day)) / 86_400_000,
            ),
          },
        },
        now,
      );
    });
  }

  onDoNotContactList(customerRef: string): boolean {
    return (
      this.#deps.db
        .select({ ref: doNotContact.customerRef })
        .from(doNotContact)
        .where(eq(doNotContact.customerRef, customerRef))
        .get() !== undefined
    );
  }

  addDoNotContact(customerRef: string, reason: string, addedBy: string): void {
    this.#deps.db
      .insert(doNotContact)
      .values({ customerRef, reason, addedBy, addedAt: new Date(this.#clock()) })
      .onConflictDoUpdate({ target: doNotContact.customerRef, set: { reason, addedBy } })
      .run();
  }

  removeDoNotContact(customerRef: string): boolean {
    return (
      this.#deps.db.delete(doNotContact).where(eq(doNotContact.customerRef, customerRef)).run().changes > 0
    );
  }

  doNotContactList() {
    return this.#deps.db.select().from(doNotContact).orderBy(desc(doNotContact.addedAt)).all();
  }

  /** Per campaign: contacts by status, for the console. */
  stats(): Record<string, Partial<Record<ContactStatus, number>>> {
    const rows = this.#deps.db
      .select({ campaignId: outboundContacts.campaignId, status: outboundContacts.status, n: count() })
      .from(outboundContacts)
      .groupBy(outboundContacts.campaignId, outboundContacts.status)
      .all();
    const out: Record<string, Partial<Record<ContactStatus, number>>> = {};
    for (const r of rows) out[r.campaignId] = { ...out[r.campaignId], [r.status]: r.n };
    return out;
  }

  /** The latest attempts, newest first. */
  recentAttempts(limit = 50) {
    return this.#deps.db
      .select({
        campaignId: outboundContacts.campaignId,
        customerRef: outboundContacts.customerRef,
        dueDate: outboundContacts.dueDate,
        attempt: outboundAttempts.attempt,
        at: outboundAttempts.at,
        result: outboundAttempts.result,
        detail: outboundAttempts.detail,
        status: outboundContacts.status,
      })
      .from(outboundAttempts)
      .innerJoin(outboundContacts, eq(outboundAttempts.contactId, outboundContacts.id))
      .orderBy(desc(outboundAttempts.id))
      .limit(limit)
      .all();
  }

  /** What the edge keeps of a customer's reminders goes when the customer is erased; their wish not to be contacted stays. */
  eraseCustomer(customerRef: string): { outboundContacts: number } {
    const erased = this.#deps.db
      .delete(outboundContacts)
      .where(eq(outboundContacts.customerRef, customerRef))
      .run();
    return { outboundContacts: erased.changes };
  }

  /** Drops settled contacts (and their attempts) whose due date is before `beforeDay`. */
  prune(beforeDay: string): number {
    return this.#deps.db
      .delete(outboundContacts)
      .where(and(ne(outboundContacts.status, 'pending'), lt(outboundContacts.dueDate, beforeDay)))
      .run().changes;
  }
}

function dueKey(d: Due): string {
  return d.kind === 'repayment_reminder'
    ? `${d.item.loanId}@${d.item.date}`
    : `${d.item.vehicleId}@${d.item.date}`;
}

/** Delivered or answered ends it; rejected (no such number) cannot be retried; the rest can. */
function statusAfter(result: AttemptResult, attempt: number, maxAttempts: number): ContactStatus {
  if (result === 'delivered' || result === 'answered') return 'done';
  if (result === 'rejected') return 'failed';
  return attempt >= maxAttempts ? 'exhausted' : 'pending';
}

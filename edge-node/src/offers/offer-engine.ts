import type { OfferRule } from '@branchline/shared';
import { and, count, eq, gt } from 'drizzle-orm';
import type { BranchConnector } from '../connector/index.js';
import type { Locale, Understanding } from '../conversation/types.js';
import type { EdgeDatabase } from '../db/index.js';
import { offersMade } from '../db/schema.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import { excerpt, offerTexts } from './offer-texts.js';

export interface Offer {
  ruleId: string;
  moment: OfferRule['moment'];
  action: OfferRule['action'];
  articleId: string | null;
  /** What the customer reads; tokenized like every stored message (it holds no personal data). */
  text: string;
}

export interface OfferContext {
  conversationId: string;
  customerRef: string | null;
  locale: Locale;
  /** The customer's latest messages, tokenized, this one last: a product named a turn ago still counts. */
  text: string;
  understanding: Understanding;
}

export interface OfferEngineDeps {
  db: EdgeDatabase;
  knowledge: KnowledgeBase;
  connector: BranchConnector;
  /** The offer rules of the bundle this edge runs. */
  rules(): readonly OfferRule[];
  clock?: () => number;
}

const dayMs = 86_400_000;
/** A repayment is near this many days ahead. */
const repaymentNearDays = 7;
/** A car service due within this many days (or overdue) is a moment to remind. */
const maintenanceDueDays = 14;

/**
 * Proactive offers and reminders: a rule of the fleet bundle maps a moment of the conversation
 * (the customer hesitates over a product, a repayment is near) to an action (an offer quoting its
 * terms from the knowledge base, reviews, a reminder), at most `maxPerCustomer` times in `perDays`
 * for one customer (or, unverified, one conversation). Every offer made is recorded: the audit of
 * what was offered to whom, and what the caps count.
 */
export class OfferEngine {
  readonly #clock: () => number;

  constructor(private readonly deps: OfferEngineDeps) {
    this.#clock = deps.clock ?? Date.now;
  }

  /** The one offer this turn calls for, if any: the first rule whose moment is now and whose cap allows it. */
  async consider(turn: OfferContext): Promise<Offer | undefined> {
    const rules = this.deps.rules();
    if (rules.length === 0) return undefined;
    const subject = turn.customerRef ? `customer:${turn.customerRef}` : `conversation:${turn.conversationId}`;
    for (const rule of rules) {
      if (!(await this.#momentIsNow(rule, turn))) continue;
      if (this.#capReached(rule, subject)) continue;
      const text = await this.#text(rule, turn);
      if (!text) continue;
      return {
        ruleId: rule.id,
        moment: rule.moment,
        action: rule.action,
        articleId: rule.articleId ?? null,
        text,
      };
    }
    return undefined;
  }

  /** Records an offer made; run it in the commit that stores the message, so the cap is never off. */
  record(offer: Offer, turn: Pick<OfferContext, 'conversationId' | 'customerRef'>): void {
    this.deps.db
      .insert(offersMade)
      .values({
        ruleId: offer.ruleId,
        subject: turn.customerRef ? `customer:${turn.customerRef}` : `conversation:${turn.conversationId}`,
        conversationId: turn.conversationId,
        moment: offer.moment,
        action: offer.action,
        articleId: offer.articleId,
        at: new Date(this.#clock()),
      })
      .run();
  }

  async #momentIsNow(rule: OfferRule, turn: OfferContext): Promise<boolean> {
    switch (rule.moment) {
      case 'hesitation':
        return turn.understanding.hesitation !== undefined && aboutProduct(rule, turn);
      case 'repayment_near': {
        if (!turn.customerRef) return false;
        const next = await this.deps.connector.nextRepayment(turn.customerRef);
        if (!next || next.overdue) return false;
        const days = (Date.parse(next.date) - this.#clock()) / dayMs;
        return days >= -1 && days <= repaymentNearDays && (!rule.product || next.product === rule.product);
      }
      case 'maintenance_due': {
        if (!turn.customerRef) return false;
        const next = await this.deps.connector.nextService(turn.customerRef);
        if (!next) return false;
        // Overdue counts too: a car past its service date is the reason to remind, not to stay quiet.
        return (Date.parse(next.date) - this.#clock()) / dayMs <= maintenanceDueDays;
      }
    }
  }

  #capReached(rule: OfferRule, subject: string): boolean {
    const since = new Date(this.#clock() - rule.perDays * dayMs);
    const made = this.deps.db
      .select({ n: count() })
      .from(offersMade)
      .where(and(eq(offersMade.ruleId, rule.id), eq(offersMade.subject, subject), gt(offersMade.at, since)))
      .get();
    return (made?.n ?? 0) >= rule.maxPerCustomer;
  }

  async #text(rule: OfferRule, turn: OfferContext): Promise<string | undefined> {
    if (rule.action === 'reminder') {
      if (!turn.customerRef) return undefined;
      if (rule.moment === 'maintenance_due') {
        const car = await this.deps.connector.nextService(turn.customerRef);
        return car ? offerTexts.service(turn.locale, car.model, car.date) : undefined;
      }
      if (rule.moment !== 'repayment_near') return undefined;
      const next = await this.deps.connector.nextRepayment(turn.customerRef);
      return next
        ? offerTexts.repayment(turn.locale, next.date, next.amountDueMinor, next.currency)
        : undefined;
    }
    // Offers and reviews quote the knowledge base: no article (or not valid now), no offer.
    const article = rule.articleId ? this.deps.knowledge.article(rule.articleId) : undefined;
    if (!article) return undefined;
    return offerTexts[rule.action](turn.locale, article.title, excerpt(article.passages));
  }
}

/** A rule for a product applies when the customer's words or intent name it (`理财|wealth`). */
function aboutProduct(rule: OfferRule, turn: OfferContext): boolean {
  if (!rule.product) return true;
  const said = `${turn.text} ${turn.understanding.intent ?? ''}`.toLowerCase();
  return rule.product
    .toLowerCase()
    .split('|')
    .some((word) => word.trim() !== '' && said.includes(word.trim()));
}

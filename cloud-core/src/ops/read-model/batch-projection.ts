import type { InsightMiner, MentionKind } from '../../insight/index.js';
import { bumpCount, type CountMap } from './count-maps.js';
import { type DecodedEvent, isRecord } from './decode-event.js';
import type { HourCounts } from './schema.js';
import type { AlertAction, AlertSeverity, AlertSide, OpsAlert } from './types.js';

export const hourMs = 3_600_000;

/** What the model remembers of a conversation to count its first hand-off once, where it started. */
export interface ConversationState {
  id: string;
  edgeId: string;
  /** Null while only a hand-off has been seen (its start may still arrive, out of order). */
  startHour: number | null;
  handedOff: boolean;
  /** The product the conversation last named, for later turns that name none. */
  product: string | null;
  touchedSeq: number;
  touchedHour: number;
}

export interface HourRow {
  hour: number;
  edgeId: string;
  counts: HourCounts;
  handoffReasons: CountMap;
  intents: CountMap;
}

/** A reason or objection mined from a customer turn, as stored. */
export interface MentionRow {
  eventId: string;
  idx: number;
  seq: number;
  edgeId: string;
  conversationId: string | null;
  occurredMs: number;
  kind: MentionKind;
  theme: string | null;
  product: string | null;
  locale: string | null;
  text: string;
}

export const zeroCounts = (): HourCounts => ({
  conversations: 0,
  turns: 0,
  aiTurns: 0,
  agentTurns: 0,
  handoffs: 0,
  handedOffConversations: 0,
  negativeMicros: 0,
  negativeCount: 0,
  answerCheckFailures: 0,
  waitMsSum: 0,
  waitCount: 0,
  inputTokens: 0,
  outputTokens: 0,
  costNanos: 0,
  costUnknown: 0,
  complianceAlerts: 0,
});

const finite = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
/** A count, a duration or a price: a negative one is a producer's bug and counts as absent. */
const amount = (v: unknown): number | undefined => {
  const n = finite(v);
  return n !== undefined && n >= 0 ? n : undefined;
};
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function oneOf<T extends string>(v: unknown, allowed: readonly T[], absent: T): T | undefined {
  if (v === undefined || v === null) return absent;
  return allowed.includes(v as T) ? (v as T) : undefined;
}

const severities: readonly AlertSeverity[] = ['low', 'medium', 'high'];
const sides: readonly AlertSide[] = ['customer', 'agent', 'ai'];
const actions: readonly AlertAction[] = ['alert', 'block'];

/**
 * One batch of events folded in memory: counters, hand-off reasons and intents per (hour, edge),
 * the conversations it touched and its alerts. The writer then upserts each (hour, edge) once,
 * which is what makes a rebuild fast.
 */
export class BatchProjection {
  readonly hours = new Map<string, HourRow>();
  /** Null: looked up and not in the model. */
  readonly conversations = new Map<string, ConversationState | null>();
  readonly changedConversations = new Set<ConversationState>();
  /** In stream order, with the hour they count in once the writer knows they are new. */
  readonly alerts: { alert: OpsAlert; hour: number }[] = [];
  readonly mentions: MentionRow[] = [];
  /** The product each conversation last named in this batch; written after the conversations. */
  readonly products = new Map<string, string>();

  constructor(
    private readonly lookup: (conversationId: string) => ConversationState | undefined,
    private readonly miner: InsightMiner,
  ) {}

  row(hour: number, edgeId: string): HourRow {
    const key = `${hour}|${edgeId}`;
    let row = this.hours.get(key);
    if (!row) {
      row = { hour, edgeId, counts: zeroCounts(), handoffReasons: new Map(), intents: new Map() };
      this.hours.set(key, row);
    }
    return row;
  }

  counts(hour: number, edgeId: string): HourCounts {
    return this.row(hour, edgeId).counts;
  }

  /** Projects one event; returns why it is malformed, or undefined. */
  add(seq: number, event: DecodedEvent): string | undefined {
    const hour = Math.floor(event.occurredMs / hourMs);
    const { data } = event;
    switch (event.type) {
      case 'conversation.started':
        if (!event.conversationId) return 'conversation.started without conversationId';
        this.started(event.conversationId, event.edgeId, seq, hour);
        return undefined;
      case 'conversation.turn':
        this.turn(seq, hour, event);
        return undefined;
      case 'agent.wrapup': {
        const waitMs = amount(data.waitMs);
        if (waitMs !== undefined) {
          const c = this.counts(hour, event.edgeId);
          c.waitMsSum += Math.round(waitMs);
          c.waitCount++;
        }
        return undefined;
      }
      case 'dialog.usage': {
        const c = this.counts(hour, event.edgeId);
        c.inputTokens += Math.round(amount(data.inputTokens) ?? 0);
        c.outputTokens += Math.round(amount(data.outputTokens) ?? 0);
        const cost = amount(data.costUsd);
        if (cost === undefined) c.costUnknown++;
        else c.costNanos += Math.round(cost * 1e9);
        return undefined;
      }
      case 'compliance.alert':
        return this.ruleAlert(seq, event);
      default:
        return undefined;
    }
  }

  private turn(seq: number, hour: number, event: DecodedEvent): void {
    const { data, edgeId, conversationId } = event;
    const row = this.row(hour, edgeId);
    const c = row.counts;
    c.turns++;
    const reason = text(data.reason);
    const handledBy = text(data.handledBy);
    if (reason === 'with_agent') c.agentTurns++;
    else if (handledBy !== undefined && handledBy !== 'human') c.aiTurns++;
    if (data.route === 'human' && reason !== 'with_agent') {
      c.handoffs++;
      bumpCount(row.handoffReasons, reason ?? 'unknown');
      if (conversationId) this.handedOff(conversationId, edgeId, seq, hour);
    }
    if (reason === 'answer_check_failed') c.answerCheckFailures++;
    const intent = text(data.intent);
    if (intent !== undefined) bumpCount(row.intents, intent);
    const negative = isRecord(data.sentiment) ? finite(data.sentiment.negative) : undefined;
    if (negative !== undefined) {
      c.negativeMicros += Math.round(negative * 1e6);
      c.negativeCount++;
    }
    this.mine(seq, event);
    if (Array.isArray(data.flags) && data.flags.includes('compliance')) {
      this.pushAlert(hour, {
        id: event.id,
        seq,
        edgeId,
        conversationId,
        occurredAt: new Date(event.occurredMs).toISOString(),
        source: 'model',
        ruleId: 'compliance-model',
        category: 'model',
        severity: 'medium',
        side: 'customer',
        text: typeof data.text === 'string' ? data.text : '',
        action: 'alert',
      });
    }
  }

  /** Reasons and objections in the customer's (tokenized) words. */
  private mine(seq: number, event: DecodedEvent): void {
    const said = text(event.data.text);
    if (!said) return;
    const { conversationId, edgeId } = event;
    // The conversation's product is looked up only for a mention that names none itself.
    const earlier = () => {
      if (!conversationId) return null;
      const named = this.products.get(conversationId);
      return named !== undefined ? named : (this.conversation(conversationId)?.product ?? null);
    };
    const mined = this.miner.mine(said, earlier);
    mined.mentions.forEach((m, idx) => {
      this.mentions.push({
        eventId: event.id,
        idx,
        seq,
        edgeId,
        conversationId,
        occurredMs: event.occurredMs,
        kind: m.kind,
        theme: m.theme,
        product: m.product,
        locale: text(event.data.locale) ?? null,
        text: m.text,
      });
    });
    if (conversationId && mined.product !== null) {
      this.products.set(conversationId, mined.product);
      const state = this.conversations.get(conversationId);
      if (state) state.product = mined.product;
    }
  }

  private ruleAlert(seq: number, event: DecodedEvent): string | undefined {
    const { data } = event;
    const ruleId = text(data.ruleId);
    const severity = severities.includes(data.severity as AlertSeverity)
      ? (data.severity as AlertSeverity)
      : undefined;
    const side = oneOf(data.side, sides, 'customer');
    const action = oneOf(data.action, actions, 'alert');
    if (!ruleId || !severity || !side || !action)
      return 'compliance.alert without ruleId, severity, side or action';
    this.pushAlert(Math.floor(event.occurredMs / hourMs), {
      id: event.id,
      seq,
      edgeId: event.edgeId,
      conversationId: event.conversationId,
      occurredAt: new Date(event.occurredMs).toISOString(),
      source: 'rule',
      ruleId,
      category: text(data.category) ?? 'unknown',
      severity,
      side,
      text: typeof data.text === 'string' ? data.text : '',
      action,
    });
    return undefined;
  }

  private pushAlert(hour: number, alert: OpsAlert): void {
    this.alerts.push({ alert, hour });
  }

  private conversation(id: string): ConversationState | null {
    let state = this.conversations.get(id);
    if (state === undefined) {
      state = this.lookup(id) ?? null;
      this.conversations.set(id, state);
    }
    return state;
  }

  private track(state: ConversationState, seq: number, hour: number): void {
    state.touchedSeq = seq;
    state.touchedHour = hour;
    this.conversations.set(state.id, state);
    this.changedConversations.add(state);
  }

  private started(id: string, edgeId: string, seq: number, hour: number): void {
    const state = this.conversation(id);
    // A second start of the same conversation (a re-send past the de-duplication window) counts once.
    if (state && state.startHour !== null) return;
    this.counts(hour, edgeId).conversations++;
    if (state?.handedOff) this.counts(hour, edgeId).handedOffConversations++;
    const next = state ?? {
      id,
      edgeId,
      startHour: hour,
      handedOff: false,
      product: null,
      touchedSeq: seq,
      touchedHour: hour,
    };
    next.startHour = hour;
    this.track(next, seq, hour);
  }

  private handedOff(id: string, edgeId: string, seq: number, hour: number): void {
    const state = this.conversation(id);
    if (state?.handedOff) return;
    if (state && state.startHour !== null)
      this.counts(state.startHour, state.edgeId).handedOffConversations++;
    const next = state ?? {
      id,
      edgeId,
      startHour: null,
      handedOff: true,
      product: null,
      touchedSeq: seq,
      touchedHour: hour,
    };
    next.handedOff = true;
    this.track(next, seq, hour);
  }
}

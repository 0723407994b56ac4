/** One message of the events stream, as the feeder hands it over: stream sequence, subject, body. */
export interface StreamRecord {
  seq: number;
  subject: string;
  data: Uint8Array | string;
}

export interface ApplyResult {
  /** Events projected (including types the KPIs ignore). */
  applied: number;
  /** Malformed events: counted, logged now and then, never retried. */
  skipped: number;
  /** Events at or below the last applied sequence: already in the model. */
  duplicates: number;
  /** New compliance alerts. */
  alerts: number;
  lastSeq: number;
}

export interface ReadModelStatus {
  lastSeq: number;
  eventsApplied: number;
  skipped: number;
  schemaVersion: number;
}

export type KpiBucket = 'hour' | 'day';

export interface KpiQuery {
  /** Undefined: the whole fleet. An empty list: no edge at all. */
  edgeIds?: readonly string[];
  from: Date;
  /** Exclusive. */
  to: Date;
  /**
   * `day` buckets are 24 hours from `from` (floored to the hour): pass a local midnight to get
   * local days (figures are kept per hour, so any whole-hour time zone lines up).
   */
  bucket: KpiBucket;
}

export interface KpiTotals {
  conversations: number;
  turns: number;
  /** Turns answered without a person: local models, branch tools, the cloud dialog. */
  aiTurns: number;
  /** Turns of a conversation a person already held (`with_agent`): not new hand-offs. */
  agentTurns: number;
  /** Turns the AI handed to a person. */
  handoffs: number;
  /** Conversations handed off at least once, counted in the bucket where they started. */
  handedOffConversations: number;
  /** (conversations - handedOffConversations) / conversations; null without conversations. */
  containmentRate: number | null;
  /** handoffs / (turns - agentTurns): the share of the AI's turns it gave to a person. */
  handoffRate: number | null;
  /** Mean queue wait of wrapped-up hand-offs. */
  avgWaitMs: number | null;
  /** Mean `sentiment.negative` (0..1) of customer turns. */
  avgNegativeSentiment: number | null;
  answerCheckFailures: number;
  inputTokens: number;
  outputTokens: number;
  /** Known costs only: see costUnknownTurns. */
  costUsd: number;
  /** Cloud dialog turns whose model had no known price. */
  costUnknownTurns: number;
  complianceAlerts: number;
}

export interface KpiPoint extends KpiTotals {
  /** Bucket start, ISO. */
  at: string;
}

export interface KpiResult {
  points: KpiPoint[];
  totals: KpiTotals;
  handoffsByReason: { reason: string; count: number }[];
  topIntents: { intent: string; count: number }[];
}

export type AlertSeverity = 'low' | 'medium' | 'high';
export type AlertSide = 'customer' | 'agent' | 'ai';
export type AlertAction = 'alert' | 'block';

export interface OpsAlert {
  /** The event's id. */
  id: string;
  seq: number;
  edgeId: string;
  conversationId: string | null;
  occurredAt: string;
  /** `rule`: a `compliance.alert` event; `model`: a turn the edge's model flagged `compliance`. */
  source: 'rule' | 'model';
  ruleId: string;
  category: string;
  severity: AlertSeverity;
  side: AlertSide;
  /** Tokenized, as the edge sent it. */
  text: string;
  action: AlertAction;
}

export interface AlertQuery {
  edgeIds?: readonly string[];
  since?: Date;
  /** Default 50, at most 500. */
  limit?: number;
}

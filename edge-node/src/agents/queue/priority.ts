import { QueueError } from './errors.js';
import { type Severity, severities, type ValueTier, valueTiers } from './types.js';

/**
 * Priority points. One point is worth one minute of waiting at the default ageing rate, so the
 * weights read as head starts: a gold customer is served as if they had asked for a human four
 * minutes earlier, a critical case twelve minutes earlier.
 */
export const defaultTierWeights: Readonly<Record<ValueTier, number>> = {
  standard: 0,
  silver: 2,
  gold: 4,
  platinum: 6,
};

export const defaultSeverityWeights: Readonly<Record<Severity, number>> = {
  low: 0,
  normal: 2,
  high: 6,
  critical: 12,
};

/** Points gained per minute waited; what stops a standard customer starving behind a stream of gold ones. */
export const defaultAgeingPerMinute = 1;

export interface PriorityOptions {
  tierWeights?: Partial<Record<ValueTier, number>>;
  severityWeights?: Partial<Record<Severity, number>>;
  /** Must be > 0: without ageing a low-priority conversation can wait forever. */
  ageingPerMinute?: number;
}

const msPerMinute = 60_000;

/**
 * score(now) = tierWeight[tier] + severityWeight[severity] + ageingPerMinute * (now - enqueuedAt) / 60,000
 *
 * Every waiting conversation gains points at the same rate, so the order between two of them never
 * changes with time. The queue therefore orders by a static key, the "virtual arrival":
 *
 *   virtualArrival = enqueuedAt - base * msPerPoint,   msPerPoint = 60,000 / ageingPerMinute
 *
 * earliest first, and score(now) = (now - virtualArrival) / msPerPoint. With integer weights and
 * millisecond timestamps the key is an exact integer, so equal scores tie exactly and fall back to
 * the earlier `enqueuedAt`.
 */
export class Priority {
  readonly tierWeights: Readonly<Record<ValueTier, number>>;
  readonly severityWeights: Readonly<Record<Severity, number>>;
  readonly ageingPerMinute: number;
  private readonly msPerPoint: number;

  constructor(options: PriorityOptions = {}) {
    this.tierWeights = { ...defaultTierWeights, ...options.tierWeights };
    this.severityWeights = { ...defaultSeverityWeights, ...options.severityWeights };
    this.ageingPerMinute = options.ageingPerMinute ?? defaultAgeingPerMinute;
    for (const tier of valueTiers) finite(this.tierWeights[tier], `tierWeights.${tier}`);
    for (const severity of severities) finite(this.severityWeights[severity], `severityWeights.${severity}`);
    if (!(Number.isFinite(this.ageingPerMinute) && this.ageingPerMinute > 0)) {
      throw new QueueError('invalid', 'ageingPerMinute must be a positive number');
    }
    this.msPerPoint = msPerMinute / this.ageingPerMinute;
  }

  base(tier: ValueTier, severity: Severity): number {
    return this.tierWeights[tier] + this.severityWeights[severity];
  }

  virtualArrival(c: { enqueuedAt: number; valueTier: ValueTier; severity: Severity }): number {
    return c.enqueuedAt - this.base(c.valueTier, c.severity) * this.msPerPoint;
  }

  score(c: { enqueuedAt: number; valueTier: ValueTier; severity: Severity }, now: number): number {
    return this.base(c.valueTier, c.severity) + (this.ageingPerMinute * (now - c.enqueuedAt)) / msPerMinute;
  }
}

function finite(value: number, name: string) {
  if (!Number.isFinite(value)) throw new QueueError('invalid', `${name} must be a finite number`);
}

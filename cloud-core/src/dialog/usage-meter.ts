import type { DialogUsage } from './types.js';

/** USD per million tokens. Cache writes (5-minute) and reads are priced off the input rate. */
interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

const price = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheWrite: 1.25,
  cacheRead: 0.1,
});

/**
 * List prices from platform.claude.com/docs/en/about-claude/pricing, for the models we may
 * configure. Tiered or unverified models are left out on purpose: no cost beats a wrong one.
 */
const PRICES: Record<string, ModelPrice> = {
  'claude-sonnet-5-5': price(2, 10),
  'claude-sonnet-5': price(2, 10),
  'claude-sonnet-4-6': price(3, 15),
  'claude-sonnet-4-5': price(3, 15),
  'claude-haiku-4-5': price(1, 5),
  'claude-opus-5': price(5, 25),
  'claude-opus-4-8': price(5, 25),
  'claude-opus-4-7': price(5, 25),
  'claude-opus-4-6': price(5, 25),
  'claude-opus-4-5': price(5, 25),
};

/** The cost of some usage in USD, or null for a model without a known price. */
export function estimateCostUsd(model: string, usage: DialogUsage): number | null {
  // Dated snapshots (`claude-haiku-4-5-20251001`) cost what their alias costs.
  const p = PRICES[model.replace(/-\d{8}$/, '')];
  if (!p) return null;
  const dollars =
    usage.inputTokens * p.input +
    usage.outputTokens * p.output +
    usage.cacheCreationInputTokens * p.input * p.cacheWrite +
    usage.cacheReadInputTokens * p.input * p.cacheRead;
  return dollars / 1_000_000;
}

export interface EdgeUsage extends DialogUsage {
  edgeId: string;
  turns: number;
  /** Null once any turn used a model without a price: a partial sum would read as the total. */
  costUsd: number | null;
}

/** Per-edge token and cost counters, kept in memory by each core replica. */
export class UsageMeter {
  readonly #edges = new Map<string, EdgeUsage>();

  record(edgeId: string, model: string, usage: DialogUsage): void {
    const edge = this.#edges.get(edgeId) ?? {
      edgeId,
      turns: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreationInputTokens: 0,
      costUsd: 0,
    };
    edge.turns++;
    edge.inputTokens += usage.inputTokens;
    edge.outputTokens += usage.outputTokens;
    edge.cacheReadInputTokens += usage.cacheReadInputTokens;
    edge.cacheCreationInputTokens += usage.cacheCreationInputTokens;
    const cost = estimateCostUsd(model, usage);
    edge.costUsd = edge.costUsd === null || cost === null ? null : edge.costUsd + cost;
    this.#edges.set(edgeId, edge);
  }

  /** A copy per edge, sorted by edge id, safe for callers to keep. */
  snapshot(): EdgeUsage[] {
    return [...this.#edges.values()]
      .map((edge) => ({ ...edge }))
      .sort((a, b) => a.edgeId.localeCompare(b.edgeId));
  }
}

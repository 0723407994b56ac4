import { describe, expect, it } from 'vitest';
import { estimateCostUsd, UsageMeter } from './usage-meter.js';

const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0) => ({
  inputTokens: input,
  outputTokens: output,
  cacheReadInputTokens: cacheRead,
  cacheCreationInputTokens: cacheWrite,
});

describe('UsageMeter', () => {
  it('prices a known model with cache multipliers, dated snapshots included', () => {
    // $3 in, $15 out, writes 1.25x and reads 0.1x of input, per million tokens.
    expect(
      estimateCostUsd('claude-sonnet-4-6', usage(1_000_000, 1_000_000, 1_000_000, 1_000_000)),
    ).toBeCloseTo(3 + 15 + 0.3 + 3.75);
    expect(estimateCostUsd('claude-haiku-4-5-20251001', usage(1_000_000, 0))).toBeCloseTo(1);
  });

  it('gives null for an unknown model', () => {
    expect(estimateCostUsd('gpt-whatever', usage(10, 10))).toBeNull();
  });

  it('sums turns and tokens per edge, and stops pricing an edge once a model is unknown', () => {
    const meter = new UsageMeter();
    meter.record('edge-b', 'claude-sonnet-5-5', usage(1000, 200, 3000, 0));
    meter.record('edge-b', 'claude-sonnet-5-5', usage(500, 100, 0, 400));
    meter.record('edge-a', 'claude-sonnet-4-6', usage(10, 10));
    meter.record('edge-a', 'mystery-model', usage(10, 10));

    const [a, b] = meter.snapshot();
    expect(b).toEqual({
      edgeId: 'edge-b',
      turns: 2,
      inputTokens: 1500,
      outputTokens: 300,
      cacheReadInputTokens: 3000,
      cacheCreationInputTokens: 400,
      costUsd: expect.closeTo((1500 * 2 + 300 * 10 + 3000 * 0.2 + 400 * 2.5) / 1e6, 12),
    });
    expect(a).toMatchObject({ edgeId: 'edge-a', turns: 2, costUsd: null });
  });

  it('hands out copies', () => {
    const meter = new UsageMeter();
    meter.record('edge-a', 'claude-sonnet-4-6', usage(1, 1));
    const snap = meter.snapshot();
    if (snap[0]) snap[0].turns = 99;
    expect(meter.snapshot()[0]?.turns).toBe(1);
  });
});

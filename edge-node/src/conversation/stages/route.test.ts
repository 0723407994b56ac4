import { defaultRoutingPolicy, routingPolicySchema } from '@branchline/shared';
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../types.js';
import { type EarlierTurn, historyNeeded, type RouteContext, route, summarizeTurn } from './route.js';

const understood = (intent: string | null, extra: Partial<Understanding> = {}): Understanding => ({
  intent,
  confidence: 0.9,
  sentiment: { label: 'neutral', negative: 0.05 },
  flags: [],
  ...extra,
});
const negative = (p: number): Partial<Understanding> => ({
  sentiment: { label: p >= 0.5 ? 'negative' : 'neutral', negative: p },
});
const unclear: Partial<Understanding> = { confidence: 0.2, flags: ['low_confidence'] };
const fresh: RouteContext = { text: '', history: [] };
const saying = (text: string, history: readonly EarlierTurn[] = []): RouteContext => ({ text, history });
const earlier = (...negatives: number[]): EarlierTurn[] =>
  negatives.map((n) => ({ negative: n, lowConfidence: false }));
const policy = defaultRoutingPolicy;

describe('routing by policy', () => {
  it('sends tool intents to their tool and small talk to local replies', () => {
    expect(route(understood('order_status'), policy, fresh)).toEqual({
      route: 'tool',
      reason: 'tool_intent',
      tool: 'order_status',
    });
    expect(route(understood('loan_repayment_date'), policy, fresh).tool).toBe('repayment_date');
    expect(route(understood('greeting'), policy, fresh)).toEqual({ route: 'local', reason: 'small_talk' });
    expect(route(understood('branch_opening_hours'), policy, fresh).reason).toBe('knowledge_intent');
  });

  it('hands complaints, explicit requests, anger and compliance flags to a person, with the reason', () => {
    expect(route(understood('complaint'), policy, fresh)).toEqual({ route: 'human', reason: 'complaint' });
    expect(route(understood('request_human_agent'), policy, fresh).reason).toBe('requested');
    expect(route(understood('order_status', negative(0.95)), policy, fresh)).toEqual({
      route: 'human',
      reason: 'negative_sentiment',
    });
    expect(route(understood('order_status', { flags: ['compliance'] }), policy, fresh).reason).toBe(
      'compliance_flag',
    );
  });

  it('does not trust an intent below the confidence floor, and follows the policy fallback', () => {
    expect(route(understood('order_status', { flags: ['low_confidence'] }), policy, fresh)).toEqual({
      route: 'cloud',
      reason: 'low_confidence',
    });
    const humanFirst = routingPolicySchema.parse({ fallback: 'human', humanOnComplianceFlag: false });
    expect(route(understood(null), humanFirst, fresh).route).toBe('human');
    expect(route(understood('order_status', { flags: ['compliance'] }), humanFirst, fresh).route).toBe(
      'tool',
    );
  });
});

describe('explicit requests for a person', () => {
  const requested = { route: 'human', reason: 'requested' };

  it.each([
    '转人工',
    '转人工！！！',
    '人工客服在吗？',
    '我要投诉人工',
    '麻烦帮我转 人工，谢谢',
    '给我找个真人',
    'agent please',
    'Agent, please!',
    'AGENT PLEASE',
    'Can I speak to a human?',
    'I want a real person, not a bot',
    'please put me through to a customer service representative',
    'ｒｅａｌ　ｐｅｒｓｏｎ',
  ])('hears "%s" whatever the intent model made of it', (text) => {
    expect(route(understood('order_status'), policy, saying(text))).toEqual(requested);
    expect(route(understood(null, unclear), policy, saying(text))).toEqual(requested);
  });

  it('reads the tokenized text with the personal data tokens left out', () => {
    expect(route(understood('greeting'), policy, saying('我是⟦NAME_1⟧，转人工'))).toEqual(requested);
    expect(route(understood('greeting'), policy, saying('⟦NAME_1⟧ ⟦PHONE_1⟧'))).toEqual({
      route: 'local',
      reason: 'small_talk',
    });
  });

  it('matches whole words, not parts of them', () => {
    expect(route(understood('greeting'), policy, saying('unreal personal best'))).toEqual({
      route: 'local',
      reason: 'small_talk',
    });
    expect(route(understood('greeting'), policy, saying('my agent pleased me'))).toEqual({
      route: 'local',
      reason: 'small_talk',
    });
  });

  it('does not count a phrase inside an exception: fees, AI, a customer declining a person', () => {
    for (const text of [
      '换个零件为什么还要人工费？',
      '你们的人工智能客服挺好用',
      '不用转人工了，问题解决了',
      '不需要人工，我自己看看',
      "No thanks, I don't need a human anymore",
    ]) {
      expect(route(understood('thanks_goodbye'), policy, saying(text)), text).toEqual({
        route: 'local',
        reason: 'small_talk',
      });
    }
    // The exception voids only the words it overlaps; a request elsewhere in the turn counts.
    expect(route(understood('thanks_goodbye'), policy, saying('我不要人工智能，我要人工'))).toEqual(
      requested,
    );
  });

  it('takes its phrases and exceptions from the policy', () => {
    const custom = routingPolicySchema.parse({
      humanRequestPhrases: ['Operator'],
      humanRequestExceptions: ['smooth operator'],
    });
    expect(route(understood('greeting'), custom, saying('operator!')).reason).toBe('requested');
    expect(route(understood('greeting'), custom, saying('转人工')).reason).toBe('small_talk');
    expect(route(understood('greeting'), custom, saying('play Smooth Operator')).reason).toBe('small_talk');
    expect(() => routingPolicySchema.parse({ humanRequestPhrases: ['  '] })).toThrow();
  });

  it('comes before every other rule', () => {
    expect(route(understood('complaint'), policy, saying('我要投诉人工')).reason).toBe('requested');
    expect(route(understood(null, { flags: ['compliance'] }), policy, saying('real person')).reason).toBe(
      'requested',
    );
  });
});

describe('rising anger over turns', () => {
  it('hands over when the negative probability rose at each of the last 3 turns and ends at 0.6 or more', () => {
    expect(
      route(understood('bill_explanation', negative(0.65)), policy, saying('', earlier(0.1, 0.4))),
    ).toEqual({ route: 'human', reason: 'rising_anger' });
    expect(
      route(understood(null, { ...unclear, ...negative(0.6) }), policy, saying('', earlier(0.59, 0.2, 0.5)))
        .reason,
    ).toBe('rising_anger');
  });

  it('needs a rise at every turn, enough turns, and a high enough last turn', () => {
    const bill = (p: number) => understood('bill_explanation', negative(p));
    // fell once on the way
    expect(route(bill(0.8), policy, saying('', earlier(0.5, 0.3))).route).toBe('local');
    // flat is not rising
    expect(route(bill(0.7), policy, saying('', earlier(0.2, 0.7))).route).toBe('local');
    // rising, but still calm
    expect(route(bill(0.55), policy, saying('', earlier(0.1, 0.3))).route).toBe('local');
    // only two turns so far
    expect(route(bill(0.8), policy, saying('', earlier(0.3))).route).toBe('local');
    // an angry turn is handed over on its own, with its own reason
    expect(route(bill(0.95), policy, saying('', earlier(0.1, 0.3))).reason).toBe('negative_sentiment');
  });

  it('follows the policy: turns, threshold, off', () => {
    const two = routingPolicySchema.parse({ risingAngerTurns: 2, risingAngerNegative: 0.5 });
    expect(route(understood('greeting', negative(0.5)), two, saying('', earlier(0.1))).reason).toBe(
      'rising_anger',
    );
    const off = routingPolicySchema.parse({ risingAngerTurns: 0 });
    expect(route(understood('greeting', negative(0.8)), off, saying('', earlier(0.1, 0.4))).reason).toBe(
      'small_talk',
    );
    expect(() => routingPolicySchema.parse({ risingAngerTurns: 1 })).toThrow();
  });
});

describe('repeated low confidence', () => {
  const lost = { negative: 0.1, lowConfidence: true };
  const clear = { negative: 0.1, lowConfidence: false };

  it('hands over after 2 turns in a row the models could not read', () => {
    expect(route(understood('greeting', unclear), policy, saying('', [lost]))).toEqual({
      route: 'human',
      reason: 'repeated_low_confidence',
    });
    expect(route(understood('greeting', unclear), policy, saying('', [lost, clear])).reason).toBe(
      'low_confidence',
    );
    expect(route(understood('greeting', unclear), policy, fresh).reason).toBe('low_confidence');
    // a clear turn after unclear ones is answered
    expect(route(understood('order_status'), policy, saying('', [lost, lost])).reason).toBe('tool_intent');
  });

  it('follows the policy', () => {
    const three = routingPolicySchema.parse({ lowConfidenceTurns: 3 });
    expect(route(understood(null, unclear), three, saying('', [lost])).reason).toBe('low_confidence');
    expect(route(understood(null, unclear), three, saying('', [lost, lost])).reason).toBe(
      'repeated_low_confidence',
    );
    const off = routingPolicySchema.parse({ lowConfidenceTurns: 0 });
    expect(route(understood(null, unclear), off, saying('', [lost, lost])).reason).toBe('low_confidence');
  });

  it('does not count turns the edge could not read because its models are missing', () => {
    const degraded = understood(null, { confidence: 0, flags: ['models_unavailable'] });
    expect(summarizeTurn(degraded).lowConfidence).toBe(false);
    expect(route(degraded, policy, saying('', [summarizeTurn(degraded)])).reason).toBe('low_confidence');
    expect(summarizeTurn(understood(null)).lowConfidence).toBe(true);
    expect(
      summarizeTurn(understood('greeting', { flags: ['models_unavailable', 'low_confidence'] })),
    ).toEqual({ negative: 0.05, lowConfidence: true });
  });
});

describe('how much history routing needs', () => {
  it('is the longest rule window minus the turn itself', () => {
    expect(historyNeeded(policy)).toBe(2);
    expect(historyNeeded(routingPolicySchema.parse({ lowConfidenceTurns: 5 }))).toBe(4);
    expect(historyNeeded(routingPolicySchema.parse({ risingAngerTurns: 0, lowConfidenceTurns: 0 }))).toBe(0);
  });
});

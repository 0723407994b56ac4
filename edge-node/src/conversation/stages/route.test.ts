import { defaultRoutingPolicy, routingPolicySchema } from '@branchline/shared';
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../types.js';
import { route } from './route.js';

const understood = (intent: string | null, extra: Partial<Understanding> = {}): Understanding => ({
  intent,
  confidence: 0.9,
  sentiment: { label: 'neutral', negative: 0.05 },
  flags: [],
  ...extra,
});

describe('routing by policy', () => {
  it('sends tool intents to their tool and small talk to local replies', () => {
    expect(route(understood('order_status'), defaultRoutingPolicy)).toEqual({
      route: 'tool',
      reason: 'tool_intent',
      tool: 'order_status',
    });
    expect(route(understood('loan_repayment_date'), defaultRoutingPolicy).tool).toBe('repayment_date');
    expect(route(understood('greeting'), defaultRoutingPolicy)).toEqual({
      route: 'local',
      reason: 'small_talk',
    });
    expect(route(understood('branch_opening_hours'), defaultRoutingPolicy).reason).toBe('knowledge_intent');
  });

  it('hands complaints, explicit requests, anger and compliance flags to a person, with the reason', () => {
    expect(route(understood('complaint'), defaultRoutingPolicy)).toEqual({
      route: 'human',
      reason: 'complaint',
    });
    expect(route(understood('request_human_agent'), defaultRoutingPolicy).reason).toBe('requested');
    expect(
      route(
        understood('order_status', { sentiment: { label: 'negative', negative: 0.95 } }),
        defaultRoutingPolicy,
      ),
    ).toEqual({ route: 'human', reason: 'negative_sentiment' });
    expect(route(understood('order_status', { flags: ['compliance'] }), defaultRoutingPolicy).reason).toBe(
      'compliance_flag',
    );
  });

  it('does not trust an intent below the confidence floor, and follows the policy fallback', () => {
    expect(route(understood('order_status', { flags: ['low_confidence'] }), defaultRoutingPolicy)).toEqual({
      route: 'cloud',
      reason: 'low_confidence',
    });
    const humanFirst = routingPolicySchema.parse({ fallback: 'human', humanOnComplianceFlag: false });
    expect(route(understood(null), humanFirst).route).toBe('human');
    expect(route(understood('order_status', { flags: ['compliance'] }), humanFirst).route).toBe('tool');
  });
});

import type { RoutingPolicy } from '@branchline/shared';
import type { Decision, Understanding } from '../types.js';

/**
 * Who answers, by the policy: people first for complaints, anger and risk; then tools and small
 * talk the branch can do itself; knowledge intents locally; the rest to the policy's fallback.
 */
export function route(understanding: Understanding, policy: RoutingPolicy): Decision {
  const { intent, flags } = understanding;
  const confident = intent !== null && !flags.includes('low_confidence');
  if (confident && intent === 'request_human_agent') return { route: 'human', reason: 'requested' };
  if (confident && policy.humanIntents.includes(intent)) {
    return { route: 'human', reason: intent === 'complaint' ? 'complaint' : `intent:${intent}` };
  }
  if (policy.humanOnComplianceFlag && flags.includes('compliance'))
    return { route: 'human', reason: 'compliance_flag' };
  if (understanding.sentiment.negative >= policy.humanOnNegativeSentiment)
    return { route: 'human', reason: 'negative_sentiment' };
  if (confident) {
    const tool = policy.toolIntents[intent];
    if (tool) return { route: 'tool', reason: 'tool_intent', tool };
    if (policy.smallTalk[intent]) return { route: 'local', reason: 'small_talk' };
    if (policy.knowledgeIntents.includes(intent)) return { route: 'local', reason: 'knowledge_intent' };
  }
  return { route: policy.fallback, reason: confident ? 'general' : 'low_confidence' };
}

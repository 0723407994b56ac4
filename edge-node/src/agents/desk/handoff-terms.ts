import type { Locale } from '../../conversation/types.js';
import type { Severity } from '../queue/index.js';

/**
 * How urgent a hand-off is and who can take it, from the reason the router gave: a compliance
 * risk first, upset customers next, a plain request for a person after them.
 */
export function handoffTerms(reason: string): { severity: Severity; skills: string[] } {
  if (reason === 'compliance_flag') return { severity: 'critical', skills: ['complaints'] };
  if (['complaint', 'rising_anger', 'negative_sentiment'].includes(reason))
    return { severity: 'high', skills: ['complaints'] };
  if (reason === 'answer_check_failed' || reason.startsWith('intent:'))
    return { severity: 'normal', skills: [] };
  if (reason === 'requested') return { severity: 'normal', skills: [] };
  return { severity: 'low', skills: [] };
}

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/** What the customer reads while waiting: their place, and a wait estimate when there is one. */
export function waitingText(locale: Locale, position: number, estimatedWaitMs: number | null): string {
  if (estimatedWaitMs === null) {
    return locale === 'zh-CN'
      ? '正在为您转接人工客服。目前没有可接待的客服，您的对话已保存，客服上线后会第一时间回复您。'
      : "I'm passing you to a colleague. No one can take it right now; your conversation is saved and an agent will reply as soon as one is free.";
  }
  return locale === 'zh-CN'
    ? `正在为您转接人工客服，您前面还有 ${position - 1} 位，预计等待约 ${minutes(estimatedWaitMs)} 分钟。`
    : `I'm passing you to a colleague. You are number ${position} in line; the estimated wait is about ${minutes(estimatedWaitMs)} min.`;
}

/** A central agent's link went down: the customer is not left talking to no one. */
export function reclaimedText(locale: Locale): string {
  return locale === 'zh-CN'
    ? '为您服务的客服连接中断，您已回到本网点的排队中，我们会尽快接待您。'
    : 'The colleague helping you lost their connection. You are back in line at the branch; someone will be with you shortly.';
}

export function joinedText(locale: Locale, agentName: string): string {
  return locale === 'zh-CN'
    ? `客服 ${agentName} 已接入，正在为您服务。`
    : `${agentName} has joined and will help you now.`;
}

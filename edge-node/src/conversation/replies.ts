import type { Route } from '@branchline/shared';
import type { Locale } from './types.js';

/**
 * What the customer hears when the route a turn needs is not running on this edge: no invented
 * answer, and the promise that nothing they said is lost.
 */
const unavailable: Record<Exclude<Route, 'tool'>, Record<Locale, string>> = {
  local: {
    'zh-CN': '抱歉，本网点的知识库暂时无法回答这个问题。您的对话已保存，工作人员会跟进。',
    en: "Sorry, this branch's knowledge base cannot answer that yet. Your conversation is saved and a colleague will follow up.",
  },
  cloud: {
    'zh-CN': '抱歉，智能助理暂时无法回答这个问题。您的对话已保存，工作人员会跟进。',
    en: 'Sorry, our assistant cannot answer that right now. Your conversation is saved and a colleague will follow up.',
  },
  human: {
    'zh-CN': '我们正在为您转接人工客服，但目前暂时没有可接入的客服。您的对话已保存，工作人员会尽快联系您。',
    en: 'We are passing you to a person, but no agent can join right now. Your conversation is saved and a colleague will contact you soon.',
  },
  burst: {
    'zh-CN': '当前咨询量较大，暂时无法处理。您的对话已保存，工作人员会跟进。',
    en: 'We are very busy right now and cannot take this yet. Your conversation is saved and a colleague will follow up.',
  },
};

export function unavailableReply(route: Exclude<Route, 'tool'>, locale: Locale): string {
  return unavailable[route][locale];
}

export function needsVerifiedCustomer(locale: Locale): string {
  return locale === 'zh-CN'
    ? '查询或办理业务需要先验证您的身份，请登录后再试，或转人工办理。'
    : 'I need to know who you are before I can look that up. Please sign in and try again, or ask for a person.';
}

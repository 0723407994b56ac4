import type { ComplianceRule } from '@branchline/shared';
import type { Locale } from '../conversation/types.js';

const replies: Record<ComplianceRule['category'] | 'default', Record<Locale, string>> = {
  guaranteed_returns: {
    'zh-CN':
      '抱歉，我不能对收益作出承诺。理财和投资产品都有风险，不保证本金和收益，过往业绩也不代表未来表现。具体条款请以产品说明书为准，需要的话我可以请理财经理为您详细说明。',
    en: "I'm sorry, I can't make promises about returns. Investment products carry risk, neither capital nor returns are guaranteed, and past performance is no guide to the future. The product documents have the terms; I can ask an advisor to go through them with you.",
  },
  third_party_data: {
    'zh-CN':
      '抱歉，为保护他人隐私，我不能提供其他人的信息。如需办理他人名下的业务，请本人或持授权材料前来办理。',
    en: "I'm sorry, to protect other people's privacy I can't share anyone else's information. Their own account matters need them, or someone with their written authority.",
  },
  collection_pressure: {
    'zh-CN': '抱歉刚才的表述不当。如果您还款有困难，我们可以一起看看分期或延期还款的办法。',
    en: "I'm sorry, that was not the right way to put it. If repaying is difficult right now, we can look at instalments or a later date together.",
  },
  regulator_threat: {
    'zh-CN': '抱歉，这个问题我需要请同事为您处理。',
    en: "I'm sorry, I need to ask a colleague to help you with this.",
  },
  other: {
    'zh-CN': '抱歉，这个问题我不能这样回答，我请同事为您进一步处理。',
    en: "I'm sorry, I can't answer that in that way; I'll ask a colleague to help you further.",
  },
  default: {
    'zh-CN': '抱歉，这个问题我不能这样回答，我请同事为您进一步处理。',
    en: "I'm sorry, I can't answer that in that way; I'll ask a colleague to help you further.",
  },
};

/** What the customer reads instead of an AI reply the compliance engine stopped. */
export function safeReply(category: ComplianceRule['category'] | undefined, locale: Locale): string {
  return (replies[category ?? 'default'] ?? replies.default)[locale];
}

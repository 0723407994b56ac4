import type { DueRepayment, DueService } from '../connector/index.js';

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

/** What the customer reads or hears, in their own language; the branch's name signs it. */
export const outboundTexts = {
  repayment_reminder: (locale: 'zh-CN' | 'en', due: DueRepayment) =>
    locale === 'zh-CN'
      ? `【Branchline】温馨提醒：您的下一期还款 ${money(due.amountDueMinor, due.currency)} 将于 ${due.date} 到期。如已还款请忽略。回复“退订”不再接收提醒。`
      : `[Branchline] A reminder: your repayment of ${money(due.amountDueMinor, due.currency)} is due on ${due.date}. Ignore this if you have paid. Reply STOP to opt out.`,
  maintenance_due: (locale: 'zh-CN' | 'en', due: DueService) =>
    locale === 'zh-CN'
      ? `【Branchline】温馨提醒：您的 ${due.model} 保养日期为 ${due.date}，回复或致电门店即可预约。回复“退订”不再接收提醒。`
      : `[Branchline] A reminder: your ${due.model} is due for its service on ${due.date}. Reply or call the branch to book. Reply STOP to opt out.`,
};

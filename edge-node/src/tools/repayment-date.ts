import { z } from 'zod';
import type { BranchConnector, LoanProduct } from '../connector/index.js';
import { formatDay, formatMoney } from './locale-format.js';
import type { BranchTool, ToolLocale, ToolResult } from './tool.js';

const input = z.object({});

const productName: Record<ToolLocale, Record<LoanProduct, string>> = {
  'zh-CN': { mortgage: '房贷', car_loan: '车贷', personal_loan: '个人贷款', installment_plan: '分期付款' },
  en: {
    mortgage: 'mortgage',
    car_loan: 'car loan',
    personal_loan: 'personal loan',
    installment_plan: 'instalment plan',
  },
};

/** When the customer's next loan repayment is due, and how much. */
export function repaymentDateTool(connector: BranchConnector): BranchTool<typeof input> {
  return {
    name: 'repayment_date',
    description: 'Tell the customer when their next loan repayment is due and how much it is.',
    input,
    reads: [],
    async run(context): Promise<ToolResult> {
      const { locale } = context;
      const next = await connector.nextRepayment(context.customerRef);
      if (!next) {
        return {
          ok: false,
          reply:
            locale === 'zh-CN'
              ? '您的账户下没有找到需要还款的贷款。'
              : "I can't find a loan with repayments on your account.",
          outcome: { reason: 'no_loan' },
        };
      }
      const product = productName[locale][next.product];
      const amount = formatMoney(next.amountDueMinor, next.currency, locale);
      const day = formatDay(next.date, locale);
      const reply = next.overdue
        ? locale === 'zh-CN'
          ? `您的${product}有一期 ${amount} 的还款已于${day}到期，目前已逾期，请尽快还款。`
          : `Your ${product} repayment of ${amount} was due on ${day} and is now overdue. Please pay it as soon as you can.`
        : locale === 'zh-CN'
          ? `您的${product}下一期还款为 ${amount}，还款日是${day}。`
          : `Your next ${product} repayment of ${amount} is due on ${day}.`;
      return {
        ok: true,
        reply,
        // The amount stays out: outcomes travel to the cloud, and a debt is the customer's business.
        outcome: { loanId: next.loanId, product: next.product, dueDate: next.date, overdue: next.overdue },
      };
    },
  };
}

import type { DueRepayment, DueService } from '../connector/index.js';

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

type Locale = 'zh-CN' | 'en';
type Channel = 'sms' | 'call';

/**
 * What the customer reads or hears, in their own language, signed by their branch. Opting out is
 * done through the branch (an agent puts them on the do-not-contact list): no reply is read.
 */
export const outboundTexts = {
  repayment_reminder: (locale: Locale, channel: Channel, branch: string, due: DueRepayment) => {
    const amount = money(due.amountDueMinor, due.currency);
    if (locale === 'zh-CN')
      return channel === 'sms'
        ? `【${branch}】温馨提醒：您的下一期还款 ${amount} 将于 ${due.date} 到期，如已还款请忽略。不想再收到提醒，请告知网点。`
        : `您好，这里是${branch}。提醒您，下一期还款 ${amount} 将于 ${due.date} 到期。如已还款请忽略，谢谢。`;
    return channel === 'sms'
      ? `${branch}: a reminder that your repayment of ${amount} is due on ${due.date}. Ignore this if you have paid. To stop these reminders, tell the branch.`
      : `Hello, this is ${branch}. A reminder that your repayment of ${amount} is due on ${due.date}. If you have paid, please ignore this. Thank you.`;
  },
  maintenance_due: (locale: Locale, channel: Channel, branch: string, due: DueService) => {
    if (locale === 'zh-CN')
      return channel === 'sms'
        ? `【${branch}】温馨提醒：您的 ${due.model} 保养日期为 ${due.date}，致电或到店即可预约。不想再收到提醒，请告知网点。`
        : `您好，这里是${branch}。提醒您，您的 ${due.model} 保养日期为 ${due.date}，需要的话我们可以为您预约。`;
    return channel === 'sms'
      ? `${branch}: your ${due.model} is due for its service on ${due.date}. Call or visit us to book. To stop these reminders, tell the branch.`
      : `Hello, this is ${branch}. Your ${due.model} is due for its service on ${due.date}. We can book it for you if you like.`;
  },
};

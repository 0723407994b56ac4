/**
 * Customers of a bank, a utility and a car dealer, in Chinese and English, 1-3 turns each. Most
 * ask open questions the branch cannot answer from its knowledge, which the edge sends to the AI
 * dialog (its own slot, or burst capacity); some ask routine things it answers itself in
 * milliseconds (knowledge, small talk). None complain or ask for a person: those go to the
 * agents' queue and never take an AI slot. No personal data either: this measures capacity.
 */
export type Locale = 'zh-CN' | 'en';
export type Industry = 'bank' | 'utility' | 'car_dealer';
/** `open`: meant for the AI dialog; `routine`: the branch answers from knowledge or small talk. */
export type TurnKind = 'open' | 'routine';

export interface CorpusTurn {
  text: string;
  kind: TurnKind;
}

export interface CorpusConversation {
  locale: Locale;
  industry: Industry;
  turns: CorpusTurn[];
}

const open = (text: string): CorpusTurn => ({ text, kind: 'open' });
const routine = (text: string): CorpusTurn => ({ text, kind: 'routine' });
const zh = (industry: Industry, ...turns: CorpusTurn[]): CorpusConversation => ({
  locale: 'zh-CN',
  industry,
  turns,
});
const en = (industry: Industry, ...turns: CorpusTurn[]): CorpusConversation => ({
  locale: 'en',
  industry,
  turns,
});

const byeZh = routine('好的，谢谢你，再见');
const byeEn = routine("Thanks, that's all, bye!");

export const corpus: readonly CorpusConversation[] = [
  // A bank's branches.
  zh('bank', open('我下个月要出国，信用卡在国外能用吗？'), open('在国外刷卡会不会另外收手续费？'), byeZh),
  zh('bank', open('我想给孩子开一个储蓄账户'), open('开户的时候需要带哪些证件过去？')),
  zh('bank', routine('你好'), routine('定期存款提前取出来的话，利息会怎么算？')),
  zh('bank', open('我打算买第一套房，公积金贷款和商业贷款怎么搭配比较合适？')),
  zh('bank', open('我想申请提高信用卡的额度，一般需要满足什么条件？'), byeZh),
  zh(
    'bank',
    open('我想给在国外读书的孩子转一笔学费，怎么操作最方便？'),
    open('境外汇款一般要多久才能到账？'),
  ),
  zh('bank', open('理财产品和定期存款比起来，风险主要在哪里？')),
  zh('bank', routine('新办的信用卡怎么激活')),
  zh('bank', routine('附近哪里有ATM可以取钱？'), byeZh),
  zh('bank', open('我刚退休，想把养老钱存得稳妥一点，您有什么建议？'), byeZh),
  zh('bank', routine('一年期定期存款利率多少'), open('存三年期的话是不是比一年期更划算？')),
  zh('bank', open('手机银行的转账限额可以调高吗？')),
  // A utility's service points.
  zh('utility', open('我家暖气片一直不太热，是不是需要放气？'), open('放完气还是不热的话该怎么办？')),
  zh('utility', open('我们下个月要搬家，水电燃气的户头怎么转到新家？'), byeZh),
  zh('utility', open('想请教一下，家里平时有什么省电的好办法吗？')),
  zh('utility', open('家里老人不太会用手机，电费能不能每个月自动扣款？')),
  zh('utility', open('装了智能电表以后，怎么在手机上看每天的用电量？')),
  // A car dealer's showrooms.
  zh('car_dealer', open('这款车的混动版和纯电版，哪个更适合经常跑长途？'), byeZh),
  zh('car_dealer', open('旧车置换新车的话，整个流程是怎样的？'), byeZh),
  zh('car_dealer', open('新车第一次保养一般什么时候做比较好？')),
  zh('car_dealer', routine('你好'), open('我想周末来试驾一下新款的SUV，可以吗？')),
  zh('car_dealer', open('车贷可以提前还清吗？会不会有违约金？')),
  zh('car_dealer', open('我的车快出保修期了，延长保修值得买吗？')),
  zh('car_dealer', routine('你好'), open('周六可以办理新车上牌吗？')),

  en(
    'bank',
    open('Can I use my debit card when I travel to Japan?'),
    open('Is there a fee for taking out cash abroad?'),
    byeEn,
  ),
  en(
    'bank',
    open("I'd like to open a savings account for my daughter"),
    open('What documents do we need to bring?'),
  ),
  en('bank', routine('Hi there'), open('Is it better to overpay my mortgage or put the money into savings?')),
  en('bank', open('How do international transfers work for students studying abroad?')),
  en('bank', open('Could you explain how a mortgage offset account works?'), byeEn),
  en('bank', open('What should I know before I refinance my car loan?')),
  en(
    'bank',
    routine('Can you compare a fixed term deposit with an easy access savings account?'),
    open('Which one would suit an emergency fund better?'),
  ),
  en('bank', routine('How do I activate my new card?')),
  en('bank', routine("Where's the nearest ATM?"), byeEn),
  en('bank', open('I would like a higher credit limit on my card, how does that work?')),
  en(
    'bank',
    routine('What are your opening hours on Saturday?'),
    open('Can I pay in a cheque at the counter on a Saturday?'),
  ),
  en('bank', open('I am self-employed, how do you look at my income when I apply for a loan?')),
  en(
    'utility',
    open('My radiators are only warm at the bottom, what could be wrong?'),
    open('Is that something I can fix myself?'),
  ),
  en('utility', open("We're moving house next month, how do I move my energy account?"), byeEn),
  en('utility', open('How can I bring my electricity bill down over the winter?')),
  en('utility', open('Is a smart meter worth having if I work from home?')),
  en('utility', routine('Hello'), open('Can I spread the cost of my gas bill over the year?')),
  en('car_dealer', open('Is the hybrid or the electric version better if I drive long distances?'), byeEn),
  en('car_dealer', open('How does part-exchange work if I still have finance on my current car?'), byeEn),
  en('car_dealer', open('When is the first service due on a new car?')),
  en('car_dealer', routine('Hello'), open('Could I book a test drive of the new SUV this weekend?')),
  en('car_dealer', open('I would like to pay off my car finance early, how does that work?')),
  en('car_dealer', open('Is an extended warranty worth it on a three year old car?')),
  en(
    'car_dealer',
    routine('What are your opening hours on Saturday?'),
    open('Can you fit winter tyres while I wait?'),
  ),
];

/** Share of the corpus's turns meant for the AI dialog. */
export function openShare(conversations: readonly CorpusConversation[] = corpus): number {
  const turns = conversations.flatMap((c) => c.turns);
  return turns.length === 0 ? 0 : turns.filter((t) => t.kind === 'open').length / turns.length;
}

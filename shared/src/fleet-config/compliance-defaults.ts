import {
  type ComplianceRule,
  type ComplianceRuleInput,
  complianceRuleSchema,
  type Industry,
} from './config-bundle.js';

/*
 * The rules every edge starts from, per industry; a bundle adds its own or replaces one by id.
 * Words are kept broad and exceptions (`unless`) catch the lawful uses of the same words: a risk
 * warning says "不保本", a polite reminder says "we will not contact your employer".
 */

const regulators =
  '(银保监会?|银监会?|保监会?|证监会|金融监管总局|国家金融监督管理总局|金融监管局|金融办|监管部门|监管机构|监管局|人民银行|人行|央行|消协|消费者协会|市场监管局?|工商局?|12378|12315|12345|市长热线|信访|纪委|电视台|报社|记者|媒体|法院|律师)';
const complainVerbs = '(投诉|举报|反映|告(你们|到)|曝光|起诉|上告|去告)';

const regulatorThreat: ComplianceRuleInput = {
  id: 'regulator-threat',
  category: 'regulator_threat',
  side: 'customer',
  severity: 'high',
  phrases: [
    '媒体曝光',
    '曝光你们',
    '找记者',
    '上新闻',
    '发到网上',
    '法院见',
    '律师函',
    '打官司',
    'see you in court',
  ],
  patterns: [
    `${complainVerbs}.{0,12}${regulators}`,
    `${regulators}.{0,12}${complainVerbs}`,
    '(去|到|向|找|打).{0,4}(12378|12315|12345)',
    '(起诉|告)(你们|贵行|你们公司|你们银行)',
    '\\b(complain|complaint|report(ing)?|escalat\\w*|write|writing|go(ing)?)\\b.{0,40}\\b(regulator|regulators|fca|cfpb|ombudsman|bbb|better business bureau|attorney general|ftc|sec|finra|trading standards|ofgem|ofwat|consumer protection|authorities|watchdog)\\b',
    '\\b(regulator|fca|cfpb|ombudsman|attorney general|watchdog)\\b.{0,30}\\b(hear|know|find out|will be|about this)\\b',
    '\\b(go|going|talk|talking|speak|tell|telling)\\b.{0,12}\\b(press|media|papers|newspaper|news|reporters?|journalists?)\\b',
    '\\b(sue|suing)\\b.{0,10}\\b(you|your)\\b|\\btake (you|this) to court\\b|\\blegal action\\b|\\bmy (lawyer|solicitor|attorney)\\b|\\bclass action\\b',
  ],
  unless: ['新规', '规定', '政策', 'new rules?', 'regulation says', '\\?$|？$|吗$'],
};

const guaranteeWords = [
  '保本保息',
  '稳赚不赔',
  '稳赚',
  '包赚',
  '只赚不赔',
  '只赚不亏',
  '零风险',
  '没有任何风险',
  '没有风险',
  '无风险',
  '不会亏',
  '不可能亏',
  '亏不了',
  '从来没亏过',
  '从没亏过',
  '保证收益',
  '收益有保障',
  '保底收益',
  '刚性兑付',
  '一分不少',
  '稳赚钱',
  'risk-free',
  'risk free',
  'zero risk',
  'no risk at all',
];

const guaranteePatterns = [
  '保证.{0,6}(收益|回报|利息|本金|赚|年化)',
  '(收益|回报|利息|本金|本息).{0,6}(保证|保障|肯定|一定|绝对|稳)',
  '(肯定|一定|绝对|百分之百|100%).{0,6}(赚|盈利|挣|不会亏|安全|拿回|回本|涨)',
  '(到期|到时候).{0,8}(一定|肯定|保证).{0,6}(拿回|回本|兑付|到账)',
  '\\bguarantee(d|s)?\\b.{0,20}\\b(return|returns|profit|profits|income|yield|interest|gain|gains|\\d+(\\.\\d+)?\\s?%)',
  '\\b(return|returns|profit|income|yield|principal|capital)\\b.{0,20}\\b(is|are)\\b.{0,10}\\b(guaranteed|protected|certain|safe)\\b',
  "\\b(can't|cannot|can not|won't|will not|never|impossible to)\\b.{0,10}\\blose\\b",
  '\\b(100%|totally|completely|absolutely|perfectly)\\s(safe|secure|certain)\\b',
  '\\b(sure|safe)(-fire)?\\s(thing|bet|win)\\b',
  '\\bzero\\s(chance|risk)\\b',
  '\\b(definitely|certainly|surely)\\b.{0,20}\\b(earn|make|get|gain|grow|go up)\\b',
  '\\bonly (goes|go) up\\b|\\balways (goes|go) up\\b',
];

const guaranteeExceptions = [
  '不保本',
  '非保本',
  '不是保本',
  '并非保本',
  '不保证',
  '不承诺',
  '无法保证',
  '不能保证',
  '没法保证',
  '不代表',
  '可能(会)?(亏|损失|亏损)',
  '存在.{0,4}风险',
  '有.{0,4}风险',
  '风险提示',
  '(是否|是不是|能不能|会不会).{0,6}(保本|亏|有风险)',
  '保本吗',
  "\\b(not|no|isn't|aren't|never)\\b.{0,12}\\bguarantee",
  "\\b(can't|cannot|can not|couldn't|won't|unable to)\\b.{0,10}\\b(guarantee|promise)\\b",
  '\\bpast performance\\b',
  '\\b(may|might|could|can)\\b.{0,10}\\b(lose|fall|drop|go down)\\b',
  '\\brisk of (loss|losing)\\b',
  '\\bnot (risk[- ]free|safe)\\b',
];

const pressurePatterns = [
  '(通知|告诉|联系|打给|找)(你|您)?(的)?(单位|公司|领导|老板|家人|家里|父母|爸妈|亲戚|朋友|同事|邻居|老婆|老公|孩子|子女)',
  '爆(你的?)?通讯录|(打|发)(遍|给)(你|您)?(的)?(通讯录|所有联系人)',
  '上门(催收|找你|堵你|要债)|去(你|您)(家|单位|公司)(找|闹|堵)',
  '坐牢|抓(你|起来)|拘留(你)?|判刑|蹲(监狱|大牢)|刑事(责任|拘留)|吃官司',
  '让(你|您)(身败名裂|好看|没好日子|吃不了兜着走|社会性死亡)',
  '老赖|骗子|无赖|不要脸|臭不要脸|废物|垃圾',
  '(你|您)的?(孩子|子女|儿子|女儿).{0,8}(学校|上学|考公|政审)',
  '知道(你|您)(家|住)在哪',
  '(全家|子女|孩子).{0,6}(黑名单|连坐)',
  '\\b(tell|call|contact|notify|inform|text|email|visit)\\b.{0,6}\\byour\\b.{0,6}\\b(employer|boss|workplace|office|family|wife|husband|partner|parents|mother|father|mum|mom|dad|neighbou?rs?|colleagues|co-workers|friends|kids|children)\\b',
  '\\b(go|going|send you|end up) (to )?(jail|prison)\\b|\\bbe arrested\\b|\\barrest you\\b|\\bpolice (will|are going to)\\b|\\bcriminal (charges|record|case)\\b',
  '\\bwe know where you (live|work)\\b|\\bwhere your (kids|children) (go to school|are)\\b',
  '\\bshow up at your (house|home|door|work|office)\\b|\\bturn up at your\\b',
  "\\b(you'?re|you are) (a|such a|nothing but a) (deadbeat|thief|liar|loser|scammer|fraud|cheat)\\b|\\bdeadbeat\\b",
  "\\bruin your (life|reputation|credit forever)\\b|\\bmake your life (hell|miserable)\\b|\\byou'?ll regret\\b|\\blose your (job|house|home|kids)\\b",
];

const pressureExceptions = [
  '不会(通知|告诉|联系|上门|打给)',
  '不会.{0,6}(单位|家人|公司)',
  "\\b(will not|won't|never|do not|don't|would never)\\b.{0,12}\\b(contact|call|tell|notify|visit|inform)\\b",
];

const thirdPartyPatterns = [
  '(您|你)(的)?(爱人|丈夫|老公|妻子|老婆|太太|先生|父亲|母亲|爸爸|妈妈|爸|妈|儿子|女儿|孩子|朋友|同事|邻居|家人|亲戚|哥哥|姐姐|弟弟|妹妹|哥|姐|弟|妹|前夫|前妻|男朋友|女朋友)(名下|的账户|账户|的卡|的银行卡|的贷款|的余额|的欠款|的手机号|的电话|的身份证|的地址|的订单|的保单|的存款|的还款|的信用卡|的消费|的流水|的征信)',
  '(另一位|另外一位|其他|别的|另一个)(客户|用户|顾客|车主)(的|他|她)',
  '(他|她)的(账户|余额|卡号|电话|手机号|身份证|地址|欠款|贷款|存款|流水|征信|订单|保单|消费记录|还款)',
  '⟦NAME_[2-9]⟧.{0,8}(的|名下)?(账户|余额|卡号|电话|手机|身份证|地址|欠款|贷款|存款|订单|保单|流水|征信|还款|逾期)',
  "\\byour (husband|wife|partner|spouse|son|daughter|father|mother|dad|mum|mom|brother|sister|friend|neighbou?r|colleague|boss|ex)(’s|'s)?\\b.{0,20}\\b(account|balance|card|loan|debt|phone|number|address|order|policy|payments?|statement|savings|credit|arrears|salary)\\b",
  "\\b(another|other) (customer|client|member|account holder)(’s|'s|s')?\\b.{0,30}\\b(account|balance|card|loan|debt|phone|number|address|order|policy|payment|details)\\b",
  '\\b(his|her|their) (account|balance|card number|phone number|number|address|loan|debt|statement|payments?|savings|credit card)\\b.{0,12}\\b(is|was|shows|has|ends|reads)\\b',
  '⟦NAME_[2-9]⟧.{0,40}\\b(also|too)\\b.{0,10}\\b(missed|owes|is behind|defaulted|overdrawn)\\b',
];

const thirdPartyExceptions = [
  '(不能|无法|不便|不可以|没办法)(提供|告诉|透露|查询|告知)',
  '需要(本人|他本人|她本人|授权)',
  "\\b(can't|cannot|can not|unable to|not able to|won't|not allowed to)\\b.{0,12}\\b(share|disclose|tell|give|discuss|reveal|look up)\\b",
  '\\b(needs? to|has to|must) (call|come in|contact us|speak to us) (themselves|himself|herself)\\b',
];

const rules: Record<string, ComplianceRuleInput> = {
  regulatorThreat,
  guaranteedAi: {
    id: 'guaranteed-returns.ai',
    category: 'guaranteed_returns',
    side: 'ai',
    severity: 'high',
    phrases: guaranteeWords,
    patterns: guaranteePatterns,
    unless: guaranteeExceptions,
    action: 'block',
  },
  guaranteedAgent: {
    id: 'guaranteed-returns.agent',
    category: 'guaranteed_returns',
    side: 'agent',
    severity: 'high',
    phrases: guaranteeWords,
    patterns: guaranteePatterns,
    unless: guaranteeExceptions,
  },
  pressureAgent: {
    id: 'collection-pressure.agent',
    category: 'collection_pressure',
    side: 'agent',
    severity: 'high',
    patterns: pressurePatterns,
    unless: pressureExceptions,
  },
  pressureAi: {
    id: 'collection-pressure.ai',
    category: 'collection_pressure',
    side: 'ai',
    severity: 'high',
    patterns: pressurePatterns,
    unless: pressureExceptions,
    action: 'block',
  },
  thirdPartyAgent: {
    id: 'third-party-data.agent',
    category: 'third_party_data',
    side: 'agent',
    severity: 'high',
    patterns: thirdPartyPatterns,
    unless: thirdPartyExceptions,
  },
  thirdPartyAi: {
    id: 'third-party-data.ai',
    category: 'third_party_data',
    side: 'ai',
    severity: 'high',
    patterns: thirdPartyPatterns,
    unless: thirdPartyExceptions,
    action: 'block',
  },
};

const byIndustry: Record<Industry | 'any', (keyof typeof rules)[]> = {
  // Deposits, wealth products, loans and their collection.
  bank: [
    'regulatorThreat',
    'guaranteedAi',
    'guaranteedAgent',
    'pressureAgent',
    'pressureAi',
    'thirdPartyAgent',
    'thirdPartyAi',
  ],
  // Bills in arrears are collected too; nothing is sold as an investment.
  utility: ['regulatorThreat', 'pressureAgent', 'pressureAi', 'thirdPartyAgent', 'thirdPartyAi'],
  // Car finance is a loan and is sold, and collected.
  auto: [
    'regulatorThreat',
    'guaranteedAi',
    'guaranteedAgent',
    'pressureAgent',
    'pressureAi',
    'thirdPartyAgent',
    'thirdPartyAi',
  ],
  retail: ['regulatorThreat', 'thirdPartyAgent', 'thirdPartyAi'],
  // An edge that names no industry gets every rule: the safe side.
  any: Object.keys(rules) as (keyof typeof rules)[],
};

/** The default rules for an industry (all of them when none is given), validated like a bundle's. */
export function defaultComplianceRules(industry?: Industry): ComplianceRule[] {
  return byIndustry[industry ?? 'any'].map((key) => complianceRuleSchema.parse(rules[key]));
}

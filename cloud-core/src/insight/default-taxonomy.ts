import type { TaxonomyInput } from './taxonomy.js';

/**
 * The built-in reasons and objections, zh and en, for the industries Branchline ships packs for
 * (banks, car dealers, utilities, retail). Patterns read one clause, so "价格有点贵，但是续航很长"
 * gives an objection about price and a reason about range. A fleet replaces all of it with
 * `BRANCHLINE_INSIGHT_TAXONOMY`.
 */
export const defaultTaxonomy: TaxonomyInput = {
  version: 1,
  themes: [
    {
      id: 'price',
      label: { en: 'Price', zh: '价格' },
      objection: [
        '太贵|贵了|有点贵|偏贵|价格.{0,6}(高|贵)|价钱.{0,4}(高|贵)|超.{0,2}预算|买不起|负担不起|别家.{0,6}便宜',
        "\\btoo (expensive|pricey|costly)\\b|(?<!(insurance|fuel|running|maintenance|gas|petrol) )\\b(price|cost)s? (is |are |seems? )?(too |a bit |quite )?(high|steep)\\b|\\bcan'?t afford\\b|\\bover (my|our) budget\\b|\\bout of (my|our) (price range|budget)\\b|\\bcheaper elsewhere\\b",
      ],
      reason: [
        '便宜|实惠|划算|性价比|价格(合适|合理|不错|公道|很香)|优惠|折扣|补贴',
        '\\b(good|great|fair|best) (price|value|deal)\\b|\\baffordable\\b|\\bvalue for money\\b|\\bdiscounts?\\b|\\bcheaper than\\b',
      ],
    },
    {
      id: 'range',
      label: { en: 'Driving range', zh: '续航' },
      objection: [
        '续航焦虑|续航.{0,6}(不够|不行|短|差|担心|虚标|缩水|打折)|(担心|怕).{0,6}续航|跑不远|半路没电',
        '\\brange anxiety\\b|\\b(range|battery)\\b.{0,30}\\b(not enough|too short|worr(y|ied)|concerns?|drops?|short)\\b|\\b(worried|concerned|afraid|nervous)\\b.{0,30}\\b(range|battery)\\b|\\brun(ning)? out of (charge|battery|power)\\b',
      ],
      reason: [
        '续航.{0,6}(长|久|够|扎实|远|真实)|超?长续航',
        '\\b(long|great|good|real[- ]world) range\\b|\\brange (is )?(great|good|long|plenty)\\b',
      ],
    },
    {
      id: 'charging',
      label: { en: 'Charging', zh: '充电' },
      objection: [
        '充电.{0,8}(不方便|难|麻烦|慢|排队|少)|(没有|装不了|没地方装|不能装).{0,6}(充电桩|充电)|充电桩.{0,6}(少|难|不够|装不)',
        "\\bcharg(ing|ers?)\\b.{0,30}\\b(hard|slow|inconvenient|not enough|few|queues?)\\b|\\b(no|nowhere to|can'?t) (install|put) (a )?(home )?charger\\b|\\bnowhere to charge\\b",
      ],
      reason: [
        '充电.{0,6}(快|方便)|快充|超充|送.{0,4}充电桩',
        '\\b(fast|quick|convenient) charging\\b|\\bcharges? (fast|quickly)\\b|\\b(free|included) (home )?charger\\b',
      ],
    },
    {
      id: 'interest_rate',
      label: { en: 'Rates and returns', zh: '利率收益' },
      objection: [
        '利息.{0,4}(太高|高)|利率.{0,4}太高|收益.{0,6}(太低|低|不高|一般)|利率.{0,4}(低|不高|一般)',
        '\\binterest (rates? )?(is |are )?too high\\b|\\b(high|steep) interest\\b|\\b(returns?|yields?|rates?) (is |are )?(too low|low|poor|not great)\\b|\\blow (returns?|yields?)\\b',
      ],
      reason: [
        '利率.{0,6}(高|不错|比.{0,8}高)|收益.{0,4}(高|不错|稳定)|利息.{0,4}(低|便宜)',
        '\\b(good|better|higher|high|great) (interest )?(rates?|returns?|yields?)\\b|\\blow(er)? interest\\b|\\b(rates?|returns?) (is |are )(good|better|great)\\b',
      ],
    },
    {
      id: 'fees',
      label: { en: 'Fees', zh: '手续费' },
      objection: [
        '(手续费|管理费|年费|违约金|罚息|服务费).{0,6}(高|太|贵|多|不合理)|(还要|要收|收取?|扣).{0,4}(手续费|管理费|年费|违约金)|隐藏.{0,2}(费|收费)',
        '\\b(fees?|charges?|penalt(y|ies))\\b.{0,20}\\b(high|too|steep|unfair)\\b|\\bhidden (fees?|costs?|charges?)\\b|\\b(early repayment|exit|annual|management) (fee|penalty|charge)s?\\b',
      ],
      reason: [
        '(免|没有|零|不收).{0,2}(手续费|年费|管理费|服务费)',
        '\\bno (fees?|annual fee|charges?)\\b|\\bfee[- ]free\\b|\\bfree of charge\\b|\\bfees? (is |are )?waived\\b',
      ],
    },
    {
      id: 'risk',
      label: { en: 'Safety of money', zh: '资金安全' },
      objection: [
        '(担心|怕|害怕).{0,8}(亏|风险|本金|不安全|跑路|暴雷)|风险.{0,4}(大|高|太)|亏(钱|本)|不保本',
        '\\b(worried|afraid|scared|concerned)\\b.{0,30}\\b(los(e|ing)|risk|safe|principal)\\b|\\btoo risky\\b|\\blose (my|our) (money|savings|principal)\\b',
      ],
      reason: [
        '稳健|低风险|风险(小|低)|存款保险|本金安全|资金安全',
        '\\blow[- ]risk\\b|\\bsafe (investment|option|place)\\b|\\bdeposit insurance\\b|\\bprincipal (is )?(safe|protected)\\b',
      ],
    },
    {
      id: 'vehicle_safety',
      label: { en: 'Vehicle safety', zh: '行车安全' },
      objection: [
        '安全.{0,4}(担心|差|隐患)|自燃|电池.{0,4}(起火|着火)',
        '\\b(fire|safety) (risks?|concerns?|issues?)\\b|\\bbattery fires?\\b|\\bcatch(es)? fire\\b',
      ],
      reason: [
        '安全性|碰撞|安全配置|气囊|五星安全',
        '\\bsafety (ratings?|features?|record)\\b|\\bcrash tests?\\b|\\bncap\\b|\\bairbags?\\b',
      ],
    },
    {
      id: 'service',
      label: { en: 'Service', zh: '服务' },
      objection: [
        '服务.{0,6}(差|不好|太慢)|态度.{0,4}(差|不好)|售后.{0,6}(差|不好|麻烦|担心|远)|网点.{0,4}(少|远)',
        '\\b(bad|poor|terrible|slow|rude) (service|support|staff)\\b|\\b(service|support|after[- ]sales)\\b.{0,20}\\b(bad|poor|terrible|slow|worried|far)\\b|\\bno (service|dealer) (center|centre|nearby)\\b',
      ],
      reason: [
        '服务.{0,4}(好|周到|专业|热情|不错)|售后.{0,4}(好|完善|放心|方便)|态度.{0,2}好',
        '\\b(good|great|excellent|friendly|helpful) (service|staff|support|after[- ]sales)\\b|\\b(service|staff) (is|was|were) (good|great|excellent|friendly|helpful)\\b',
      ],
    },
    {
      id: 'waiting',
      label: { en: 'Waiting and delivery', zh: '等待交付' },
      objection: [
        '等.{0,4}(太久|很久|好久|几个月)|(提车|交付|审批|放款|到账).{0,6}(慢|久|延迟|要等)|排队.{0,4}(久|长)',
        '\\b(wait(ing)?|delivery|lead time|approval)\\b.{0,25}\\b(too long|long|slow|months|delayed?)\\b|\\btakes? (too|so) long\\b',
      ],
      reason: [
        '现车|马上.{0,2}(提车|办|到账)|当天.{0,4}(到账|放款|提车|办)|(审批|放款|交付|提车).{0,4}快',
        '\\b(in stock|same[- ]day|quick approval|fast delivery|available now)\\b',
      ],
    },
    {
      id: 'features',
      label: { en: 'Space and features', zh: '空间配置' },
      objection: [
        '空间.{0,4}(小|不够|挤)|配置.{0,4}(低|少|一般|差)|功能.{0,4}(少|不够)',
        '\\b(too small|cramped)\\b|\\bnot enough (space|room|features)\\b|\\bmissing (features?|options?)\\b',
      ],
      reason: [
        '空间.{0,4}(大|宽敞|够)|配置.{0,4}(高|丰富|好)|智能|大屏|辅助驾驶|自动驾驶',
        '\\b(spacious|roomy)\\b|\\blots of (space|room)\\b|\\b(great|nice|love the) (features|screen|interior|tech)\\b|\\bdriver assist(ance)?\\b|\\bautopilot\\b',
      ],
    },
    {
      id: 'design',
      label: { en: 'Design', zh: '外观设计' },
      objection: [
        '(外观|颜值|造型|颜色).{0,4}(丑|一般|不好看|不喜欢)|不好看',
        "\\bugly\\b|\\b(don'?t|do not) like the (design|look|colou?r)\\b",
      ],
      reason: [
        '外观.{0,4}(好看|漂亮|喜欢|大气)|颜值.{0,2}高|好看|漂亮',
        '\\blooks? (great|good|nice|amazing)\\b|\\b(love|like) the (design|look|colou?r)\\b|\\b(stylish|beautiful|sleek)\\b',
      ],
    },
    {
      id: 'reputation',
      label: { en: 'Reputation and referrals', zh: '口碑推荐' },
      objection: [
        '口碑.{0,4}(差|不好|一般)|(没听过|不了解).{0,4}(品牌|牌子)|(品牌|牌子).{0,4}(小|没听过)|质量.{0,4}(差|问题|担心)|投诉.{0,2}(很多|多)',
        '\\b(bad|poor|mixed|negative) (reviews?|reputation)\\b|\\bnever heard of\\b|\\b(quality|reliability) (issues?|problems?|concerns?)\\b|\\bunreliable\\b',
      ],
      reason: [
        '口碑.{0,4}(好|不错)|(朋友|同事|家人|亲戚|邻居).{0,6}(推荐|介绍|买了|在用)|老客户|大品牌|信得过|质量.{0,2}(好|可靠)',
        '\\b(good|great|excellent) (reviews?|reputation)\\b|\\b(friends?|colleagues?|family|neighbou?rs?)\\b.{0,30}\\b(recommended|has one|bought|uses)\\b|\\brecommended (it|by)\\b|\\breliable\\b|\\btrusted (brand|bank)\\b',
      ],
    },
    {
      id: 'financing',
      label: { en: 'Financing terms', zh: '首付分期' },
      objection: [
        '首付.{0,4}(高|太多|不够)|月供.{0,4}(高|太|压力)|分期.{0,6}(利息高|不划算|贵)|贷(不下来|不到)',
        "\\b(down payment|monthly payments?|instal?lments?)\\b.{0,20}\\b(too high|high|steep|too much)\\b|\\b(can'?t|couldn'?t) get (a )?(loan|financing|credit)\\b",
      ],
      reason: [
        '零首付|低首付|(零|免|0)利息|免息|分期.{0,4}(免息|零利率|划算|方便)',
        '\\b0% (apr|interest|financing)\\b|\\bzero[- ](percent|interest)\\b|\\binterest[- ]free\\b|\\blow down payment\\b|\\beasy financing\\b|\\bflexible (financing|payments?)\\b',
      ],
    },
    {
      id: 'flexibility',
      label: { en: 'Access to money', zh: '存取灵活' },
      objection: [
        '锁定期|封闭期|(不能|无法).{0,4}(提前)?(支取|取出|赎回)|提前支取.{0,6}(损失|没有利息|扣)|期限.{0,4}(太长|长)',
        "\\block[- ]?(in|up)( period)?\\b|\\b(can'?t|cannot) (withdraw|access|take out)\\b|\\btied up\\b|\\bterm (is )?too long\\b|\\bearly withdrawal (penalty|fee)\\b",
      ],
      reason: [
        '随时.{0,4}(取|支取|赎回|存取)|随存随取|存取灵活',
        '\\b(withdraw|access)( it| my money)? any ?time\\b|\\bno lock[- ]?in\\b',
      ],
    },
    {
      id: 'running_costs',
      label: { en: 'Running costs', zh: '用车成本' },
      objection: [
        '油耗.{0,4}(高|大)|费油|电费.{0,4}(高|贵)|保养.{0,6}(贵|费用高|麻烦)|保险.{0,4}(贵|高)|养车.{0,4}(贵|成本高)',
        '\\b(fuel|gas|petrol|insurance|maintenance|running) (costs?|consumption|bills?)\\b.{0,20}\\b(high|too|expensive|steep)\\b|\\bgas guzzler\\b|\\bexpensive to (run|maintain|insure)\\b',
      ],
      reason: [
        '省油|油耗.{0,4}(低|小)|电费.{0,4}(便宜|低)|保养.{0,4}(便宜|少|简单)|用车成本低|省钱',
        '\\b(cheap|cheaper|low) to (run|maintain|insure)\\b|\\b(low|lower) (fuel|running|maintenance) (costs?|bills?)\\b|\\bfuel[- ]efficient\\b|\\bsaves? (money )?on (gas|fuel|petrol)\\b',
      ],
    },
    {
      id: 'resale',
      label: { en: 'Resale value', zh: '保值' },
      objection: [
        '不保值|贬值|掉价|残值低',
        '\\b(depreciates?|depreciation)\\b|\\bloses? (its )?value\\b|\\bpoor resale\\b',
      ],
      reason: ['保值|残值高', '\\bholds? (its|their) value\\b|\\b(good|high|strong) resale\\b'],
    },
  ],
  products: [
    {
      id: 'ev',
      label: { en: 'Electric cars', zh: '新能源车' },
      keywords: [
        '电动车|电车|新能源|纯电|混动|插混|续航|充电',
        '\\b(evs?|electric (cars?|vehicles?|suvs?)|hybrids?|plug-in|range|charging)\\b',
      ],
    },
    {
      id: 'car',
      label: { en: 'Cars', zh: '燃油车' },
      keywords: [
        '汽车|轿车|suv|买车|提车|试驾|这款车|这台车|油耗',
        '\\b(cars?|suvs?|sedans?|vehicles?|test drive|mileage)\\b',
      ],
    },
    {
      id: 'wealth',
      label: { en: 'Wealth products', zh: '理财' },
      keywords: ['理财|基金', '\\b(wealth|funds?|investments?|invest(ing)?)\\b'],
    },
    {
      id: 'deposit',
      label: { en: 'Deposits', zh: '存款' },
      keywords: ['定期|存款|大额存单', '\\b(deposits?|savings account|fixed[- ]term)\\b'],
    },
    {
      id: 'loan',
      label: { en: 'Loans', zh: '贷款' },
      keywords: ['贷款|房贷|车贷|按揭|消费贷', '\\b(loans?|mortgages?)\\b'],
    },
    {
      id: 'card',
      label: { en: 'Cards', zh: '银行卡' },
      keywords: ['信用卡|储蓄卡', '\\b(credit|debit) cards?\\b'],
    },
    {
      id: 'heating',
      label: { en: 'Heating', zh: '供暖' },
      keywords: ['供暖|暖气|采暖', '\\b(heating|district heat)\\b'],
    },
  ],
  cues: {
    objection: [
      '担心|顾虑|犹豫|不放心|不满意|不方便|不喜欢|嫌|问题是|就怕',
      "\\b(worried|concerns?|concerned|afraid|hesitant|not sure about|the problem is|the issue is|downside|don'?t like|put off|deal[- ]?breaker)\\b",
    ],
    reason: [
      '因为|看中|冲着|之所以|主要是|最喜欢|吸引',
      "\\b(because|the reason|i (really )?like|i love|mainly for|that'?s why|attracted|i chose|sold me)\\b",
    ],
  },
};

/**
 * Vocabularies the synthetic knowledge base is assembled from: per locale, the slots a template
 * may name (`{branch}`, `{rate}`) and topics of title, section and sentence templates, so the
 * generated passages read like branch notices, product sheets and service pages and differ from
 * one another.
 */
export type Slots = Record<
  string,
  (pick: <T>(items: readonly T[]) => T, int: (lo: number, hi: number) => number) => string
>;

export interface Topic {
  titles: string[];
  sections: { headings: string[]; sentences: string[] }[];
}

export interface Vocabulary {
  slots: Slots;
  topics: Topic[];
  /** Questions customers ask about such articles. */
  queries: string[];
}

const zhDistricts = [
  '东城',
  '西城',
  '南湖',
  '北岸',
  '江滨',
  '高新区',
  '老城',
  '滨海',
  '望京',
  '河西',
  '城北',
  '新港',
];
const zhRoads = [
  '解放路',
  '人民路',
  '建设路',
  '中山路',
  '长江路',
  '和平街',
  '新华路',
  '文化路',
  '花园路',
  '朝阳路',
  '青年路',
  '胜利街',
];
const zhEstates = [
  '阳光花园',
  '锦绣苑',
  '金色家园',
  '翠湖小区',
  '幸福里',
  '丽景湾',
  '紫薇苑',
  '春晖小区',
  '南山名邸',
  '和谐家园',
];
const enDistricts = [
  'Riverside',
  'Old Town',
  'Harbour',
  'Northgate',
  'Eastfield',
  'Hillcrest',
  'Westbrook',
  'Lakeside',
  'Parkview',
  'Kingsway',
  'Southbank',
  'Elmwood',
];
const enRoads = [
  'Station Road',
  'High Street',
  'Mill Lane',
  'Church Street',
  'Park Avenue',
  'Victoria Road',
  'Market Square',
  'Bridge Street',
  'Queens Road',
  'Canal Walk',
];
const enEstates = [
  'Maple Court',
  'Oak Gardens',
  'Willow Park',
  'Cedar Heights',
  'Birch Close',
  'Rosewood',
  'Ashford Green',
  'Linden Place',
  'Hawthorn Rise',
  'Poplar View',
];

export const zh: Vocabulary = {
  slots: {
    branch: (p) => `${p(zhDistricts)}${p(zhRoads)}支行`,
    district: (p) => p(zhDistricts),
    road: (p, n) => `${p(zhRoads)}${n(1, 300)}号`,
    estate: (p, n) => `${p(zhEstates)}${n(1, 6)}期`,
    product: (p, n) => `${p(['稳盈', '季季享', '安心存', '月月丰', '智享', '添利'])}${n(30, 365)}天`,
    card: (p) => p(['白金', '金卡', '青春', '车主', '商旅', '联名']),
    model: (p, n) =>
      `${p(['远航', '星途', '凌锐', '逸风', '启辰', '锋范'])} ${p(['S', 'X', 'L', 'Pro', 'EV'])}${n(3, 9)}`,
    store: (p) => `${p(zhDistricts)}${p(['万达', '银泰', '吾悦', '天街', '大润发'])}`,
    loan: (p) => p(['安居贷', '车易贷', '薪享贷', '经营快贷', '装修贷', '教育贷']),
    rate: (_, n) => `${n(1, 4)}.${String(n(0, 99)).padStart(2, '0')}%`,
    open: (p) => p(['8:30', '9:00', '9:30', '10:00']),
    close: (p) => p(['16:30', '17:00', '17:30', '18:00', '20:00']),
    date: (_, n) => `${n(1, 12)}月${n(1, 28)}日`,
    days: (_, n) => String(n(2, 30)),
    amount: (p) => p(['1,000', '5,000', '10,000', '50,000', '200,000']),
    price: (_, n) => String(n(4, 260) * 10),
    km: (_, n) => `${n(1, 12) * 5},000`,
    phone: (_, n) => `400-${n(600, 899)}-${n(1000, 9999)}`,
    service: (p) =>
      p(['开户', '挂失补卡', '大额取现', '理财签约', '外汇兑换', '贷款咨询', '社保卡激活', '对公业务']),
  },
  topics: [
    {
      titles: [
        '{branch}营业时间调整通知',
        '{branch}节假日营业安排',
        '{branch}装修期间服务安排',
        '{branch}网点介绍',
      ],
      sections: [
        {
          headings: ['营业时间', '调整后的时间'],
          sentences: [
            '{branch}自{date}起周一至周五 {open}-{close} 营业。',
            '周六 {open}-12:00 仅办理{service}业务，周日休息。',
            '自助银行 24 小时开放，可办理存取款和转账。',
            '调整期间如需办理{service}，请提前预约。',
          ],
        },
        {
          headings: ['网点地址', '交通指引'],
          sentences: [
            '网点位于{district}{road}，地铁站步行约 {days} 分钟。',
            '网点门前设有 {days} 个临时停车位，停车 1 小时内免费。',
            '可乘坐公交 {days} 路在{road}站下车。',
          ],
        },
        {
          headings: ['可办理业务', '服务说明'],
          sentences: [
            '本网点可办理{service}、{service}和个人理财业务。',
            '办理{service}请携带本人身份证原件。',
            '网点配备 {days} 台自助设备，支持存款、取款和缴费。',
            '如有疑问请拨打 {phone}。',
          ],
        },
      ],
    },
    {
      titles: [
        '{product}理财产品说明',
        '{product}常见问题',
        '{product}购买指南',
        '{product}定期存款产品介绍',
      ],
      sections: [
        {
          headings: ['产品要素', '收益说明'],
          sentences: [
            '{product}业绩比较基准为年化 {rate}，期限 {days} 个月。',
            '起购金额 {amount} 元，以 1,000 元递增。',
            '产品风险等级为 R{days}，适合稳健型投资者。',
            '收益按日计算，到期一次性兑付。',
          ],
        },
        {
          headings: ['购买方式', '申购规则'],
          sentences: [
            '可在手机银行"理财"栏目购买，或到{branch}柜台办理。',
            '每个工作日 15:00 前申购当日确认。',
            '首次购买需完成风险测评。',
          ],
        },
        {
          headings: ['赎回与到期', '提前支取'],
          sentences: [
            '到期后本金和收益于 {days} 个工作日内到账。',
            '持有期内不可提前赎回。',
            '提前支取按活期利率 {rate} 计息。',
          ],
        },
      ],
    },
    {
      titles: [
        '{card}信用卡年费政策',
        '{card}信用卡积分规则',
        '{card}信用卡分期手续费',
        '{card}信用卡权益介绍',
      ],
      sections: [
        {
          headings: ['年费', '年费减免'],
          sentences: [
            '{card}信用卡主卡年费 {price} 元，附属卡免年费。',
            '每年刷卡满 {days} 次可免次年年费。',
            '年费在开卡后次月账单中收取。',
          ],
        },
        {
          headings: ['积分规则', '积分兑换'],
          sentences: [
            '每消费 20 元累积 1 积分，积分有效期 {days} 个月。',
            '积分可在手机银行兑换商品或抵扣年费。',
            '房产、汽车类消费不累积积分。',
          ],
        },
        {
          headings: ['分期付款', '手续费'],
          sentences: [
            '账单分期 {days} 期，每期手续费率 {rate}。',
            '单笔消费满 {amount} 元可申请分期。',
            '提前结清分期需支付剩余手续费。',
          ],
        },
      ],
    },
    {
      titles: [
        '{estate}停暖检修通知',
        '{estate}供热管网改造公告',
        '{estate}试供暖安排',
        '{estate}热力入户检查通知',
      ],
      sections: [
        {
          headings: ['停暖时间', '检修时间'],
          sentences: [
            '因管网检修，{estate}将于{date} 8:00 至 20:00 暂停供暖。',
            '检修完成后约 {days} 小时恢复室温。',
            '如遇特殊情况顺延，届时另行通知。',
          ],
        },
        {
          headings: ['影响范围', '涉及楼栋'],
          sentences: [
            '本次涉及{estate} {days} 号楼至 {days} 号楼。',
            '{district}片区部分用户水压可能偏低。',
            '未列入范围的楼栋正常供暖。',
          ],
        },
        {
          headings: ['注意事项', '温馨提示'],
          sentences: [
            '停暖期间请关闭阀门，检查暖气片是否漏水。',
            '如发现漏水请立即拨打 {phone}。',
            '请家中留人配合入户检查。',
          ],
        },
      ],
    },
    {
      titles: ['{model}保养价格表', '{model}常见故障处理', '{model}召回通知', '{model}首保说明'],
      sections: [
        {
          headings: ['保养项目', '价格'],
          sentences: [
            '{model}小保养参考价 {price} 元，含机油和机滤。',
            '每行驶 {km} 公里需更换空气滤芯。',
            '大保养需检查刹车片和变速箱油。',
          ],
        },
        {
          headings: ['故障处理', '常见问题'],
          sentences: [
            '仪表盘胎压灯亮起时，请检查轮胎气压。',
            '冷车启动异响多为皮带老化，请到店检查。',
            '空调异味可更换空调滤芯，费用 {price} 元。',
          ],
        },
        {
          headings: ['预约方式', '到店服务'],
          sentences: [
            '可在车主 App 预约{district}服务中心。',
            '到店请携带行驶证和保养手册。',
            '服务热线 {phone}。',
          ],
        },
      ],
    },
    {
      titles: ['{store}店会员日活动', '{store}店营业时间', '{store}店停车指引'],
      sections: [
        {
          headings: ['活动内容', '会员权益'],
          sentences: [
            '每月 {days} 日会员日，全场满 {price} 元减 50 元。',
            '会员消费可享双倍积分。',
            '活动商品不与其他优惠同享。',
          ],
        },
        {
          headings: ['门店信息', '营业时间'],
          sentences: [
            '门店营业时间 {open}-{close}，地址{road}。',
            '节假日营业时间延长至 22:00。',
            '门店提供免费送货上门，{district}范围内满 {price} 元包邮。',
          ],
        },
        {
          headings: ['停车', '交通'],
          sentences: [
            '地下停车场可停车 {days} 小时免费，凭小票出场。',
            '地铁站 {days} 号出口步行 5 分钟。',
            '充电车位位于 B2 层。',
          ],
        },
      ],
    },
    {
      titles: ['{loan}申请条件', '{loan}还款方式说明', '{loan}常见问题'],
      sections: [
        {
          headings: ['申请条件', '所需材料'],
          sentences: [
            '{loan}申请人需年满 18 周岁，在{district}有稳定收入。',
            '最高额度 {amount} 元，年利率 {rate} 起。',
            '需提供身份证、收入证明和近 6 个月银行流水。',
          ],
        },
        {
          headings: ['还款方式', '还款日'],
          sentences: [
            '支持等额本息和先息后本两种还款方式。',
            '每月 {days} 日从还款账户自动扣款。',
            '逾期将按日收取罚息并影响征信。',
          ],
        },
        {
          headings: ['审批与放款', '办理渠道'],
          sentences: [
            '线上申请最快 {days} 分钟审批。',
            '审批通过后 1 个工作日内放款。',
            '也可到{branch}找客户经理办理。',
          ],
        },
      ],
    },
  ],
  queries: [
    '{branch}几点开门',
    '{branch}周六营业吗',
    '{product}收益多少',
    '{card}信用卡年费',
    '{estate}什么时候恢复供暖',
    '{estate}停暖',
    '{model}保养多少钱',
    '{store}停车',
    '{loan}怎么申请',
    '{district}哪里能换外汇',
  ],
};

export const en: Vocabulary = {
  slots: {
    branch: (p) => `${p(enDistricts)} ${p(['branch', 'branch', 'service centre'])}`,
    district: (p) => p(enDistricts),
    road: (p, n) => `${n(1, 300)} ${p(enRoads)}`,
    estate: (p) => p(enEstates),
    product: (p, n) =>
      `${p(['Steady', 'Quarterly', 'Secure', 'Monthly', 'Smart', 'Plus'])} ${n(30, 365)}-day saver`,
    card: (p) => p(['Platinum', 'Gold', 'Student', 'Motorist', 'Travel', 'Cashback']),
    model: (p, n) =>
      `${p(['Voyager', 'Comet', 'Stratus', 'Breeze', 'Meridian', 'Falcon'])} ${p(['S', 'X', 'L', 'Pro', 'EV'])}${n(3, 9)}`,
    store: (p) => `${p(enDistricts)} ${p(['Mall', 'Superstore', 'Outlet', 'Plaza'])}`,
    loan: (p) =>
      p([
        'HomeStart loan',
        'AutoEasy loan',
        'Salary Plus loan',
        'Business Express loan',
        'Renovation loan',
        'Study loan',
      ]),
    rate: (_, n) => `${n(1, 4)}.${String(n(0, 99)).padStart(2, '0')}%`,
    open: (p) => p(['8:30', '9:00', '9:30', '10:00']),
    close: (p) => p(['16:30', '17:00', '17:30', '18:00', '20:00']),
    date: (p, n) =>
      `${n(1, 28)} ${p(['January', 'February', 'March', 'April', 'May', 'June', 'September', 'October', 'November', 'December'])}`,
    days: (_, n) => String(n(2, 30)),
    amount: (p) => p(['1,000', '5,000', '10,000', '50,000', '200,000']),
    price: (_, n) => String(n(4, 260) * 10),
    km: (_, n) => `${n(1, 12) * 5},000`,
    phone: (_, n) => `400-${n(600, 899)}-${n(1000, 9999)}`,
    service: (p) =>
      p([
        'account opening',
        'card replacement',
        'large cash withdrawals',
        'investment advice',
        'currency exchange',
        'loan advice',
        'business banking',
      ]),
  },
  topics: [
    {
      titles: [
        '{branch}: new opening hours',
        '{branch}: holiday opening',
        '{branch}: services during refurbishment',
        'About the {branch}',
      ],
      sections: [
        {
          headings: ['Opening hours', 'New hours'],
          sentences: [
            'From {date}, the {branch} opens Monday to Friday, {open} to {close}.',
            'On Saturdays it opens {open} to 12:00 for {service} only, and it is closed on Sundays.',
            'The self-service lobby stays open 24 hours for cash and transfers.',
            'Please book ahead for {service} while the changes are in place.',
          ],
        },
        {
          headings: ['Finding us', 'Getting here'],
          sentences: [
            'You will find the branch at {road}, {days} minutes on foot from the metro.',
            'There are {days} short-stay parking spaces, free for the first hour.',
            'Bus {days} stops outside on {road}.',
          ],
        },
        {
          headings: ['What we can help with', 'Services'],
          sentences: [
            'This branch handles {service}, {service} and personal savings.',
            'Bring your original ID for {service}.',
            'There are {days} self-service machines for deposits, withdrawals and bill payments.',
            'Questions? Call {phone}.',
          ],
        },
      ],
    },
    {
      titles: [
        '{product}: product sheet',
        '{product}: frequently asked questions',
        'How to buy the {product}',
        '{product} fixed-term account',
      ],
      sections: [
        {
          headings: ['Key facts', 'Returns'],
          sentences: [
            'The {product} targets {rate} a year over {days} months.',
            'The minimum investment is {amount} CNY, in steps of 1,000 CNY.',
            'Its risk rating is R{days}, for cautious investors.',
            'Returns accrue daily and are paid at maturity.',
          ],
        },
        {
          headings: ['How to buy', 'Subscriptions'],
          sentences: [
            'Buy it in the app under "Wealth", or at the {branch} counter.',
            'Orders placed before 15:00 on a working day are confirmed the same day.',
            'First-time buyers complete a short risk questionnaire.',
          ],
        },
        {
          headings: ['Maturity and withdrawals', 'Withdrawing early'],
          sentences: [
            'At maturity, your money and returns arrive within {days} working days.',
            'You cannot redeem before maturity.',
            'Early withdrawals earn the current account rate of {rate}.',
          ],
        },
      ],
    },
    {
      titles: [
        '{card} credit card: annual fee',
        '{card} credit card: points',
        '{card} credit card: instalment charges',
        '{card} credit card benefits',
      ],
      sections: [
        {
          headings: ['Annual fee', 'Fee waivers'],
          sentences: [
            'The {card} card costs {price} CNY a year; extra cardholders are free.',
            'Use the card {days} times a year and next year is free.',
            'The fee appears on the statement after activation.',
          ],
        },
        {
          headings: ['Earning points', 'Spending points'],
          sentences: [
            'You earn 1 point for every 20 CNY spent; points last {days} months.',
            'Swap points for rewards or your annual fee in the app.',
            'Property and car purchases do not earn points.',
          ],
        },
        {
          headings: ['Instalments', 'Charges'],
          sentences: [
            'Split a statement into {days} instalments at {rate} per month.',
            'Purchases of {amount} CNY or more can be split.',
            'Paying off an instalment plan early still costs the remaining charges.',
          ],
        },
      ],
    },
    {
      titles: [
        '{estate}: planned heating shutdown',
        '{estate}: heating network upgrade',
        '{estate}: trial heating dates',
        '{estate}: in-home heating checks',
      ],
      sections: [
        {
          headings: ['When', 'Maintenance window'],
          sentences: [
            'Heating at {estate} will be off on {date} from 8:00 to 20:00 for pipe maintenance.',
            'Rooms should be warm again about {days} hours after the work ends.',
            'If the work overruns, we will post a new notice.',
          ],
        },
        {
          headings: ['Who is affected', 'Buildings'],
          sentences: [
            'Buildings {days} to {days} at {estate} are affected.',
            'Some homes in {district} may see lower water pressure.',
            'Other buildings keep their heating as normal.',
          ],
        },
        {
          headings: ['What to do', 'Please note'],
          sentences: [
            'Close your valves during the shutdown and check radiators for leaks.',
            'Report any leak straight away on {phone}.',
            'Please make sure someone is home for the inspection.',
          ],
        },
      ],
    },
    {
      titles: [
        '{model}: service prices',
        '{model}: common faults',
        '{model}: recall notice',
        '{model}: first service',
      ],
      sections: [
        {
          headings: ['Service items', 'Prices'],
          sentences: [
            'A minor service on the {model} costs from {price} CNY, oil and filter included.',
            'Replace the air filter every {km} km.',
            'A major service also checks brake pads and gearbox oil.',
          ],
        },
        {
          headings: ['Faults', 'Common questions'],
          sentences: [
            'If the tyre pressure light comes on, check your tyres.',
            'A squeal on cold starts is usually a worn belt; bring the car in.',
            'A musty smell from the air conditioning goes with a new cabin filter, {price} CNY.',
          ],
        },
        {
          headings: ['Booking', 'At the workshop'],
          sentences: [
            'Book the {district} service centre in the owner app.',
            'Bring your registration papers and service book.',
            'Service line: {phone}.',
          ],
        },
      ],
    },
    {
      titles: ['{store}: member day', '{store}: opening hours', '{store}: parking'],
      sections: [
        {
          headings: ['This month', 'Member benefits'],
          sentences: [
            'Member day is the {days}th of each month: 50 CNY off every {price} CNY spent.',
            'Members earn double points.',
            'Offers cannot be combined.',
          ],
        },
        {
          headings: ['Store details', 'Opening hours'],
          sentences: [
            'The store is open {open} to {close} at {road}.',
            'On public holidays it stays open until 22:00.',
            'Free home delivery in {district} on orders over {price} CNY.',
          ],
        },
        {
          headings: ['Parking', 'Getting here'],
          sentences: [
            'Parking underneath is free for {days} hours with your receipt.',
            'Exit {days} of the metro station is a 5-minute walk away.',
            'Charging bays are on level B2.',
          ],
        },
      ],
    },
    {
      titles: ['{loan}: who can apply', '{loan}: repayment options', '{loan}: questions and answers'],
      sections: [
        {
          headings: ['Who can apply', 'Documents'],
          sentences: [
            'Applicants for the {loan} must be 18 or over with a steady income in {district}.',
            'Borrow up to {amount} CNY from {rate} a year.',
            'Bring your ID, proof of income and 6 months of bank statements.',
          ],
        },
        {
          headings: ['Repayment', 'Payment date'],
          sentences: [
            'Repay in equal monthly instalments or interest-only first.',
            'Repayments are collected on the {days}th of each month.',
            'Late payments are charged daily interest and reported to the credit bureau.',
          ],
        },
        {
          headings: ['Approval', 'Where to apply'],
          sentences: [
            'Online applications can be approved in {days} minutes.',
            'Money arrives within 1 working day of approval.',
            'You can also apply with an adviser at the {branch}.',
          ],
        },
      ],
    },
  ],
  queries: [
    '{branch} opening hours',
    'is the {branch} open on saturday',
    '{product} interest rate',
    '{card} card annual fee',
    'when is heating back at {estate}',
    '{estate} heating off',
    'how much is a {model} service',
    'parking at {store}',
    'how to apply for the {loan}',
    'where can I change money in {district}',
  ],
};

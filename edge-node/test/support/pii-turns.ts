import type { PiiKind } from '../../src/privacy/types.js';

/**
 * Conversation turns rich in personal data, zh and en, for the leak test. Names, streets and
 * towns are held out from the demo tagger's training vocabulary (cloud-core/src/demo), so
 * the tagger is tested on values it never saw. All values are fictitious.
 */
export interface PiiValue {
  kind: PiiKind;
  value: string;
  /** Other spellings that would also be a leak (digits without separators, the street part). */
  alsoLeaksAs: string[];
}

export interface PiiTurn {
  locale: 'zh-CN' | 'en';
  text: string;
  values: PiiValue[];
}

const zhSurnames = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭'];
const zhGiven = [
  '嘉怡',
  '子轩',
  '雅婷',
  '志明',
  '春华',
  '晓燕',
  '文博',
  '思琪',
  '立新',
  '红梅',
  '德华',
  '美玲',
  '振宇',
  '慧敏',
  '少华',
  '国栋',
  '新民',
  '凤英',
  '永强',
  '佩瑶',
];
const enFirst = [
  'Harriet',
  'Desmond',
  'Priya',
  'Tobias',
  'Ingrid',
  'Marcus',
  'Fiona',
  'Rupert',
  'Anika',
  'Callum',
  'Beatrix',
  'Declan',
];
const enLast = [
  'Whitmore',
  'Okafor',
  'Lindqvist',
  'Ramirez',
  'Fairbanks',
  'Castellano',
  'Pemberton',
  'Haddad',
  'Kowalski',
  'Ashworth',
];
const zhCities = ['杭州', '南京', '成都', '武汉', '西安', '长沙', '青岛', '厦门'];
const zhDistricts = ['拱墅', '秦淮', '锦江', '洪山', '碑林', '岳麓', '崂山', '湖里'];
const zhRoads = ['莫干山', '龙蟠', '春熙', '珞喻', '友谊东', '麓山南', '香港中', '仙岳'];
const enStreets = [
  'Harbour',
  'Juniper',
  'Kestrel',
  'Wellington',
  'Foxglove',
  'Blackthorn',
  'Quayside',
  'Larkspur',
];
const enKinds = ['Road', 'Street', 'Avenue', 'Lane', 'Drive'];
const enTowns = ['Portsmouth', 'Harrogate', 'Keswick', 'Truro', 'Whitby', 'Ludlow'];

function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, pick, digits, int };
}
type Gen = ReturnType<typeof generator>;

const compact = (s: string) => s.replace(/[\s\-()+]/g, '');
const val = (kind: PiiKind, value: string, also: string[] = []): PiiValue => ({
  kind,
  value,
  alsoLeaksAs: [...new Set(also.filter((a) => a !== value && a.length >= 4))],
});

function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function idNumber(g: Gen): string {
  const body = `${g.pick(['330106', '320104', '510104', '420111'])}${g.int(1960, 2004)}${String(g.int(1, 12)).padStart(2, '0')}${String(g.int(1, 28)).padStart(2, '0')}${g.digits(3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

const values = {
  mobile: (g: Gen) => {
    const n = `1${g.pick(['38', '39', '58', '86', '77', '50'])}${g.digits(8)}`;
    const shown = g.pick([
      n,
      `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
      `+86 ${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`,
    ]);
    return val('phone', shown, [n]);
  },
  landline: (g: Gen) => {
    const [area, local] = g.pick([
      ['010', `6${g.digits(7)}`],
      ['021', `5${g.digits(7)}`],
      ['0571', `8${g.digits(7)}`],
      ['0755', `2${g.digits(7)}`],
    ] as const);
    return val('phone', g.pick([`${area}-${local}`, `(${area}) ${local.slice(0, 4)} ${local.slice(4)}`]), [
      local,
      `${area}${local}`,
    ]);
  },
  intl: (g: Gen) => {
    const shown = g.pick([
      `+44 20 7946 ${g.digits(4)}`,
      `+1 415-555-${g.digits(4)}`,
      `+49 30 ${g.digits(8)}`,
    ]);
    return val('phone', shown, [compact(shown)]);
  },
  id: (g: Gen) => val('id_number', idNumber(g)),
  card: (g: Gen) => {
    const n = luhnComplete(`${g.pick(['6222', '6217', '4392', '5187'])}${g.digits(11)}`);
    const shown = g.pick([n, n.replace(/(\d{4})(?=\d)/g, '$1 '), n.replace(/(\d{4})(?=\d)/g, '$1-')]);
    return val('bank_card', shown, [n]);
  },
  email: (g: Gen) => {
    const user = `${g.pick(['harriet', 'zhou.ming', 'desmond.o', 'li_wei88', 'priya.k'])}${g.int(1, 99)}`;
    return val('email', `${user}@${g.pick(['example.com', 'example.org', 'mail.example.cn'])}`, [user]);
  },
  zhName: (g: Gen) => val('name', g.pick(zhSurnames) + g.pick(zhGiven)),
  enName: (g: Gen) => {
    const last = g.pick(enLast);
    return val('name', `${g.pick(enFirst)} ${last}`);
  },
  zhAddress: (g: Gen) => {
    const street = `${g.pick(zhRoads)}路${g.int(1, 899)}号`;
    const full = `${g.pick(zhCities)}市${g.pick(zhDistricts)}区${street}${g.next() < 0.5 ? `${g.int(1, 30)}栋${g.int(101, 2808)}室` : ''}`;
    return val('address', full, [street]);
  },
  enAddress: (g: Gen) => {
    const street = `${g.int(1, 420)} ${g.pick(enStreets)} ${g.pick(enKinds)}`;
    return val('address', `${street}, ${g.pick(enTowns)}`, [street]);
  },
};
type Slot = keyof typeof values;

const zhTemplates = [
  '你好，我叫{zhName}，手机号{mobile}，帮我查一下订单',
  '我是{zhName}，身份证号{id}，想办理挂失',
  '请把卡号{card}的信用卡挂失，持卡人{zhName}',
  '我的邮箱是{email}，请把账单发过来',
  '新地址是{zhAddress}，联系电话{landline}',
  '收件人{zhName}，电话{mobile}，地址{zhAddress}',
  '帮我给{zhName}转账五千元，他的卡号是{card}',
  '麻烦师傅明天上午到{zhAddress}上门维修，电话{mobile}',
  '我搬家了，现在住在{zhAddress}',
  '身份证{id}，手机{mobile}，请核实一下',
  '客户{zhName}的座机是{landline}',
  '请联系我的家人{zhName}，电话{intl}',
  '账单寄到{zhAddress}，邮箱{email}',
];
const enTemplates = [
  'hi, my name is {enName} and my phone is {intl}',
  'this is {enName}, my card number is {card}, I lost it',
  'please send the parcel to {enAddress}',
  'email me at {email} please',
  'my ID number is {id}',
  'call me on {mobile} after 5pm',
  'I moved to {enAddress}, my new number is {intl}',
  'the account holder is {enName}, card {card}',
  'please book a technician at {enAddress} tomorrow morning',
  'my name is {enName}, you can reach me at {email}',
  'transfer 200 pounds to {enName}',
];

/** `count` turns, in conversations of `perConversation`, deterministic for a seed. */
export function piiConversations(count: number, perConversation: number, seed = 20261123): PiiTurn[][] {
  const g = generator(seed);
  const conversations: PiiTurn[][] = [];
  for (let made = 0; made < count; ) {
    const locale = conversations.length % 2 === 0 ? 'zh-CN' : 'en';
    const turns: PiiTurn[] = [];
    for (let i = 0; i < perConversation && made < count; i++, made++) {
      const template = g.pick(locale === 'zh-CN' ? zhTemplates : enTemplates);
      const found: PiiValue[] = [];
      const text = template.replace(/\{(\w+)\}/g, (_, slot: Slot) => {
        const v = values[slot](g);
        found.push(v);
        return v.value;
      });
      turns.push({ locale, text, values: found });
    }
    conversations.push(turns);
  }
  return conversations;
}

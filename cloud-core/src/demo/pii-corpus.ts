import { seededRandom } from '../training/random.js';
import * as v from './pii-vocabulary.js';

/** One sentence with the entities in it, offsets in code points, CLUENER-style. */
export interface PiiSample {
  text: string;
  entities: { type: 'name' | 'address' | 'company'; start: number; end: number; value: string }[];
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

function zhName(r: Random): string {
  const surname = r() < 0.05 ? pick(r, v.zhCompoundSurnames) : pick(r, v.zhSurnames);
  if (r() < 0.3) return surname + pick(r, v.zhGivenNames);
  const given = pick(r, v.zhGivenNameChars) + (r() < 0.7 ? pick(r, v.zhGivenNameChars) : '');
  return surname + given;
}

function zhAddress(r: Random): string {
  const parts = [
    r() < 0.3 ? pick(r, v.zhProvinces) : '',
    `${pick(r, v.zhCities)}市`,
    r() < 0.8 ? `${pick(r, v.zhDistricts)}区` : '',
    `${pick(r, v.zhRoads)}${pick(r, v.zhRoadKinds)}${int(r, 1, 999)}号`,
    r() < 0.5 ? `${pick(r, v.zhEstates)}${int(r, 1, 30)}栋${int(r, 101, 2808)}室` : '',
  ];
  return parts.join('');
}

function zhCompany(r: Random): string {
  return `${pick(r, v.zhCities)}${pick(r, v.zhCompanyWords)}${pick(r, v.zhCompanyKinds)}`;
}

const enFirst = [...v.enFirstNames, ...v.enMoreFirstNames];
const enLast = [...v.enLastNames, ...v.enMoreLastNames];

function enName(r: Random): string {
  return `${pick(r, enFirst)} ${pick(r, enLast)}`;
}

function enAddress(r: Random): string {
  return `${int(r, 1, 420)} ${pick(r, v.enStreets)} ${pick(r, v.enStreetKinds)}, ${pick(r, v.enTowns)}`;
}

type Slot = 'name' | 'address' | 'company';
const zhTemplates: string[] = [
  '我叫{name}，请帮我查一下订单',
  '你好，我是{name}，想改一下送货地址到{address}',
  '请把新锅炉送到{address}，收件人{name}',
  '我的地址是{address}，麻烦师傅上门维修',
  '{name}的账户余额是多少',
  '我是{company}的{name}，想咨询对公账户',
  '帮我转账给{name}，五千元',
  '维修师傅请联系{name}，地址{address}',
  '{company}的暖气费怎么交',
  '我家在{address}，暖气不热了',
  '请问{name}经理今天在吗',
  '我要把户名改成{name}',
  '账单寄到{address}就行',
  '我搬家了，新地址是{address}，原来住{address}',
  '查询一下我的余额',
  '信用卡还款日是哪天',
  '你们网点几点开门',
  '我想办理房贷提前还款',
  '暖气费账单看不懂，帮我解释一下',
  '转人工',
  '请联系我爱人{name}，她会来办理',
  '给{name}汇款两千元',
  '这笔钱是{name}转给我的',
  '开户人是{name}，住在{address}',
  '我代{name}来咨询一下贷款',
  '麻烦通知{name}来网点取卡',
  '{name}是我的担保人',
  '请问{name}的快递送到{address}了吗',
];
const enTemplates: string[] = [
  'my name is {name} and I want to check my order',
  'hi, this is {name}, please change the delivery address to {address}',
  'please send the technician to {address}',
  'I live at {address} and my heating is broken',
  'transfer 200 dollars to {name}',
  'I work for {company}, can I open a business account',
  'the account holder is {name}',
  'deliver the boiler to {name} at {address}',
  'what is my balance',
  'when is my loan repayment due',
  'I want to talk to a person',
  'my bill looks wrong, can you explain it',
  'please pay 50 pounds to {name} today',
  'my wife {name} will come to the branch instead',
  'can {name} collect the parcel for me',
  'I am calling for my father, {name}, he lives at {address}',
  'send the refund to {name}',
  'the guarantor on the loan is {name}',
  'hello, {name} speaking',
];

function fill(template: string, r: Random, zh: boolean): PiiSample {
  const entities: PiiSample['entities'] = [];
  let text = '';
  for (const part of template.split(/(\{name\}|\{address\}|\{company\})/)) {
    const slot = /^\{(name|address|company)\}$/.exec(part)?.[1] as Slot | undefined;
    if (!slot) {
      text += part;
      continue;
    }
    const value =
      slot === 'name'
        ? zh
          ? zhName(r)
          : enName(r)
        : slot === 'address'
          ? zh
            ? zhAddress(r)
            : enAddress(r)
          : zh
            ? zhCompany(r)
            : pick(r, v.enCompanies);
    const start = [...text].length;
    text += value;
    entities.push({ type: slot, start, end: start + [...value].length, value });
  }
  return { text, entities };
}

/** A deterministic corpus of zh and en sentences rich in names, addresses and companies. */
export function generatePiiCorpus(count: number, seed: number): PiiSample[] {
  const r = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const zh = r() < 0.6;
    return fill(pick(r, zh ? zhTemplates : enTemplates), r, zh);
  });
}

/** CLUENER JSON lines ({"text", "label": {type: {mention: [[start, endInclusive]]}}}). */
export function toCluenerLines(samples: PiiSample[]): string {
  return samples
    .map((s) => {
      const label: Record<string, Record<string, number[][]>> = {};
      for (const e of s.entities) {
        const byType = label[e.type] ?? {};
        label[e.type] = byType;
        byType[e.value] = [...(byType[e.value] ?? []), [e.start, e.end - 1]];
      }
      return JSON.stringify({ text: s.text, label });
    })
    .join('\n');
}

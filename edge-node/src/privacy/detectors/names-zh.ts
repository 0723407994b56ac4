import type { PiiSpan } from '../types.js';
import { latinNameLengthAt } from './names-en.js';
import { type Scan, spanOf } from './scan.js';
import { surnameLengthAt } from './surnames.js';

/** Cues after which a full name usually follows ("我叫张伟", "收件人：李娜", "户名为王小明"). */
const nameCue =
  /(?:我叫|我是|本人|姓名|名字是|名字叫|名叫|叫做|叫|收件人|收货人|联系人|户名|持卡人|开户人|客户|免贵姓|我姓|姓)[\s:]*(?:是|为|叫)?[\s:]*/g;
/** Payees and relatives: "转账给李娜", "请联系我爱人王芳", "担保人张伟". */
const relationCue =
  /(?:转账给|汇款给|打款给|转给|汇给|付给|寄给|家人|爱人|妻子|老婆|丈夫|老公|父亲|母亲|爸爸|妈妈|儿子|女儿|朋友|同事|担保人|代理人|委托人)[\s:，,]*/g;
/** "给李娜转账": the name sits between 给 and the money verb. */
const payeeBeforeVerb = /给(?=[\u4e00-\u9fff]{2,4}(?:转账|汇款|打款|打钱|转钱|汇钱))/g;
const moneyVerb = /^(?:转账|汇款|打款|打钱|转钱|汇钱)/;
/** Cues that name only the surname ("免贵姓王"). */
const surnameOnlyCues = new Set(['免贵姓', '我姓', '姓']);
const honorific = /先生|女士|小姐|经理|老师|师傅|太太/g;

const han = /[\u4e00-\u9fff]/;
/** Function words and verbs that end a name: "我是李明想问…", "我叫张伟的…". */
const stopChars = new Set(
  '的了是在要想和与跟说吗呢啊吧呀哦嗯也都还就已将会能可请给找问有没不这那哪什么怎为因所但而或及等我你他她它们您个刚才现正并又再很太最更真挺好谢去来到买办打用拿查住电手号卡身份证地址邮箱从对把被让叫诉位人',
);
/** Titles right after a surname: "王先生" has no given name. */
const titles = new Set('先生 女士 小姐 经理 老师 师傅 太太 阿姨 同学'.split(' '));
/**
 * Words that end a name where they start ("我叫张伟明天来" is 张伟). Right after the surname one
 * is ambiguous ("我叫王明天要来"); the name then takes its first character, since a bare surname
 * after 我叫 is rarer than a two-character name.
 */
const stopWords = new Set(
  (
    '明天 今天 昨天 后天 现在 已经 一下 一个 一直 一起 需要 可以 还是 就是 但是 因为 所以 ' +
    '刚才 上次 之前 以后 本人 客户 银行 公司 家里 这边 那边 下午 上午 晚上 早上'
  ).split(' '),
);
/** Ordinary words that start with a surname character and would otherwise pass as names. */
const notNames = new Set(
  (
    '高兴 方便 安全 明白 满意 江湖 黄金 金额 余额 钱包 毛病 关于 关系 关注 ' +
    '包括 包裹 任何 任务 常用 常见 康复 白天 周末 马上 程序 石头 房子 房间 ' +
    '文件 文字 万一 高级 高速 安排 安装 温度 严重 乐意 费用 卫生 明细 宁愿 ' +
    '董事 华为 周一 周二 周三 周四 周五 周六 周日 司机 管理 商户 商家 师傅 ' +
    '申请 宣传 丰富 富有 明确 钟头 史上 付款 付费'
  ).split(' '),
);

/** "谢谢老师", "感谢老师": thanks, not Mr. Xie. */
const thanks = new Set(['谢谢', '感谢', '多谢', '致谢', '答谢']);

function isGivenChar(text: string, index: number): boolean {
  const char = text.charAt(index);
  return han.test(char) && !stopChars.has(char) && !titles.has(text.slice(index, index + 2));
}

/** A name can start here: text start, a non-Han character or a function word before it. */
function isBoundaryBefore(text: string, index: number): boolean {
  const before = text.charAt(index - 1);
  return index === 0 || !han.test(before) || stopChars.has(before);
}

/** One or two given-name characters at `first`, or 0. */
function givenNameLength(text: string, first: number): number {
  if (!isGivenChar(text, first)) return 0;
  if (stopWords.has(text.slice(first, first + 2))) return 1;
  const second = first + 1;
  return isGivenChar(text, second) && !stopWords.has(text.slice(second, second + 2)) ? 2 : 1;
}

/** Surname plus one or two given-name characters at `index`, or 0 if that is not a name. */
function fullNameLengthAt(text: string, index: number): number {
  const surname = surnameLengthAt(text, index);
  if (surname === 0) return 0;
  const given = givenNameLength(text, index + surname);
  if (given === 0 || notNames.has(text.slice(index, index + surname + given))) return 0;
  return surname + given;
}

function namesOfPayeesAndRelatives(scan: Scan, into: PiiSpan[]): void {
  const { folded } = scan;
  for (const match of folded.matchAll(relationCue)) {
    const at = match.index + match[0].length;
    const length = fullNameLengthAt(folded, at) || latinNameLengthAt(folded, at);
    if (length > 0) into.push(spanOf(scan, 'name', 'cue:name', at, at + length));
  }
  for (const match of folded.matchAll(payeeBeforeVerb)) {
    const at = match.index + 1;
    const length = fullNameLengthAt(folded, at);
    if (length > 0 && moneyVerb.test(folded.slice(at + length)))
      into.push(spanOf(scan, 'name', 'cue:name', at, at + length));
  }
}

function namesAfterCues(scan: Scan, into: PiiSpan[]): void {
  const { folded } = scan;
  for (const match of folded.matchAll(nameCue)) {
    const at = match.index + match[0].length;
    const cue = match[0].replace(/[\s:是为叫]+$/, '');
    // "我叫Zhang Wei": a romanised name after a Chinese cue.
    const length = surnameOnlyCues.has(cue)
      ? surnameLengthAt(folded, at)
      : fullNameLengthAt(folded, at) || latinNameLengthAt(folded, at);
    if (length > 0) into.push(spanOf(scan, 'name', 'cue:name', at, at + length));
  }
}

/**
 * "王先生" is name "王" (the token reads ⟦NAME_1⟧先生); "这位张伟先生" is "张伟" when a word
 * boundary shows where the full name starts, else only the surname right before the title.
 */
function namesBeforeHonorifics(scan: Scan, into: PiiSpan[]): void {
  const { folded } = scan;
  for (const match of folded.matchAll(honorific)) {
    const at = match.index;
    let found = false;
    for (let length = 4; length >= 2 && !found; length--) {
      const start = at - length;
      if (start < 0 || !isBoundaryBefore(folded, start)) continue;
      if (fullNameLengthAt(folded, start) === length) {
        into.push(spanOf(scan, 'name', 'cue:name', start, at));
        found = true;
      }
    }
    if (found) continue;
    const start = at >= 2 && surnameLengthAt(folded, at - 2) === 2 ? at - 2 : at - 1;
    if (start < 0 || surnameLengthAt(folded, start) !== at - start) continue;
    if (start > 0 && thanks.has(folded.slice(start - 1, start + 1))) continue;
    into.push(spanOf(scan, 'name', 'cue:name', start, at));
  }
}

/** Chinese names after cue words and before honorifics. */
export function findChineseNames(scan: Scan): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (!han.test(scan.folded)) return spans;
  namesAfterCues(scan, spans);
  namesOfPayeesAndRelatives(scan, spans);
  namesBeforeHonorifics(scan, spans);
  return spans;
}

import type { PiiSpan } from '../types.js';
import { type Scan, spanOf } from './scan.js';

// Grammar of a mainland address, largest unit first; every part is optional on its own. Place
// names are Han characters other than the function words around them ("我住在北京市" starts at
// 北), which is what finds the left edge when no cue does.
const placeStop =
  '的了是在住到寄送我你他她您们址为与及或请把给从往去来要想说就也都还这那哪有没不吗呢吧啊呀哦嗯好';
const N = `(?:(?![${placeStop}])[\\u4e00-\\u9fff])`;
const province = `(?:北京|上海|天津|重庆)市?|${N}{2,7}?(?:省|自治区|特别行政区)`;
const city = `${N}{1,8}?(?:市|州市?|自治州|地区|盟)`;
const district = `${N}{1,6}?(?<!小)(?:新区|区|县|旗)`;
const town = `${N}{1,6}?(?:街道|镇|乡)`;
const road = `${N}{1,10}?(?:大道|大街|路|街|道|巷|弄|胡同)`;
const number = `(?:\\d{1,5}(?:-\\d{1,5})?|[一二三四五六七八九十百零〇]{1,6})号院?`;
const estate = `${N}{2,10}?(?:小区|花园|大厦|公寓|广场|中心|家园|新村|苑|园|城|府|村)`;
const unit = `(?:\\d{1,4}(?:-\\d{1,4}){1,3}[室号]?|(?:\\d{1,4}|[A-Za-z])(?:号楼|栋|幢|座|单元|楼|层|室|号|户))`;
/** "2单元501": a bare room number after a unit word. */
const room = '(?:(?<=单元|栋|幢|座|楼|-)\\d{1,5})?';
const rest = `(?:${estate})?${unit}{0,5}${room}`;
const admin = `(?<p>${province})?(?<c>${city})?(?<c2>${city})?(?<d>${district})?(?<t>${town})?`;

/** Ends in a road and house number: an address even without a cue. */
const withNumberSource = `${admin}${road}${number}${rest}`;
/** Anything from the grammar; counted before it is trusted. */
const anySource = `${admin}(?<r>${road}(?:${number})?)?${rest}`;

// Uncued finds start only where a place name can: not in the middle of a run of them. That
// is also what keeps the scan cheap.
const withNumber = new RegExp(`(?<!${N})${withNumberSource}`, 'g');
const anyAddress = new RegExp(`(?<!${N})(?=${N})${anySource}`, 'g');
const withNumberAt = new RegExp(withNumberSource, 'y');
const anyAddressAt = new RegExp(anySource, 'y');

const addressCue =
  /(?:地址|住址|住在|家住|送到|寄到|送至|寄至|寄往|送往|发到|位于|搬到)(?:改成|改为|改到|换成|换到|变更为|更改为|是|为|在)?[\s:]*/g;
const adminSuffix = /[省市区县旗州盟镇乡]/g;
const roadSuffix = /[路街道巷弄同]/;

function componentCount(groups: Record<string, string | undefined> | undefined): number {
  if (!groups) return 0;
  return ['p', 'c', 'c2', 'd', 't', 'r'].filter((name) => groups[name] !== undefined).length;
}

interface Candidate {
  start: number;
  end: number;
  cued: boolean;
}

function afterCues(folded: string, into: Candidate[]): void {
  for (const cue of folded.matchAll(addressCue)) {
    const at = cue.index + cue[0].length;
    withNumberAt.lastIndex = at;
    anyAddressAt.lastIndex = at;
    const numbered = withNumberAt.exec(folded)?.[0].length ?? 0;
    const any = anyAddressAt.exec(folded)?.[0].length ?? 0;
    const length = Math.max(numbered, any);
    // At least two characters: "住在这" finds nothing, "住在朝阳区" does.
    if (length >= 2) into.push({ start: at, end: at + length, cued: true });
  }
}

function withoutCues(folded: string, into: Candidate[]): void {
  // Cheap looks first: most messages have no road, or one stray 市 ("超市") at most.
  const hasRoad = roadSuffix.test(folded);
  if (hasRoad && folded.includes('号')) {
    for (const match of folded.matchAll(withNumber)) {
      into.push({ start: match.index, end: match.index + match[0].length, cued: false });
    }
  }
  if ((folded.match(adminSuffix)?.length ?? 0) + Number(hasRoad) < 2) return;
  // Province, city and district (or more) together are an address; two alone are a region.
  for (const match of folded.matchAll(anyAddress)) {
    if (componentCount(match.groups) >= 3) {
      into.push({ start: match.index, end: match.index + match[0].length, cued: false });
    }
  }
}

/**
 * Chinese addresses: a province-to-room sequence with a road and house number, three or more
 * administrative parts, or any part after 地址/住在/送到/寄到. Cued finds win over uncued ones,
 * whose left edge is only a guess; then longer wins.
 */
export function findChineseAddresses(scan: Scan): PiiSpan[] {
  const { folded } = scan;
  const candidates: Candidate[] = [];
  afterCues(folded, candidates);
  withoutCues(folded, candidates);
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => Number(b.cued) - Number(a.cued) || b.end - b.start - (a.end - a.start));
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  return kept.map((c) => spanOf(scan, 'address', 'cue:address', c.start, c.end));
}

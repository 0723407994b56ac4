import { readChineseNumbers } from './chinese-numbers.js';

/**
 * The last line of defence against invented facts: every number or date the model states
 * must be found in a passage it cited or in a tool output of this turn. A prompt asks the
 * model to behave; this check is what makes a made-up rate never reach a customer.
 */

/** A date as far as it was written: `3月` has only a month, `2026-12-01` has all three. */
interface DateFact {
  y?: number;
  m: number;
  d?: number;
}

export interface Facts {
  /** Canonical numbers: commas dropped, trailing decimal zeros dropped (`3.10` -> `3.1`). */
  numbers: Set<string>;
  dates: DateFact[];
}

export interface AnswerCheckFailure {
  sentence: string;
  /** The facts of the sentence that no source holds, in canonical form. */
  unsupported: string[];
}

export interface AnswerCheckResult {
  ok: boolean;
  /** Sentences that hold at least one fact; for tests and metrics. */
  factSentences: number;
  failures: AnswerCheckFailure[];
}

// Personal-data tokens carry digits (`⟦PHONE_1⟧`) that are labels, not facts.
const TOKEN = /⟦[^⟦⟧]*⟧/g;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DATE_PATTERNS: { re: RegExp; parts: (m: RegExpExecArray) => [string?, string?, string?] }[] = [
  // 2026-12-01, 2026/12/1, 2026.12.01, 2026年12月1日
  { re: /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/g, parts: (m) => [m[1], m[2], m[3]] },
  // 12月1日, 3月, 2026年3月
  {
    re: /(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?/g,
    parts: (m) => [m[1], m[2], m[3]],
  },
  // December 1, 2026 / Dec 1
  {
    re: new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'gi'),
    parts: (m) => [m[3], monthOf(m[1]), m[2]],
  },
  // 1 December 2026 / 1st Dec
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH_NAME}(?:,?\\s+(\\d{4}))?`, 'gi'),
    parts: (m) => [m[3], monthOf(m[2]), m[1]],
  },
  // March 2026
  { re: new RegExp(`\\b${MONTH_NAME}\\s+(\\d{4})\\b`, 'gi'), parts: (m) => [m[2], monthOf(m[1])] },
];
const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?/g;

function monthOf(name: string | undefined): string | undefined {
  const index = MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase());
  return index < 0 ? undefined : String(index + 1);
}

/** `3.10` and `3.1`, `1,000` and `1000`, `01` and `1` are the same fact. */
export function canonicalNumber(raw: string): string {
  const value = Number(raw.replaceAll(',', ''));
  return Number.isFinite(value) ? String(value) : raw;
}

/**
 * Full-width digits and signs (`３．１０％`) become ASCII, counted Chinese numerals digits
 * (`三个` 3, `5万` 50000); tokens and markers stop counting.
 */
function normalize(text: string): string {
  return readChineseNumbers(text.normalize('NFKC').replace(TOKEN, ' '));
}

/** The numbers and dates a text states. */
export function extractFacts(text: string): Facts {
  let rest = normalize(text);
  const dates: DateFact[] = [];
  for (const { re, parts } of DATE_PATTERNS) {
    rest = rest.replace(re, (...args) => {
      const match = args as unknown as RegExpExecArray;
      const [y, m, d] = parts(match);
      const date: DateFact = { m: Number(m) };
      if (y !== undefined) date.y = Number(y);
      if (d !== undefined) date.d = Number(d);
      const valid = date.m >= 1 && date.m <= 12 && (date.d === undefined || (date.d >= 1 && date.d <= 31));
      if (!valid) return match[0];
      dates.push(date);
      // Blank the date so its pieces are not counted again as plain numbers.
      return ' ';
    });
  }
  const numbers = new Set<string>();
  for (const found of rest.match(NUMBER) ?? []) numbers.add(canonicalNumber(found));
  return { numbers, dates };
}

const formatDate = (d: DateFact) => [d.y ?? '?', d.m, d.d ?? '?'].join('-');

/** A stated date is supported by a source date that agrees on every part the statement gives. */
const dateSupported = (stated: DateFact, sources: DateFact[]) =>
  sources.some(
    (s) =>
      s.m === stated.m &&
      (stated.y === undefined || s.y === stated.y) &&
      (stated.d === undefined || s.d === stated.d),
  );

/**
 * Sentences end at Chinese and English terminators and at line breaks. A `.` ends one only
 * before white space or the end, so `3.10%` stays whole.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let current = '';
  const chars = [...text];
  let ending = false;
  chars.forEach((ch, i) => {
    current += ch;
    const next = chars[i + 1];
    const closes = ending && '"”’）)」』'.includes(ch);
    ending =
      closes || '。！？!?；;…\n'.includes(ch) || (ch === '.' && (next === undefined || /\s/.test(next)));
    // A closing quote or bracket right after the terminator still belongs to the sentence.
    if (ending && (next === undefined || !'"”’）)」』'.includes(next))) {
      if (current.trim()) sentences.push(current.trim());
      current = '';
      ending = false;
    }
  });
  if (current.trim()) sentences.push(current.trim());
  return sentences;
}

function mergeFacts(texts: readonly string[]): Facts {
  const numbers = new Set<string>();
  const dates: DateFact[] = [];
  for (const text of texts) {
    const facts = extractFacts(text);
    for (const n of facts.numbers) numbers.add(n);
    for (const d of facts.dates) {
      dates.push(d);
      // A source that gives `2026-12-01` also supports saying "in 2026".
      if (d.y !== undefined) numbers.add(String(d.y));
    }
  }
  return { numbers, dates };
}

/**
 * Numbers the customer gave ("I want to borrow 200,000", "my order is 3 boxes") may be said back.
 * Rates and dates may not: "the rate is 2%, right?" must not make 2% a fact the answer can confirm.
 */
function customerNumbers(texts: readonly string[]): string[] {
  return texts.flatMap((text) => {
    const withoutRates = normalize(text).replace(/\d+(?:,\d{3})*(?:\.\d+)?\s*%/g, ' ');
    return [...extractFacts(withoutRates).numbers];
  });
}

/**
 * Checks an answer against the texts it may draw facts from (cited passages, tool outputs).
 * A sentence without numbers or dates always passes; one with them passes only when each of
 * them is found in a source, or is a number (not a rate, not a date) the customer gave.
 */
export function checkAnswer(
  answer: string,
  sources: readonly string[],
  customerSaid: readonly string[] = [],
): AnswerCheckResult {
  const known = mergeFacts(sources);
  for (const n of customerNumbers(customerSaid)) known.numbers.add(n);
  const failures: AnswerCheckFailure[] = [];
  let factSentences = 0;
  for (const sentence of splitSentences(answer)) {
    const facts = extractFacts(sentence);
    if (facts.numbers.size === 0 && facts.dates.length === 0) continue;
    factSentences++;
    const unsupported = [
      ...[...facts.numbers].filter((n) => !known.numbers.has(n)),
      ...facts.dates.filter((d) => !dateSupported(d, known.dates)).map(formatDate),
    ];
    if (unsupported.length > 0) failures.push({ sentence, unsupported });
  }
  return { ok: failures.length === 0, factSentences, failures };
}

import type { PiiSpan } from '../types.js';
import { type Scan, spanOf } from './scan.js';

/** Phrases after which a name usually follows; matched case-insensitively, the name is not. */
const phraseCue =
  /\b(?:my name is|my name['’]s|name is|name:|this is|i am|i['’]m|call me|account holder(?: is|:)?|card ?holder(?: is|:)?|recipient(?: is|:)?|addressed to)(?:(?<=:)|\b)[ \t]*/gi;
/** Payees and relatives: "transfer 200 pounds to Wei Zhang", "my wife, Anna Lee". */
const relationCue =
  /\b(?:(?:transfer|pay|send|wire|give|refund|owe)\b[^.?!\n]{0,40}?\bto|my (?:wife|husband|partner|father|mother|dad|mum|mom|son|daughter|brother|sister|friend|colleague|guarantor|neighbou?r)\b,?)[ \t]+/gi;
/** Titles, matched as written: "I miss London" has no Miss in it. */
const titleCue = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.? +/g;
/** One capitalised name word: Smith, McDonald, O'Brien, Jean-Luc. */
const nameWord = /(?:[A-Z]')?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?(?![A-Za-z])/y;
const wordGap = / +/y;
const maxWords = 3;

/** Capitalised words that follow "I am" / "This is" without being names. */
const notNames = new Set(
  (
    'I A An The My Your Our Their His Her Its It This That These Those Not Just So Very Here There Now ' +
    'Happy Sad Sorry Looking Calling Writing Trying Having Going Getting Interested Wondering Unable ' +
    'Able Glad Pleased Fine Good Great Okay Ok Sure Ready Done New Back Still Also Really Please Thanks ' +
    'Thank Hello Hi Hey Regarding About Concerned Worried Confused Frustrated Afraid Sick Tired Busy ' +
    'Available Urgent Important Correct Right Wrong Customer Client Actually Currently Unhappy Disappointed ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June ' +
    'July August September October November December Yes No What Why How When Where Who Which And But ' +
    'Or From With For To In On At By Of Me Him Them Us Street Road Avenue Bank Branch Service Support ' +
    'Team Department Office Company'
  ).split(' '),
);

/** Length of the one to three capitalised name words starting at `start`, or 0. */
export function latinNameLengthAt(text: string, start: number): number {
  let position = start;
  let end = start;
  for (let words = 0; words < maxWords; words++) {
    nameWord.lastIndex = position;
    const word = nameWord.exec(text);
    if (!word || notNames.has(word[0])) break;
    end = position + word[0].length;
    wordGap.lastIndex = end;
    if (!wordGap.exec(text)) break;
    position = wordGap.lastIndex;
  }
  return end - start;
}

/** English names after cue phrases and titles ("my name is Wei Zhang", "Dr. Emily Carter"). */
export function findEnglishNames(scan: Scan): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const cue of [phraseCue, relationCue, titleCue]) {
    for (const match of scan.folded.matchAll(cue)) {
      const start = match.index + match[0].length;
      const length = latinNameLengthAt(scan.folded, start);
      if (length > 0) spans.push(spanOf(scan, 'name', 'cue:name', start, start + length));
    }
  }
  return spans;
}

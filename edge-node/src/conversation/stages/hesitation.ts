import type { Classification } from '@branchline/shared';

/**
 * Words customers use when they waver over buying or committing ("考虑一下", "再看看", "let me
 * think about it"). Rules find the plain ones at once; the local model (task `hesitation`, when
 * the edge has it) finds the ones in other words.
 */
const cues = [
  '考虑一下',
  '考虑考虑',
  '再考虑',
  '再看看',
  '再想想',
  '想一想',
  '回头再说',
  '下次再说',
  '以后再说',
  '再说吧',
  '商量',
  '还没想好',
  '没想好',
  '不太确定',
  '拿不定主意',
  '犹豫',
  '纠结',
  '等等看',
  '再等等',
  '有点贵',
  '太贵',
  '便宜点',
  '更便宜',
  '对比一下',
  '比较一下',
  '货比三家',
  "(let me|i'?ll|i need to|i have to|i want to) (think|sleep on|mull)",
  'think (about it|it over)',
  'get back to you',
  'not sure (yet|about|if i|whether)',
  'maybe (later|another time|next (week|month|time))',
  '(talk|speak|check) (to|with) my (wife|husband|partner|family|parents)',
  '(a bit|bit|too|quite) (pricey|expensive|steep)',
  'torn between',
  'shop around',
  'not ready (yet|to)',
  'need (some )?more time',
  'on the fence',
].map((c) => new RegExp(c, 'iu'));

/** The same words, meaning something else ("考虑到安全", "I think I lost my card"). */
const notHesitation = [/考虑到/u, /think i (lost|left|forgot)/iu, /not sure (where|how|what|when|why)/iu];

export interface Hesitation {
  /** 0..1: the model's score, or 0.9 for a plain rule cue. */
  score: number;
  /** The words that gave it away (rules), or null when only the model heard it. */
  cue: string | null;
}

/** Hesitation in a customer's message, or undefined when there is none. */
export function detectHesitation(text: string, model?: Classification): Hesitation | undefined {
  const modelScore = model ? model.score('hesitant') : 0;
  const matched = notHesitation.some((p) => p.test(text))
    ? undefined
    : cues.map((c) => c.exec(text)?.[0]).find((m) => m !== undefined);
  if (matched) return { score: Math.max(0.9, modelScore), cue: matched };
  if (modelScore >= 0.7) return { score: modelScore, cue: null };
  return undefined;
}

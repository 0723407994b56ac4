import type { Logger } from '@branchline/shared';
import { splitSentences } from './answer-check.js';
import { emptyUsage, handoff } from './handoff.js';
import { overlap, textPieces } from './text-pieces.js';
import type { DialogAnswer, DialogPassage, DialogTurn } from './types.js';

// At most this many of the passage's sentences: enough to answer, short enough for chat.
const MAX_SENTENCES = 2;

const offlineNote = (locale: DialogTurn['locale'], title: string) =>
  locale === 'zh-CN'
    ? `（智能助手暂时离线，以下内容摘自知识库文章《${title}》。如需进一步帮助，可转人工客服。）`
    : `(Our assistant is offline right now; the following is quoted from our help article "${title}". Ask for a colleague if you need more help.)`;

interface Scored {
  passage: DialogPassage;
  score: number;
  sentences: { text: string; score: number }[];
}

function score(passage: DialogPassage, question: Set<string>): Scored {
  const sentences = splitSentences(passage.text).map((text) => ({
    text,
    score: overlap(textPieces(text), question),
  }));
  return { passage, score: overlap(textPieces(`${passage.title}\n${passage.text}`), question), sentences };
}

/**
 * Answers without a model by quoting the passage closest to the customer's last message:
 * its own sentences, so nothing is invented, with an honest note that the assistant is
 * offline. With nothing close enough, the customer goes to a person.
 */
export function answerOffline(turn: DialogTurn, log: Logger): DialogAnswer {
  const last = turn.history.filter((e) => e.role === 'customer').at(-1);
  const question = textPieces(last?.text ?? '');
  const best = turn.passages
    .map((p) => score(p, question))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)[0];
  if (!best) {
    log.info({ passages: turn.passages.length }, 'offline responder found no supporting passage');
    return handoff('offline_no_passage', emptyUsage(), true);
  }

  const ranked = best.sentences
    .map((s, index) => ({ ...s, index }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, MAX_SENTENCES)
    // Back in the passage's own order, so the quote reads as written.
    .sort((a, b) => a.index - b.index);
  // Matched only by its title: the opening sentence is what the article is about.
  const chosen =
    ranked.length > 0 ? ranked.map((s) => s.text) : best.sentences.slice(0, 1).map((s) => s.text);
  const separator = turn.locale === 'zh-CN' ? '' : ' ';
  const { articleId, title } = best.passage;
  log.info({ articleId, sentences: chosen.length }, 'offline responder answered');
  return {
    text: `${offlineNote(turn.locale, title)}\n${chosen.join(separator)}`,
    citations: [{ articleId, title }],
    handoffReason: '',
    offline: true,
    usage: emptyUsage(),
  };
}

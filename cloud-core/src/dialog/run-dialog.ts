import type Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { Logger } from '@branchline/shared';
import { checkAnswer } from './answer-check.js';
import { extractCitations, MarkerFilter } from './citations.js';
import { awaitsReply, buildMessages, buildTools } from './conversation.js';
import { describeFailure, emptyUsage, handoff, isOurFault } from './handoff.js';
import { answerOffline } from './offline-responder.js';
import { buildSystemPrompt } from './system-prompt.js';
import { runToolCalls } from './tool-calls.js';
import type { DialogAnswer, DialogIo, DialogTurn, DialogUsage } from './types.js';

export interface DialogOptions {
  /** Without one (no ANTHROPIC_API_KEY) the offline responder answers from passages alone. */
  client: Anthropic | undefined;
  model: string;
  maxTokens?: number;
  /** The whole turn, tool calls and SDK retries included. */
  deadlineMs: number;
  maxToolRounds?: number;
  log: Logger;
  /** Ends the turn early, e.g. when the edge cancels its call. */
  signal?: AbortSignal;
}

// Current Sonnet: fast enough for live chat, strong at grounded answers and tool use.
export const DEFAULT_DIALOG_MODEL = 'claude-sonnet-5-5';
// Adaptive thinking shares this budget with the reply, so it is larger than a brief reply needs.
const DEFAULT_MAX_TOKENS = 2048;
const DEFAULT_MAX_TOOL_ROUNDS = 4;

function addUsage(total: DialogUsage, usage: Message['usage']): void {
  total.inputTokens += usage.input_tokens;
  total.outputTokens += usage.output_tokens;
  total.cacheReadInputTokens += usage.cache_read_input_tokens ?? 0;
  total.cacheCreationInputTokens += usage.cache_creation_input_tokens ?? 0;
}

const textOf = (message: Message) =>
  message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');

/**
 * Answers one turn with Claude: streams the reply, runs tool calls on the edge, and checks
 * the final text before it may reach the customer. Never throws: every failure becomes a
 * hand-off, because the edge must always get an answer it can act on.
 */
export async function runDialog(
  turn: DialogTurn,
  io: DialogIo,
  options: DialogOptions,
): Promise<DialogAnswer> {
  // The caller's logger already carries the edge and conversation ids.
  const { client, log } = options;
  if (!client) return answerOffline(turn, log);
  if (!awaitsReply(turn)) return handoff('no_customer_message', emptyUsage());

  const deadline = AbortSignal.timeout(options.deadlineMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const usage = emptyUsage();
  try {
    return await converse(client, turn, io, options, { signal, usage, log });
  } catch (error) {
    if (deadline.aborted) {
      log.warn({ deadlineMs: options.deadlineMs, usage }, 'dialog deadline exceeded');
      return handoff('deadline_exceeded', usage);
    }
    if (options.signal?.aborted) {
      log.info({ usage }, 'dialog cancelled');
      return handoff('cancelled', usage);
    }
    const level = isOurFault(error) ? 'error' : 'warn';
    log[level]({ ...describeFailure(error), usage }, 'dialog model call failed');
    return handoff('llm_unavailable', usage);
  }
}

interface TurnState {
  signal: AbortSignal;
  usage: DialogUsage;
  log: Logger;
}

async function converse(
  client: Anthropic,
  turn: DialogTurn,
  io: DialogIo,
  options: DialogOptions,
  { signal, usage, log }: TurnState,
): Promise<DialogAnswer> {
  const messages: MessageParam[] = buildMessages(turn);
  const system = buildSystemPrompt(turn);
  const tools = buildTools(turn);
  const maxToolRounds = options.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS;
  // Nothing streams once the turn is over: the edge may already be handing off.
  const filter = new MarkerFilter((text) => {
    if (!signal.aborted) io.delta(text);
  });
  const texts: string[] = [];
  const toolOutputs: string[] = [];

  for (let round = 0; ; round++) {
    // Text from different rounds is separated by a line break, in the stream as in the answer.
    let separate = texts.length > 0;
    const stream = client.messages.stream(
      {
        model: options.model,
        max_tokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
        system,
        messages,
        ...(tools.length > 0 ? { tools } : {}),
      },
      { signal },
    );
    stream.on('text', (delta) => {
      if (separate) filter.push('\n');
      separate = false;
      filter.push(delta);
    });
    const message = await stream.finalMessage();
    filter.flush();
    addUsage(usage, message.usage);
    const text = textOf(message);
    if (text) texts.push(text);
    log.debug({ round, stopReason: message.stop_reason, requestId: stream.request_id }, 'dialog round');

    if (message.stop_reason === 'tool_use') {
      if (round >= maxToolRounds) {
        log.warn({ maxToolRounds, usage }, 'dialog used up its tool rounds');
        return handoff('tool_rounds_exceeded', usage);
      }
      const calls = message.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
      const results = await runToolCalls(calls, turn, io, signal);
      toolOutputs.push(...results.outputs);
      messages.push(
        { role: 'assistant', content: message.content },
        { role: 'user', content: results.results },
      );
      continue;
    }
    if (message.stop_reason === 'max_tokens') return handoff('answer_truncated', usage);
    if (message.stop_reason === 'refusal') return handoff('model_refused', usage);
    return finish(texts.join('\n'), turn, toolOutputs, { signal, usage, log });
  }
}

/** Turns the model's text into the answer, or into a hand-off when the check fails. */
function finish(
  raw: string,
  turn: DialogTurn,
  toolOutputs: string[],
  { usage, log }: TurnState,
): DialogAnswer {
  const cited = extractCitations(raw, turn.passages);
  if (!cited.text) return handoff('empty_answer', usage);
  const citedIds = new Set(cited.citations.map((c) => c.articleId));
  const sources = [
    ...turn.passages.filter((p) => citedIds.has(p.articleId)).map((p) => `${p.title}\n${p.text}`),
    ...toolOutputs,
  ];
  const customerSaid = turn.history.filter((m) => m.role === 'customer').map((m) => m.text);
  const check = checkAnswer(cited.text, sources, customerSaid);
  const summary = { citations: [...citedIds], unknownCitations: cited.unknownIds.length, usage };
  if (!check.ok) {
    log.warn(
      { ...summary, factSentences: check.factSentences, failedSentences: check.failures.length },
      'dialog answer failed the check',
    );
    return handoff('answer_check_failed', usage);
  }
  log.info(summary, 'dialog answered');
  return { text: cited.text, citations: cited.citations, handoffReason: '', offline: false, usage };
}

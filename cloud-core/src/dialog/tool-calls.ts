import type { ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import type { DialogIo, DialogTurn } from './types.js';

export interface ToolRound {
  results: ToolResultBlockParam[];
  /** Outputs that succeeded: the answer check accepts facts found in them. */
  outputs: string[];
}

/** Rejects when the signal aborts, so a tool the edge never answers cannot outlive the deadline. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Runs the model's tool calls on the edge, one after another (branch systems are small and
 * the calls may depend on each other's effects), and answers every call, as the API requires.
 */
export async function runToolCalls(
  calls: ToolUseBlock[],
  turn: DialogTurn,
  io: DialogIo,
  signal: AbortSignal,
): Promise<ToolRound> {
  const offered = new Set(turn.tools.map((t) => t.name));
  const round: ToolRound = { results: [], outputs: [] };
  for (const call of calls) {
    // The edge only runs tools it offered; asking it for others would be refused anyway.
    if (!offered.has(call.name)) {
      round.results.push(errorResult(call.id, `Unknown tool: ${call.name}`));
      continue;
    }
    let result: { output: string; isError: boolean };
    try {
      result = await untilAborted(io.callTool({ id: call.id, name: call.name, input: call.input }), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      // The model can still apologise or offer a colleague; the answer check guards the rest.
      result = { output: 'The tool could not be run.', isError: true };
    }
    round.results.push({
      type: 'tool_result',
      tool_use_id: call.id,
      content: result.output,
      ...(result.isError ? { is_error: true } : {}),
    });
    if (!result.isError) round.outputs.push(result.output);
  }
  return round;
}

const errorResult = (id: string, text: string): ToolResultBlockParam => ({
  type: 'tool_result',
  tool_use_id: id,
  content: text,
  is_error: true,
});

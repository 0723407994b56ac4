import type {
  ConverseRequest,
  ConverseResponse,
  DialogServiceServer,
  Role,
  TurnStart,
} from '@branchline/proto';
import { BranchlineError, grpcStatusOf, type Logger } from '@branchline/shared';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { peerIdentity } from '../grpc/peer-identity.js';
import type { DialogAnswer, DialogIo, DialogTurn } from './types.js';

export interface DialogServiceDeps {
  /** Runs one turn to its answer; never throws for model trouble (the answer says hand off). */
  run(turn: DialogTurn, io: DialogIo): Promise<DialogAnswer>;
  log: Logger;
}

const roles: Record<number, DialogTurn['history'][number]['role']> = {
  1: 'customer',
  2: 'assistant',
  3: 'agent',
};

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || '{}') as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new BranchlineError('invalid_argument', `${what} is not a JSON object`);
}

function toTurn(edgeId: string, start: TurnStart): DialogTurn {
  if (start.locale !== 'zh-CN' && start.locale !== 'en')
    throw new BranchlineError('invalid_argument', `locale must be zh-CN or en, not ${start.locale}`);
  return {
    conversationId: start.conversationId,
    edgeId,
    locale: start.locale,
    history: start.history.map((m) => ({ role: roles[m.role as Role] ?? 'customer', text: m.text })),
    passages: start.passages.map((p) => ({ articleId: p.articleId, title: p.title, text: p.text })),
    tools: start.tools.map((t) => ({
      name: t.name,
      description: t.description,
      inputSchema: parseJsonObject(t.inputSchemaJson, `the input schema of tool ${t.name}`),
    })),
    understanding: start.understanding,
  };
}

/**
 * `Converse` on the mTLS port: the edge (identified by its certificate) opens a turn, the core
 * streams deltas and tool-call requests back, the edge answers each call, the core ends with
 * one final answer. The stream carries tokenized text only.
 */
export function dialogService(deps: DialogServiceDeps): DialogServiceServer {
  return {
    converse(call: ServerDuplexStream<ConverseRequest, ConverseResponse>) {
      let started = false;
      const waiting = new Map<string, (result: { output: string; isError: boolean }) => void>();
      const fail = (error: unknown) => {
        const code = error instanceof BranchlineError ? error.code : 'internal';
        if (code === 'internal') deps.log.error({ err: error }, 'dialog stream failed');
        call.emit('error', { code: grpcStatusOf[code], details: (error as Error).message });
      };
      call.on('data', (request: ConverseRequest) => {
        const payload = request.payload;
        if (payload?.$case === 'toolResult') {
          const resolve = waiting.get(payload.value.callId);
          waiting.delete(payload.value.callId);
          resolve?.({ output: payload.value.outputJson, isError: payload.value.isError });
          return;
        }
        if (payload?.$case !== 'start' || started)
          return fail(new BranchlineError('invalid_argument', 'one TurnStart opens a stream'));
        started = true;
        let turn: DialogTurn;
        try {
          turn = toTurn(peerIdentity(call).edgeId, payload.value);
        } catch (error) {
          return fail(error);
        }
        const log = deps.log.child({ edgeId: turn.edgeId, conversationId: turn.conversationId });
        const io: DialogIo = {
          delta: (text) => call.write({ payload: { $case: 'delta', value: { text } } }),
          callTool: ({ id, name, input }) =>
            new Promise((resolve) => {
              waiting.set(id, resolve);
              call.write({
                payload: {
                  $case: 'toolCall',
                  value: { callId: id, name, inputJson: JSON.stringify(input ?? {}) },
                },
              });
            }),
        };
        deps.run(turn, io).then(
          (answer) => {
            call.write({
              payload: {
                $case: 'final',
                value: {
                  text: answer.text,
                  citations: answer.citations.map((c) => ({ articleId: c.articleId, title: c.title })),
                  handoffReason: answer.handoffReason,
                  offline: answer.offline,
                  usage: answer.usage,
                },
              },
            });
            call.end();
            log.info(
              { handoff: answer.handoffReason || undefined, offline: answer.offline },
              'dialog turn done',
            );
          },
          (error: unknown) => fail(error),
        );
      });
      call.on('cancelled', () => {
        // The edge gave up (its deadline): pending tool calls will never be answered.
        for (const resolve of waiting.values()) resolve({ output: '{"error":"cancelled"}', isError: true });
        waiting.clear();
      });
    },
  };
}

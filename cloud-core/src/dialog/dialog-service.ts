import type { ConverseRequest, ConverseResponse, DialogServiceServer } from '@branchline/proto';
import { BranchlineError, grpcStatusOf, type Logger } from '@branchline/shared';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { peerIdentity } from '../grpc/peer-identity.js';
import { finalAnswerOf, turnFromStart } from './turn-start.js';
import type { DialogAnswer, DialogIo, DialogTurn } from './types.js';

export interface DialogServiceDeps {
  /** Runs one turn to its answer; never throws for model trouble (the answer says hand off). */
  run(turn: DialogTurn, io: DialogIo): Promise<DialogAnswer>;
  log: Logger;
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
          turn = turnFromStart(peerIdentity(call).edgeId, payload.value);
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
              payload: { $case: 'final', value: finalAnswerOf(answer) },
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

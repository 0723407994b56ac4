import {
  type ConverseResponse,
  DialogServiceClient,
  type FinalAnswer,
  type ToolCallRequest,
  type TurnStart,
} from '@branchline/proto';
import { BranchlineError } from '@branchline/shared';
import { credentials } from '@grpc/grpc-js';
import type { EdgeIdentity } from '../identity/index.js';

export interface DialogClient {
  /**
   * One cloud turn: sends the tokenized turn, runs the tools the core asks for (answers are
   * tokenized by the caller), and resolves with the final answer. Rejects on transport trouble
   * or when `deadlineMs` passes.
   */
  converse(
    start: TurnStart,
    onToolCall: (call: ToolCallRequest) => Promise<{ outputJson: string; isError: boolean }>,
    options: { deadlineMs: number; onDelta?: (text: string) => void },
  ): Promise<FinalAnswer>;
  close(): void;
}

export function dialogClient(coreAddress: string, coreTlsName: string, identity: EdgeIdentity): DialogClient {
  const client = new DialogServiceClient(
    coreAddress,
    credentials.createSsl(
      Buffer.from(identity.caCertificatePem),
      Buffer.from(identity.privateKeyPem),
      Buffer.from(identity.certificatePem),
    ),
    { 'grpc.ssl_target_name_override': coreTlsName, 'grpc.keepalive_time_ms': 30_000 },
  );
  return {
    converse(start, onToolCall, options) {
      return new Promise<FinalAnswer>((resolve, reject) => {
        const call = client.converse({ deadline: Date.now() + options.deadlineMs });
        let settled = false;
        const settle = (fn: () => void) => {
          if (!settled) {
            settled = true;
            fn();
          }
        };
        call.on('data', (response: ConverseResponse) => {
          const payload = response.payload;
          if (payload?.$case === 'delta') options.onDelta?.(payload.value.text);
          else if (payload?.$case === 'toolCall') {
            const request = payload.value;
            onToolCall(request).then(
              (result) =>
                call.write({
                  payload: { $case: 'toolResult', value: { callId: request.callId, ...result } },
                }),
              (error: unknown) =>
                call.write({
                  payload: {
                    $case: 'toolResult',
                    value: {
                      callId: request.callId,
                      outputJson: JSON.stringify({ error: (error as Error).message }),
                      isError: true,
                    },
                  },
                }),
            );
          } else if (payload?.$case === 'final') {
            settle(() => resolve(payload.value));
            call.end();
          }
        });
        call.on('error', (error) =>
          settle(() =>
            reject(new BranchlineError('unavailable', `cloud dialog failed: ${error.message}`, true)),
          ),
        );
        call.on('end', () =>
          settle(() =>
            reject(new BranchlineError('unavailable', 'cloud dialog ended without an answer', true)),
          ),
        );
        call.write({ payload: { $case: 'start', value: start } });
      });
    },
    close: () => client.close(),
  };
}

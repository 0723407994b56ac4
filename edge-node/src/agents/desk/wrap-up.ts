import { BranchlineError } from '@branchline/shared';
import { z } from 'zod';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { Outbox } from '../../outbox/index.js';
import type { AuditLog } from '../accounts/index.js';
import type { HandoffRow, HandoffStore } from './handoff-store.js';

export const dispositions = ['resolved', 'follow_up', 'escalated', 'no_response'] as const;

export const wrapUpSchema = z.object({
  disposition: z.enum(dispositions),
  correctedIntent: z.string().trim().min(1).max(60).optional(),
});
export type WrapUp = z.infer<typeof wrapUpSchema>;

/** Checks what an agent gave at wrap-up; `intents` empty means any corrected intent goes. */
export function parseWrapUp(input: unknown, intents: readonly string[]): WrapUp {
  const parsed = wrapUpSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BranchlineError('invalid_argument', `${issue?.path.join('.')}: ${issue?.message}`);
  }
  const { correctedIntent } = parsed.data;
  if (correctedIntent && intents.length > 0 && !intents.includes(correctedIntent))
    throw new BranchlineError('invalid_argument', `correctedIntent: unknown intent ${correctedIntent}`);
  return parsed.data;
}

export interface WrapUpDeps {
  handoffs: HandoffStore;
  audit: AuditLog;
  outbox: Outbox;
  conversations: ConversationService;
}

/**
 * Closes a hand-off, whoever had it (a branch agent or a central overflow agent): the row, the
 * audit entry, and the tokenized feedback event training learns from.
 */
export function recordWrapUp(
  deps: WrapUpDeps,
  row: HandoffRow,
  agentId: string,
  handleTimeMs: number,
  { disposition, correctedIntent }: WrapUp,
  extra: Record<string, unknown> = {},
): void {
  const wrappedAt = new Date();
  deps.handoffs.update(row.id, {
    status: 'wrapped',
    wrappedAt,
    disposition,
    correctedIntent: correctedIntent ?? null,
  });
  // What training needs: the customer's tokenized words, what the AI made of them, what was right.
  deps.outbox.append({
    type: 'agent.wrapup',
    conversationId: row.conversationId,
    data: {
      handoffId: row.id,
      reason: row.reason,
      severity: row.severity,
      valueTier: row.valueTier,
      language: row.language,
      disposition,
      correctedIntent: correctedIntent ?? null,
      agentId,
      waitMs: (row.assignedAt ?? wrappedAt).getTime() - row.enqueuedAt.getTime(),
      handleTimeMs,
      ...extra,
      turns: deps.conversations.customerTurns(row.conversationId),
    },
  });
  deps.audit.record({
    agentId,
    action: 'conversation.wrapped',
    conversationId: row.conversationId,
    detail: { disposition, ...(correctedIntent ? { correctedIntent } : {}), ...extra },
  });
}

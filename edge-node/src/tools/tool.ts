import type { Logger } from '@branchline/shared';
import type { z } from 'zod';
import type { PiiKind } from '../privacy/types.js';

export type ToolLocale = 'zh-CN' | 'en';

export interface ToolContext {
  /** The conversation's verified customer: a tool reads this customer's data and no one else's. */
  customerRef: string;
  conversationId: string;
  locale: ToolLocale;
  log: Logger;
}

export interface ToolResult {
  ok: boolean;
  /**
   * What to tell the customer, in the context's locale. It may hold personal data (an address on
   * file): the pipeline tokenizes it before it is stored or sent anywhere, and restores it last.
   */
  reply: string;
  /**
   * Personal data the reply quotes (an address on file), so the pipeline tokenizes exactly these
   * values instead of hoping a detector finds them.
   */
  mentions?: { kind: PiiKind; value: string }[];
  /** Machine-readable outcome, for events and agent view; no personal data in here. */
  outcome: Record<string, string | number | boolean | null>;
}

/**
 * A branch business tool. `reads` lists the kinds of personal data the tool may see in its
 * input; the pipeline restores only those tokens before calling `run`, all others stay tokens.
 */
export interface BranchTool<Input extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: Input;
  reads: readonly PiiKind[];
  run(context: ToolContext, input: z.infer<Input>): Promise<ToolResult>;
}

import { z } from 'zod';
import type { BranchTool, ToolContext, ToolLocale, ToolResult } from './tool.js';

/** Zod's own messages in the customer's language, chosen per call so no global config changes. */
const errorMapOf: Record<ToolLocale, z.core.$ZodErrorMap | undefined> = {
  'zh-CN': z.locales.zhCN().localeError,
  en: undefined,
};

/**
 * The one way to call a tool: the model's arguments are untrusted, so they are parsed with the
 * tool's schema first, and a bad argument becomes an `ok:false` reply the conversation can
 * recover from instead of an exception. Outcomes hold no personal data, so they are logged.
 */
export async function runTool(
  tool: BranchTool,
  context: ToolContext,
  rawInput: unknown,
): Promise<ToolResult> {
  const log = context.log.child({ tool: tool.name, conversationId: context.conversationId });
  // A tool without parameters is often called with no arguments at all.
  const parsed = tool.input.safeParse(rawInput ?? {}, { error: errorMapOf[context.locale] });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(input)');
    // Field names only: a message can quote what the customer said.
    log.warn({ fields }, 'tool input rejected');
    const [colon, semicolon] = context.locale === 'zh-CN' ? ['：', '；'] : [': ', '; '];
    const problems = parsed.error.issues
      .map((issue) =>
        issue.path.length > 0 ? `${issue.path.join('.')}${colon}${issue.message}` : issue.message,
      )
      .join(semicolon);
    return {
      ok: false,
      reply:
        context.locale === 'zh-CN'
          ? `抱歉，这个请求无法处理（${problems}）。`
          : `Sorry, I couldn't do that (${problems}).`,
      outcome: { reason: 'invalid_input', fields: fields.join(',') },
    };
  }
  const result = await tool.run(context, parsed.data);
  log.info({ ok: result.ok, outcome: result.outcome }, 'tool ran');
  return result;
}

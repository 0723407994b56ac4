/**
 * The dialog engine's view of a turn, independent of gRPC: the DialogService adapts the proto
 * messages to these. Every string is tokenized text; personal data never reaches the core.
 */
export interface DialogPassage {
  articleId: string;
  title: string;
  text: string;
}

export interface DialogTool {
  name: string;
  description: string;
  /** JSON Schema of the tool's input. */
  inputSchema: Record<string, unknown>;
}

export interface DialogTurn {
  conversationId: string;
  edgeId: string;
  locale: 'zh-CN' | 'en';
  history: { role: 'customer' | 'assistant' | 'agent'; text: string }[];
  passages: DialogPassage[];
  tools: DialogTool[];
  understanding: Record<string, string>;
}

export interface DialogIo {
  /** Streams a piece of the answer as the model writes it. */
  delta(text: string): void;
  /** Asks the edge to run a tool; resolves with the tool's (tokenized) JSON output. */
  callTool(call: { id: string; name: string; input: unknown }): Promise<{ output: string; isError: boolean }>;
}

export interface DialogUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
}

export interface DialogAnswer {
  text: string;
  citations: { articleId: string; title: string }[];
  /** Set when the answer must not reach the customer and a person should take over. */
  handoffReason: string;
  /** True when no model was configured and the offline responder answered. */
  offline: boolean;
  usage: DialogUsage;
}

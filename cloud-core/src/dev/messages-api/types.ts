import type { MessageCreateParamsBase, StopReason } from '@anthropic-ai/sdk/resources/messages';

/** One request as the server received it, recorded before validation so bad ones show too. */
export interface RecordedRequest {
  /** 0-based position among all requests this server saw. */
  index: number;
  method: string;
  /** Path without the query string (the SDK adds none for messages, but betas may). */
  path: string;
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string>;
  /** The raw body text, handy for "this string was never sent" assertions. */
  raw: string;
  /** The parsed body; typed as the SDK's params because a correct client sends exactly that. */
  body: MessageCreateParamsBase;
  stream: boolean;
}

export type ScriptedBlock =
  /** `chunks` are the streamed `text_delta`s; they must join to `text`. */
  | { type: 'text'; text: string; chunks: string[] }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** A successful assistant message. */
export interface MessageReply {
  kind: 'message';
  content: ScriptedBlock[];
  stopReason: StopReason;
  /** Waited before each delta (streaming) or, summed, before the JSON answer. */
  delayMs: number;
}

export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** An HTTP error answered before any stream starts, as the API does for 4xx/5xx. */
export interface ErrorReply {
  kind: 'error';
  status: number;
  type: ApiErrorType;
  message: string;
  retryAfterSeconds?: number;
  /** Sets `x-should-retry`, which the SDK obeys over its own status rules. */
  shouldRetry?: boolean;
}

/**
 * A streamed message that breaks after `afterEvents` SSE events: the socket is destroyed,
 * or, with `error`, an SSE `error` event is sent and the stream ends cleanly. A non-streaming
 * request gets its socket destroyed before any response.
 */
export interface CutReply {
  kind: 'cut';
  afterEvents: number;
  message: MessageReply;
  error?: ApiErrorType;
}

export type Reply = MessageReply | ErrorReply | CutReply;
export type ReplyFn = (request: RecordedRequest) => Reply | Promise<Reply>;
export type ScriptEntry = Reply | ReplyFn;

export interface MessagesApiOptions {
  /** When set, any other `x-api-key` gets a 401 like the real API. */
  apiKey?: string;
  /**
   * The API today merges consecutive same-role turns; by default we reject them instead,
   * because a Branchline client that sends them has lost track of the conversation.
   */
  allowConsecutiveRoles?: boolean;
  /**
   * Answers a request when no reply is scripted (scripted replies still go first), so a load
   * generator can answer every request, e.g. with a realistic model delay. Without it an
   * unscripted request fails loudly.
   */
  respond?: ReplyFn;
  /**
   * Keep every request in `requests` (the default). A long load run turns this off, so memory
   * does not grow with each request; `index` still counts them all.
   */
  record?: boolean;
}

export interface MessagesApi {
  /** Base URL for `new Anthropic({ baseURL })`, e.g. `http://127.0.0.1:53121`. */
  url: string;
  /** Every request received, unless `record: false` was given. */
  requests: RecordedRequest[];
  /** How many requests the server received, recorded or not. */
  received(): number;
  /** Queues replies; each request takes the next one, in order. */
  script(...entries: ScriptEntry[]): void;
  /** Replies still queued, to assert a test used all it scripted. */
  pending(): number;
  close(): Promise<void>;
}

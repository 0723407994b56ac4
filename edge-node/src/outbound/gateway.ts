import { BranchlineError } from '@branchline/shared';
import { z } from 'zod';

/** What the branch's SMS or dialer system made of one attempt. */
export const attemptResults = ['delivered', 'answered', 'no_answer', 'busy', 'failed', 'rejected'] as const;
export type AttemptResult = (typeof attemptResults)[number];

export interface OutboundMessage {
  /** Lets the gateway drop a repeat: the same attempt is sent again only after a crash. */
  attemptId: string;
  campaignId: string;
  channel: 'sms' | 'call';
  to: string;
  locale: 'zh-CN' | 'en';
  text: string;
}

export interface GatewayAnswer {
  result: AttemptResult;
  detail?: string;
}

/**
 * The gateway could not be reached or could not take the message now (network, timeout, 429,
 * 5xx). Not an attempt: the message may or may not have gone out, so it is sent again later
 * under the same attempt id, for the gateway to drop if it did.
 */
export interface GatewayUnavailable {
  result: 'unavailable';
  detail: string;
}

/** The branch's way out to customers' phones: an SMS gateway or an autodialer. */
export interface OutboundGateway {
  send(message: OutboundMessage): Promise<GatewayAnswer | GatewayUnavailable>;
}

const answerSchema = z.object({ result: z.enum(attemptResults), detail: z.string().max(500).optional() });

/**
 * A gateway behind an HTTP endpoint in the branch (`BRANCHLINE_OUTBOUND_GATEWAY_URL`): one POST
 * per attempt, answered with `{result, detail?}`. No answer, a timeout, 429 or 5xx mean the
 * gateway is unavailable; another error status or an answer that is not one of the results is a
 * `failed` attempt.
 */
export class WebhookGateway implements OutboundGateway {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {
    if (!/^https?:\/\//.test(url))
      throw new BranchlineError('invalid_argument', `outbound gateway URL must be http(s): ${url}`);
  }

  async send(message: OutboundMessage): Promise<GatewayAnswer | GatewayUnavailable> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.attemptId },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { result: 'unavailable', detail: `gateway unreachable: ${(error as Error).message}` };
    }
    if (response.status === 429 || response.status >= 500)
      return { result: 'unavailable', detail: `gateway answered HTTP ${response.status}` };
    if (!response.ok) return { result: 'failed', detail: `gateway answered HTTP ${response.status}` };
    const parsed = answerSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) return { result: 'failed', detail: 'gateway answer is not {result, detail?}' };
    return parsed.data.detail === undefined
      ? { result: parsed.data.result }
      : { result: parsed.data.result, detail: parsed.data.detail };
  }
}

import { type RecordedRequest, type ReplyFn, reply } from '../../dev/messages-api/index.js';
import { createRandom, type Random } from './random.js';

/** How long one model call takes: lognormal around a median, the long right tail real calls have. */
export interface LatencyModel {
  medianMs: number;
  /** Spread of log(latency); 0.25 puts 95% of calls within about 0.6x to 1.6x the median. */
  sigma: number;
  /** Mean of the distribution (above the median, by the tail). */
  meanMs: number;
  sample(): number;
}

export function createLatencyModel(options: {
  medianMs: number;
  sigma?: number;
  seed: number;
}): LatencyModel {
  const { medianMs, sigma = 0.25 } = options;
  const random = createRandom(options.seed);
  return {
    medianMs,
    sigma,
    meanMs: Math.round(medianMs * Math.exp((sigma * sigma) / 2)),
    // Capped at 4x the median: a call that slow would hit the SDK's timeout in real life.
    sample: () => Math.min(medianMs * 4, medianMs * Math.exp(sigma * random.normal())),
  };
}

// Answers without numbers or dates: the core's answer check stands behind them without passages.
const answers: Record<'zh-CN' | 'en', readonly (readonly string[])[]> = {
  'zh-CN': [
    [
      '您好，这个问题要看您的具体情况。',
      '建议您先了解清楚相关的条件和费用，',
      '需要办理的话可以带上有效证件到附近网点，工作人员会帮您处理。',
    ],
    [
      '明白您的意思。',
      '一般来说这要看您选择的产品和期限，',
      '具体以网点和合同的最新规定为准。',
      '还有其他可以帮您的吗？',
    ],
    ['感谢您的咨询。', '这件事可以在手机应用里先查看详细说明，', '如果还有疑问，欢迎到网点当面咨询。'],
  ],
  en: [
    [
      'Thanks for asking. ',
      'It depends on your situation and the terms of your product, ',
      'so the branch can go through the details with you when you are ready.',
    ],
    [
      'Good question. ',
      'In general the conditions and any fees are set out in your agreement, ',
      'and you can check them in the app or ask us at the branch.',
    ],
    [
      'I understand. ',
      'The best option depends on how you plan to use it, ',
      'and one of our advisers can help you compare the choices. ',
      'Is there anything else I can help with?',
    ],
  ],
};

const han = /\p{Script=Han}/u;

/** The customer's words in the last turn (the core wraps them in `<customer>`), else the whole turn. */
function customerText(request: RecordedRequest): string {
  const last = JSON.stringify(request.body.messages?.at(-1) ?? '');
  return /<customer>([\s\S]*?)<\/customer>/.exec(last)?.[1] ?? last;
}

/**
 * The loopback model: every request is answered in the customer's language, streamed in a few
 * deltas, after a latency drawn from `latency` (seeded, so a run can be repeated).
 */
export function modelReplies(latency: LatencyModel, seed: number): ReplyFn {
  const random: Random = createRandom(seed ^ 0x5eed);
  return (request) => {
    const locale = han.test(customerText(request)) ? 'zh-CN' : 'en';
    const chunks = random.pick(answers[locale]);
    const totalMs = latency.sample();
    return reply.text([...chunks], { delayMs: Math.round(totalMs / chunks.length) });
  };
}

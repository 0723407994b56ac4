/** Where a customer's mood is heading over the last turns: what an agent or an offer must read. */
export interface Emotion {
  trend: 'rising' | 'falling' | 'steady';
  /** Change of the negative-sentiment probability per turn (least squares over the window). */
  slope: number;
  /** Turns it was read from, this one included. */
  turns: number;
}

/** A change of 0.1 a turn is what an attentive agent would notice over three or four turns. */
const noticeable = 0.1;

/** The trend of negative sentiment over `negatives`, oldest first, the current turn last. */
export function sentimentTrend(negatives: readonly number[]): Emotion {
  const n = negatives.length;
  if (n < 2) return { trend: 'steady', slope: 0, turns: n };
  const meanX = (n - 1) / 2;
  const meanY = negatives.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  negatives.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  const slope = Math.round((num / den) * 1000) / 1000;
  const trend = slope > noticeable ? 'rising' : slope < -noticeable ? 'falling' : 'steady';
  return { trend, slope, turns: n };
}

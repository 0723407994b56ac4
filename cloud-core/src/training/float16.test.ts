import { describe, expect, it } from 'vitest';
import { fromFloat16, toFloat16 } from './float16.js';

describe('float16', () => {
  it('encodes known values exactly', () => {
    expect([...toFloat16(Float32Array.from([0, 1, -2, 0.5, 65504]))]).toEqual([
      0x0000, 0x3c00, 0xc000, 0x3800, 0x7bff,
    ]);
  });

  it('round-trips model-sized weights within half precision', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 0.3);
    const back = fromFloat16(toFloat16(values));
    values.forEach((v, i) => {
      expect(Math.abs((back[i] ?? 0) - v)).toBeLessThanOrEqual(Math.abs(v) / 1024 + 1e-7);
    });
  });
});

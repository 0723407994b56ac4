import { describe, expect, it } from 'vitest';
import { sentimentTrend } from './emotion.js';
import { detectHesitation } from './hesitation.js';

describe('sentiment trend', () => {
  it('reads a customer getting angrier, calmer, or neither', () => {
    expect(sentimentTrend([0.1, 0.3, 0.6, 0.8])).toMatchObject({ trend: 'rising', turns: 4 });
    expect(sentimentTrend([0.9, 0.6, 0.3])).toMatchObject({ trend: 'falling' });
    expect(sentimentTrend([0.4, 0.5, 0.4, 0.45])).toMatchObject({ trend: 'steady' });
    expect(sentimentTrend([0.9])).toEqual({ trend: 'steady', slope: 0, turns: 1 });
  });
});

describe('hesitation', () => {
  it('hears the plain cues in zh and en, and not the same words meaning something else', () => {
    expect(detectHesitation('这个理财我再考虑一下吧')?.cue).toBe('考虑一下');
    expect(detectHesitation('嗯……新车有点贵，我回头再说')?.score).toBeGreaterThanOrEqual(0.9);
    expect(detectHesitation("Let me think about it and I'll get back to you")?.cue).toMatch(/let me think/i);
    expect(detectHesitation('I need to talk to my wife first')).toBeDefined();
    expect(detectHesitation('考虑到安全，我想改一下密码')).toBeUndefined();
    expect(detectHesitation('I think I lost my card')).toBeUndefined();
    expect(detectHesitation('What are your opening hours?')).toBeUndefined();
  });
});

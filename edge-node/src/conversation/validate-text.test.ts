import { describe, expect, it } from 'vitest';
import { validateText } from './validate-text.js';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'accepted';
};

describe('customer text validation', () => {
  it('accepts zh and en text with newlines, trimmed', () => {
    expect(validateText('  你好，\n我想查订单  ', 100)).toBe('你好，\n我想查订单');
    expect(validateText('hello there', 100)).toBe('hello there');
  });

  it('refuses what is not text a person typed', () => {
    expect(codeOf(() => validateText(42, 100))).toBe('invalid_argument');
    expect(codeOf(() => validateText('   ', 100))).toBe('invalid_argument');
    expect(codeOf(() => validateText('bell\u0007', 100))).toBe('invalid_argument');
    expect(codeOf(() => validateText('abc\u202Eevil', 100))).toBe('invalid_argument');
    expect(codeOf(() => validateText('half \uD83D pair', 100))).toBe('invalid_argument');
  });

  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(validateText('😀'.repeat(10), 10)).toHaveLength(20);
    expect(codeOf(() => validateText('😀'.repeat(11), 10))).toBe('payload_too_large');
  });
});

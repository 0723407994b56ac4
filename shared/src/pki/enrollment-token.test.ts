import { describe, expect, it } from 'vitest';
import { formatEnrollmentToken, parseEnrollmentToken } from './enrollment-token.js';

describe('enrollment tokens', () => {
  const token = { id: '0123456789abcdef', secret: 'A'.repeat(43), caFingerprint: 'f'.repeat(64) };

  it('round-trips through the one string an operator copies', () => {
    const text = formatEnrollmentToken(token);
    expect(text).toBe(`bl1.0123456789abcdef.${'A'.repeat(43)}.${'f'.repeat(64)}`);
    expect(parseEnrollmentToken(`  ${text}\n`)).toEqual(token);
  });

  it('says a truncated token is malformed', () => {
    const text = formatEnrollmentToken(token);
    expect(() => parseEnrollmentToken(text.slice(0, -3))).toThrow(/malformed/);
  });
});

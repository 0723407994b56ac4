import { describe, expect, it } from 'vitest';
import { matches, parseSelector } from './label-selector.js';

describe('label selectors', () => {
  it('matches edges carrying every pair, and all edges when empty', () => {
    const north = { region: 'north', size: 'm', industry: 'bank' };
    expect(matches(parseSelector('region=north'), north)).toBe(true);
    expect(matches(parseSelector('region=north, size=m'), north)).toBe(true);
    expect(matches(parseSelector('region=north,size=s'), north)).toBe(false);
    expect(matches(parseSelector(''), north)).toBe(true);
  });

  it('names the part it cannot read', () => {
    expect(() => parseSelector('region=north,oops')).toThrow('selector: "oops" is not key=value');
    expect(() => parseSelector('Region=north')).toThrow('is not key=value');
  });
});

import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv.js';

describe('insight CSV', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('贵了，但是"续航"好')).toBe('"贵了，但是""续航""好"');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('-5% is too little')).toBe("'-5% is too little");
    expect(csvField('@once')).toBe("'@once");
  });

  it('writes the columns in order', () => {
    expect(
      csvLine({
        occurredAt: '2026-11-24T10:00:00.000Z',
        edgeId: 'edge-n',
        region: 'north',
        product: 'ev',
        kind: 'objection',
        theme: 'range',
        locale: 'zh-CN',
        text: '续航焦虑',
      }),
    ).toBe('2026-11-24T10:00:00.000Z,edge-n,north,ev,objection,range,zh-CN,续航焦虑');
  });
});

import { describe, expect, it } from 'vitest';
import { extractCitations, MarkerFilter } from './citations.js';

const passages = [
  { articleId: 'mortgage-rate', title: '房贷利率', text: '首套 3.10%。' },
  { articleId: 'fees', title: 'Fees', text: 'No fee.' },
];

describe('extractCitations', () => {
  it('lists known passages in order of first use and removes every marker', () => {
    const out = extractCitations(
      'No fee [KB:fees]. 利率3.10%。【KB：mortgage-rate】Again [KB:fees] [KB:made-up]',
      passages,
    );
    expect(out.text).toBe('No fee. 利率3.10%。Again');
    expect(out.citations).toEqual([
      { articleId: 'fees', title: 'Fees' },
      { articleId: 'mortgage-rate', title: '房贷利率' },
    ]);
    expect(out.unknownIds).toEqual(['made-up']);
  });
});

describe('MarkerFilter', () => {
  it('removes markers split across deltas and lets other brackets through', () => {
    const out: string[] = [];
    const filter = new MarkerFilter((t) => out.push(t));
    for (const delta of ['利率3.10%。[', 'KB:mort', 'gage-rate] 见 [附件] 和 [K']) filter.push(delta);
    filter.flush();
    expect(out.join('')).toBe('利率3.10%。 见 [附件] 和 [K');
  });
});

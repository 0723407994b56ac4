import { describe, expect, it } from 'vitest';
import { detectEmails } from './emails.js';

const values = (text: string) => detectEmails(text).map((span) => span.value);

describe('detectEmails', () => {
  it.each([
    ['邮箱是zhang.wei@example.com，谢谢', 'zhang.wei@example.com'],
    ['发到zhang.wei@example.com。', 'zhang.wei@example.com'],
    ['Contact: li_na+orders@mail.example.co.uk.', 'li_na+orders@mail.example.co.uk'],
    ['<wang-fang@example.org>', 'wang-fang@example.org'],
    ['mailto:a@example.cn', 'a@example.cn'],
    ['13812345678@163.com', '13812345678@163.com'],
    ['邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
  ])('finds the address in %j', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it('finds two addresses with exact offsets', () => {
    const text = '主邮箱a@example.com，备用b.c@example.net';
    expect(detectEmails(text)).toEqual([
      { kind: 'email', start: 3, end: 16, value: 'a@example.com', source: 'rule:email' },
      { kind: 'email', start: 19, end: 34, value: 'b.c@example.net', source: 'rule:email' },
    ]);
  });

  it.each([
    ['no top-level domain', 'user@localhost'],
    ['a lone at sign', 'meet @ 3pm'],
    ['a handle', 'ping @zhangwei on chat'],
    ['a numeric top-level domain', 'a@example.123'],
    ['an empty local part', '@example.com'],
  ])('ignores %s', (_, text) => {
    expect(values(text)).toEqual([]);
  });
});

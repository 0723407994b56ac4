import { describe, expect, it } from 'vitest';
import { detectNames } from './names.js';

const values = (text: string) => detectNames(text).map((span) => span.value);

describe('detectNames, Chinese', () => {
  it.each([
    ['我叫张伟，手机尾号5678', ['张伟']],
    ['我是李明想问一下账单', ['李明']],
    ['我是张伟的妈妈', ['张伟']],
    ['我叫张伟明天过来', ['张伟']],
    ['我叫王明天要来', ['王明']],
    ['本人王小明', ['王小明']],
    ['姓名：李华', ['李华']],
    ['名字是赵敏', ['赵敏']],
    ['收件人：王小明，电话见下', ['王小明']],
    ['联系人是李四', ['李四']],
    ['户名为欧阳娜娜', ['欧阳娜娜']],
    ['持卡人张三', ['张三']],
    ['客户刘洋要挂失', ['刘洋']],
    ['免贵姓诸葛', ['诸葛']],
    ['我姓王，叫王伟', ['王', '王伟']],
    ['我叫Zhang Wei', ['Zhang Wei']],
    ['帮我给谢慧敏转账五千元', ['谢慧敏']],
    ['转账给王小明', ['王小明']],
    ['请联系我的家人唐嘉怡，电话见下', ['唐嘉怡']],
    ['我想给朋友转账', []],
  ])('finds the name after a cue in %j', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it.each([
    ['王先生您好', '王'],
    ['请问李老师在吗', '李'],
    ['我是王先生', '王'],
    ['客户王女士说卡丢了', '王'],
    ['欧阳小姐，您的卡到了', '欧阳'],
    ['这位张伟先生请到3号窗口', '张伟'],
    ['王小明先生您好', '王小明'],
  ])('finds the name before an honorific in %j', (text, expected) => {
    expect(values(text)).toContain(expected);
  });

  it('makes "王先生" a name span on the surname only, so the token keeps the title', () => {
    const text = '王先生您好';
    expect(detectNames(text)).toEqual([{ kind: 'name', start: 0, end: 1, value: '王', source: 'cue:name' }]);
  });

  it.each([
    ['我是来办卡的'],
    ['我是新客户'],
    ['我叫什么不重要'],
    ['客户满意度很高'],
    ['客户余额不足'],
    ['我是高兴的'],
    ['谢谢老师'],
    ['感谢老师的帮助'],
    ['这位先生请稍等'],
    ['客户经理会联系您'],
    ['姓名不能为空'],
  ])('finds nothing in %j', (text) => {
    expect(values(text)).toEqual([]);
  });
});

describe('detectNames, English', () => {
  it.each([
    ['my name is Wei Zhang, thanks', 'Wei Zhang'],
    ["Hi, I'm Tom", 'Tom'],
    ['I am Li Na from Shanghai', 'Li Na'],
    ['This is Alice speaking', 'Alice'],
    ['the account holder is John Smith', 'John Smith'],
    ["recipient: Mary O'Brien", "Mary O'Brien"],
    ['recipient Li Hua', 'Li Hua'],
    ['Dr. Emily Carter will call you', 'Emily Carter'],
    ['Mr Smith called', 'Smith'],
    ['Please ask Ms. Jean-Luc Picard', 'Jean-Luc Picard'],
    ['Mrs McDonald left a message', 'McDonald'],
    ['transfer 200 pounds to Rupert Lindqvist', 'Rupert Lindqvist'],
    ['my wife, Anna Lee, will come instead', 'Anna Lee'],
  ])('finds the name in %j', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    ['I am calling about my bill'],
    ['I am Calling About My Bill'],
    ['I am Happy to help'],
    ["I'm Looking for my card"],
    ['I am Not sure'],
    ['This is urgent'],
    ['This is Monday'],
    ['my name is john'],
    ['THIS IS URGENT'],
    ['I miss London'],
    ['This is Bank of Example calling'],
  ])('finds nothing in %j', (text) => {
    expect(values(text)).toEqual([]);
  });
});

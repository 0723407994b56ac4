import { describe, expect, it } from 'vitest';
import { detectAddresses } from './addresses.js';

const values = (text: string) => detectAddresses(text).map((span) => span.value);

describe('detectAddresses, Chinese', () => {
  it.each([
    ['我住在北京市朝阳区建国路88号阳光小区3栋2单元501室', '北京市朝阳区建国路88号阳光小区3栋2单元501室'],
    ['地址：广东省深圳市南山区科技园南路1号，谢谢', '广东省深圳市南山区科技园南路1号'],
    ['公司位于上海市浦东新区世纪大道100号', '上海市浦东新区世纪大道100号'],
    ['我家住在杭州市西湖区文三路100号', '杭州市西湖区文三路100号'],
    ['深圳市南山区科技路1号', '深圳市南山区科技路1号'],
    ['北京路88号', '北京路88号'],
    ['江苏省苏州市昆山市前进路5-2号', '江苏省苏州市昆山市前进路5-2号'],
    ['广东省深圳市南山区有个网点吗', '广东省深圳市南山区'],
    ['请寄到深圳市南山区粤海街道', '深圳市南山区粤海街道'],
    ['送到上海市浦东新区', '上海市浦东新区'],
    ['送到朝阳区建国路88号院3号楼', '朝阳区建国路88号院3号楼'],
    ['住在阳光花园3栋2单元501', '阳光花园3栋2单元501'],
    ['地址是中关村', '中关村'],
    ['寄到北京', '北京'],
    ['把收货地址改成杭州市拱墅区莫干山路100号', '杭州市拱墅区莫干山路100号'],
  ])('finds the address in %j', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    ['我想知道我的订单号是多少'],
    ['请到3号窗口'],
    ['超市在中山路'],
    ['我在北京市朝阳区工作'],
    ['住在这里'],
    ['送到公司'],
    ['我知道了'],
    ['地址不对'],
    ['一路顺风'],
  ])('finds nothing in %j', (text) => {
    expect(values(text)).toEqual([]);
  });
});

describe('detectAddresses, English', () => {
  it.each([
    ['Send it to 221B Baker Street, London NW1 6XE please', '221B Baker Street, London NW1 6XE'],
    [
      'I live at 350 5th Avenue, Suite 3300, New York, NY 10118.',
      '350 5th Avenue, Suite 3300, New York, NY 10118',
    ],
    ['12 Main St, Springfield, IL 62704', '12 Main St, Springfield, IL 62704'],
    ['He lives at 10 Downing St.', '10 Downing St.'],
    ['1600 Pennsylvania Avenue', '1600 Pennsylvania Avenue'],
    ['No. 88 Jianguo Road, Chaoyang District, Beijing', 'No. 88 Jianguo Road, Chaoyang District, Beijing'],
    ['45 Oak Ln Apt 4B', '45 Oak Ln Apt 4B'],
  ])('finds the address in %j', (text, expected) => {
    expect(values(text)).toEqual([expected]);
  });

  it.each([
    ['Version 2 Road map'],
    ['I paid 300 dollars on Main Street'],
    ['meet at 14:30 on Baker Street'],
    ['the street is quiet'],
  ])('finds nothing in %j', (text) => {
    expect(values(text)).toEqual([]);
  });
});

/**
 * Common Chinese surnames. Characters that are far more often function words (和, 于, 向, 那,
 * 由, 都, 来, 全, 国…) are left out on purpose: the list gates the cue and honorific rules, and
 * a miss there is the tagger's to catch, while a false hit redacts ordinary words.
 */
const single =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任' +
  '沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武' +
  '戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪' +
  '梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝辛靳柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆农司卓古吉缪褚娄窦戚岑' +
  '景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝' +
  '封匡鞠惠荆乐冀郁胥班储栗燕楚鄢谌奚皮粟冼蔺楼闻厉伊仝郜阚权帅屠朴练廉禹井祖漆巴丰卿狄宣晋芮扈' +
  '晁阙浦戈伏鹿薄邸雍辜裘亓修邰赫杭况宿鲜逯隆茹诸嵇湛宾戎勾茅呼揭尉冶束檀衣昝智幸衡富尧明';

const compound = (
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 ' +
  '独孤 南宫 西门 端木 百里 呼延 万俟 澹台 轩辕 钟离 闻人 申屠 赫连 太史 ' +
  '濮阳 拓跋 司空 东郭 公冶 左丘 宗政'
).split(' ');

const singleSet = new Set(single);
const compoundSet = new Set(compound);

/** Length (2 or 1) of the surname starting at `index` of `text`, or 0 if none does. */
export function surnameLengthAt(text: string, index: number): number {
  if (compoundSet.has(text.slice(index, index + 2))) return 2;
  return singleSet.has(text.charAt(index)) ? 1 : 0;
}

import { describe, expect, it } from 'vitest';
import type { TempDemoBranch } from '../connector/index.js';
import { changeDeliveryAddressTool } from './change-delivery-address.js';
import { runTool } from './run-tool.js';
import type { BranchTool } from './tool.js';
import { context, onDemoBranch } from './tool-test-kit.js';

const newZh = '上海市示例区新地址路 9 号 2 楼';
const newEn = '9 New Road, Sampleton SX9 9ZZ';

let branch: TempDemoBranch;
let tool: BranchTool;

onDemoBranch(changeDeliveryAddressTool, (b, t) => {
  branch = b;
  tool = t;
});

describe('change_delivery_address', () => {
  it('reads only the address among personal data', () => {
    expect(tool.reads).toEqual(['address']);
  });

  it('changes the one open order’s address when no id is given (zh)', async () => {
    const result = await runTool(tool, context('C-1001', 'zh-CN'), { address: newZh });
    expect(result).toEqual({
      ok: true,
      reply: `已为您修改：订单 BL-240001（电热水壶）将送往 ${newZh}，仍预计3月5日星期四送达。`,
      // The reply quotes the new address: the pipeline tokenizes exactly this value.
      mentions: [{ kind: 'address', value: newZh }],
      outcome: { orderId: 'BL-240001', status: 'packed', addressChanged: true },
    });
    expect((await branch.connector.order('C-1001', 'BL-240001'))?.deliveryAddress).toBe(newZh);
  });

  it('changes a named order’s address (en)', async () => {
    const result = await runTool(tool, context('C-1002', 'en'), { orderId: 'BL-240005', address: newEn });
    expect(result.ok).toBe(true);
    expect(result.reply).toBe(
      `Done. Order BL-240005 (Coffee grinder) will now be delivered to ${newEn}, still expected on Friday, March 6.`,
    );
    expect((await branch.connector.order('C-1002', 'BL-240005'))?.deliveryAddress).toBe(newEn);
  });

  it('refuses once the order has shipped, in both languages', async () => {
    const zh = await runTool(tool, context('C-1003', 'zh-CN'), { address: newZh });
    expect(zh).toEqual({
      ok: false,
      reply: '订单 BL-240007 已经发货，收货地址已无法修改。',
      outcome: { reason: 'order_not_changeable', orderId: 'BL-240007', status: 'shipped' },
    });
    const en = await runTool(tool, context('C-1002', 'en'), { orderId: 'BL-240006', address: newEn });
    expect(en.ok).toBe(false);
    expect(en.reply).toBe(
      'Order BL-240006 has already been delivered, so its delivery address can no longer be changed.',
    );
    expect((await branch.connector.order('C-1003', 'BL-240007'))?.deliveryAddress).not.toBe(newZh);
  });

  it('cannot touch another customer’s order: it is not found and stays unchanged', async () => {
    const en = await runTool(tool, context('C-1001', 'en'), { orderId: 'BL-240003', address: newEn });
    expect(en).toEqual({
      ok: false,
      reply: "I couldn't find order BL-240003 on your account. Could you check the order number?",
      outcome: { reason: 'order_not_found', orderId: 'BL-240003' },
    });
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), { orderId: 'BL-240003', address: newZh });
    expect(zh.reply).toBe('您的账户下没有找到订单 BL-240003，请核对一下订单号。');
    expect((await branch.connector.order('C-1002', 'BL-240003'))?.deliveryAddress).toBe(
      '2 Example Street, Sampleton SX1 2AB',
    );
  });

  it('asks which order when several are open, and says so when none is', async () => {
    const several = await runTool(tool, context('C-1007', 'zh-CN'), { address: newZh });
    expect(several.ok).toBe(false);
    expect(several.outcome).toEqual({ reason: 'order_ambiguous', candidates: 'BL-240014,BL-240015' });
    const none = await runTool(tool, context('C-1005', 'en'), { address: newEn });
    expect(none).toEqual({
      ok: false,
      reply: 'You have no orders on the way whose delivery address could be changed.',
      outcome: { reason: 'no_open_order' },
    });
  });

  it('keeps the old and the new address out of the outcome', async () => {
    for (const [ref, locale, address] of [
      ['C-1001', 'zh-CN', newZh],
      ['C-1002', 'en', newEn],
      ['C-1003', 'zh-CN', newZh],
    ] as const) {
      const { outcome } = await runTool(tool, context(ref, locale), { orderId: 'BL-240005', address });
      const again = await runTool(tool, context(ref, locale), { address });
      for (const value of [...branch.personalData(ref), address]) {
        expect(JSON.stringify(outcome)).not.toContain(value);
        expect(JSON.stringify(again.outcome)).not.toContain(value);
      }
    }
  });

  it('refuses a missing or too short address with an ok:false reply', async () => {
    const en = await runTool(tool, context('C-1001', 'en'), { orderId: 'BL-240001' });
    expect(en).toEqual({
      ok: false,
      reply: "Sorry, I couldn't do that (address: Invalid input: expected string, received undefined).",
      outcome: { reason: 'invalid_input', fields: 'address' },
    });
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), { address: ' 1 ' });
    expect(zh.ok).toBe(false);
    expect(zh.reply).toBe('抱歉，这个请求无法处理（address：数值过小：期望 string >=4 字符）。');
    expect((await branch.connector.order('C-1001', 'BL-240001'))?.deliveryAddress).toBe(
      '上海市示例区演示路 1 号 101 室',
    );
  });
});

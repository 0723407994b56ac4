import { describe, expect, it } from 'vitest';
import type { TempDemoBranch } from '../connector/index.js';
import { orderStatusTool } from './order-status.js';
import { runTool } from './run-tool.js';
import type { BranchTool } from './tool.js';
import { context, onDemoBranch } from './tool-test-kit.js';

let branch: TempDemoBranch;
let tool: BranchTool;

onDemoBranch(orderStatusTool, (b, t) => {
  branch = b;
  tool = t;
});

describe('order_status', () => {
  it('answers for the one open order when no id is given', async () => {
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), {});
    expect(zh).toEqual({
      ok: true,
      reply: '您的订单 BL-240001（电热水壶）已打包，正等待快递揽收，预计3月5日星期四送达。',
      outcome: { orderId: 'BL-240001', status: 'packed', expectedDelivery: '2026-03-05' },
    });
    const en = await runTool(tool, context('C-1004', 'en'), {});
    expect(en.reply).toBe(
      'Your order BL-240009 (Washing machine) has been received and is being prepared. It should arrive on Tuesday, March 10.',
    );
  });

  it('answers for a named order, whatever its case and spacing', async () => {
    const en = await runTool(tool, context('C-1002', 'en'), { orderId: ' bl-240004 ' });
    expect(en.ok).toBe(true);
    expect(en.reply).toBe(
      'Your order BL-240004 (Noise-cancelling headphones) is on its way and should arrive on Tuesday, March 3.',
    );
    const zh = await runTool(tool, context('C-1003', 'zh-CN'), { orderId: 'BL-240008' });
    expect(zh.reply).toBe('您的订单 BL-240008（微波炉）已取消。');
  });

  it('asks which one when several orders are open, listing their ids', async () => {
    const en = await runTool(tool, context('C-1002', 'en'), {});
    expect(en.ok).toBe(false);
    expect(en.reply).toBe(
      'You have 3 orders on the way: BL-240003 (Standing desk), BL-240005 (Coffee grinder), and BL-240004 (Noise-cancelling headphones). Which one do you mean?',
    );
    expect(en.outcome).toEqual({ reason: 'order_ambiguous', candidates: 'BL-240003,BL-240005,BL-240004' });
    const zh = await runTool(tool, context('C-1007', 'zh-CN'), {});
    expect(zh.reply).toBe(
      '您有 2 个进行中的订单：BL-240014（扫地机器人）和BL-240015（55 英寸电视机）。请问是哪一个？',
    );
  });

  it('says nothing is on the way and mentions the latest order', async () => {
    const zh = await runTool(tool, context('C-1005', 'zh-CN'), {});
    expect(zh.ok).toBe(true);
    expect(zh.reply).toBe('您目前没有进行中的订单。您的订单 BL-240011（电饭煲）已经送达。');
    const en = await runTool(tool, context('C-1008', 'en'), {});
    expect(en.reply).toBe('You have no orders on the way right now.');
    expect(en.outcome).toEqual({ openOrders: 0, orderId: null, status: null });
  });

  it('reports another customer’s order as not found, in both languages', async () => {
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), { orderId: 'BL-240003' });
    expect(zh).toEqual({
      ok: false,
      reply: '您的账户下没有找到订单 BL-240003，请核对一下订单号。',
      outcome: { reason: 'order_not_found', orderId: 'BL-240003' },
    });
    const en = await runTool(tool, context('C-1001', 'en'), { orderId: 'BL-240003' });
    expect(en.reply).toBe(
      "I couldn't find order BL-240003 on your account. Could you check the order number?",
    );
    expect(en.reply).not.toContain('Standing desk');
  });

  it('keeps personal data out of every outcome', async () => {
    for (const ref of ['C-1001', 'C-1002', 'C-1005']) {
      for (const input of [{}, { orderId: 'BL-240001' }, { orderId: 'BL-240002' }]) {
        const { outcome } = await runTool(tool, context(ref, 'en'), input);
        for (const value of branch.personalData(ref)) expect(JSON.stringify(outcome)).not.toContain(value);
      }
    }
  });

  it('refuses bad input with an ok:false reply', async () => {
    const en = await runTool(tool, context('C-1001', 'en'), { orderId: 240001 });
    expect(en.ok).toBe(false);
    expect(en.reply).toBe(
      "Sorry, I couldn't do that (orderId: Invalid input: expected string, received number).",
    );
    expect(en.outcome).toEqual({ reason: 'invalid_input', fields: 'orderId' });
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), { orderId: '' });
    expect(zh.ok).toBe(false);
    expect(zh.reply).toMatch(/^抱歉，这个请求无法处理（orderId：/);
  });
});

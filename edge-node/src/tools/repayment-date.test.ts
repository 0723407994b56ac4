import { describe, expect, it } from 'vitest';
import type { TempDemoBranch } from '../connector/index.js';
import { repaymentDateTool } from './repayment-date.js';
import { runTool } from './run-tool.js';
import type { BranchTool } from './tool.js';
import { context, onDemoBranch } from './tool-test-kit.js';

let branch: TempDemoBranch;
let tool: BranchTool;

onDemoBranch(repaymentDateTool, (b, t) => {
  branch = b;
  tool = t;
});

describe('repayment_date', () => {
  it('tells the next repayment day and amount (zh)', async () => {
    expect(await runTool(tool, context('C-1001', 'zh-CN'), {})).toEqual({
      ok: true,
      reply: '您的车贷下一期还款为 ¥3,250.00，还款日是3月14日星期六。',
      outcome: { loanId: 'L-5001', product: 'car_loan', dueDate: '2026-03-14', overdue: false },
    });
  });

  it('picks the earliest of several loans (en), called with no arguments at all', async () => {
    const result = await runTool(tool, context('C-1004', 'en'), undefined);
    expect(result.ok).toBe(true);
    expect(result.reply).toBe(
      'Your next instalment plan repayment of CN¥399.00 is due on Thursday, March 5.',
    );
    expect(result.outcome).toMatchObject({ loanId: 'L-5004', dueDate: '2026-03-05' });
  });

  it('says when a repayment is overdue', async () => {
    const zh = await runTool(tool, context('C-1005', 'zh-CN'), {});
    expect(zh.reply).toBe('您的个人贷款有一期 ¥880.00 的还款已于2月28日星期六到期，目前已逾期，请尽快还款。');
    expect(zh.outcome).toMatchObject({ overdue: true });
    const en = await runTool(tool, context('C-1005', 'en'), {});
    expect(en.reply).toBe(
      'Your personal loan repayment of CN¥880.00 was due on Saturday, February 28 and is now overdue. Please pay it as soon as you can.',
    );
  });

  it('answers ok:false for a customer without a loan', async () => {
    const en = await runTool(tool, context('C-1002', 'en'), {});
    expect(en).toEqual({
      ok: false,
      reply: "I can't find a loan with repayments on your account.",
      outcome: { reason: 'no_loan' },
    });
    const zh = await runTool(tool, context('C-1008', 'zh-CN'), {});
    expect(zh.reply).toBe('您的账户下没有找到需要还款的贷款。');
  });

  it('keeps personal data and the amount out of the outcome', async () => {
    for (const ref of ['C-1001', 'C-1003', 'C-1004', 'C-1005', 'C-1007']) {
      const { outcome } = await runTool(tool, context(ref, 'en'), {});
      const json = JSON.stringify(outcome);
      for (const value of branch.personalData(ref)) expect(json).not.toContain(value);
      expect(Object.keys(outcome)).not.toContain('amountDueMinor');
    }
  });

  it('refuses input that is not an object with an ok:false reply', async () => {
    const result = await runTool(tool, context('C-1001', 'en'), 'when is my repayment');
    expect(result.ok).toBe(false);
    expect(result.outcome).toEqual({ reason: 'invalid_input', fields: '(input)' });
    expect(result.reply).toBe("Sorry, I couldn't do that (Invalid input: expected object, received string).");
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), 42);
    expect(zh.ok).toBe(false);
    expect(zh.reply).toMatch(/^抱歉，这个请求无法处理（/);
  });
});

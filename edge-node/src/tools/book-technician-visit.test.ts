import { describe, expect, it } from 'vitest';
import type { TempDemoBranch } from '../connector/index.js';
import { bookTechnicianVisitTool } from './book-technician-visit.js';
import { runTool } from './run-tool.js';
import type { BranchTool } from './tool.js';
import { context, onDemoBranch } from './tool-test-kit.js';

let branch: TempDemoBranch;
let tool: BranchTool;

onDemoBranch(bookTechnicianVisitTool, (b, t) => {
  branch = b;
  tool = t;
});

describe('book_technician_visit', () => {
  it('books a free slot and gives the booking reference (zh)', async () => {
    const result = await runTool(tool, context('C-1001', 'zh-CN'), {
      date: '2026-03-03',
      slot: 'morning',
      topic: 'repair',
    });
    expect(result).toEqual({
      ok: true,
      reply: '已为您预约：技术员将于3月3日星期二上午上门维修，预约编号 V-3005。',
      outcome: { visitId: 'V-3005', date: '2026-03-03', slot: 'morning', topic: 'repair' },
    });
  });

  it('books a free slot (en)', async () => {
    const result = await runTool(tool, context('C-1002', 'en'), {
      date: '2026-05-01',
      slot: 'afternoon',
      topic: 'installation',
    });
    expect(result.ok).toBe(true);
    expect(result.reply).toBe(
      'Booked: a technician will come on Friday, May 1 in the afternoon to do the installation. Your booking reference is V-3005.',
    );
  });

  it('never books a taken slot, and offers the other half of the day when it is free', async () => {
    const en = await runTool(tool, context('C-1001', 'en'), {
      date: '2026-03-16',
      slot: 'morning',
      topic: 'repair',
    });
    expect(en).toEqual({
      ok: false,
      reply:
        'Sorry, the morning of Monday, March 16 is already taken, but the afternoon is free. Shall I book that instead?',
      outcome: { reason: 'slot_taken', date: '2026-03-16', slot: 'morning', otherSlotFree: true },
    });
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), {
      date: '2026-03-16',
      slot: 'morning',
      topic: 'repair',
    });
    expect(zh.reply).toBe('抱歉，3月16日星期一上午已约满，当天下午还有空，需要帮您改约吗？');
  });

  it('asks for another day when both slots are taken, even for the customer who holds one', async () => {
    const zh = await runTool(tool, context('C-1007', 'zh-CN'), {
      date: '2026-03-09',
      slot: 'afternoon',
      topic: 'repair',
    });
    expect(zh.ok).toBe(false);
    expect(zh.reply).toBe('抱歉，3月9日星期一已全部约满，请换一天。');
    const en = await runTool(tool, context('C-1001', 'en'), {
      date: '2026-03-09',
      slot: 'morning',
      topic: 'repair',
    });
    expect(en.reply).toBe('Sorry, Monday, March 9 is fully booked. Could you pick another day?');
  });

  it('refuses today, the past and beyond 60 days, naming the window', async () => {
    for (const date of ['2026-03-02', '2026-01-15', '2026-05-02']) {
      const en = await runTool(tool, context('C-1001', 'en'), { date, slot: 'morning', topic: 'repair' });
      expect(en).toEqual({
        ok: false,
        reply: 'I can book visits from Tuesday, March 3 to Friday, May 1. Which day in that range suits you?',
        outcome: { reason: 'date_out_of_range', date, earliestDay: '2026-03-03', latestDay: '2026-05-01' },
      });
    }
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), {
      date: '2026-03-02',
      slot: 'morning',
      topic: 'repair',
    });
    expect(zh.reply).toBe('上门服务可预约3月3日星期二至5月1日星期五之间的日期，请问您哪天方便？');
  });

  it('keeps personal data out of the outcome', async () => {
    const booked = await runTool(tool, context('C-1004', 'en'), {
      date: '2026-03-20',
      slot: 'morning',
      topic: 'repair',
    });
    const taken = await runTool(tool, context('C-1004', 'en'), {
      date: '2026-03-20',
      slot: 'morning',
      topic: 'repair',
    });
    for (const { outcome } of [booked, taken]) {
      for (const value of branch.personalData('C-1004')) expect(JSON.stringify(outcome)).not.toContain(value);
    }
  });

  it('refuses a malformed date, slot or topic with an ok:false reply', async () => {
    const en = await runTool(tool, context('C-1001', 'en'), {
      date: '2026-02-30',
      slot: 'evening',
      topic: 'repair',
    });
    expect(en.ok).toBe(false);
    expect(en.outcome).toEqual({ reason: 'invalid_input', fields: 'date,slot' });
    expect(en.reply).toBe(
      'Sorry, I couldn\'t do that (date: Invalid ISO date; slot: Invalid option: expected one of "morning"|"afternoon").',
    );
    const zh = await runTool(tool, context('C-1001', 'zh-CN'), { date: 'next Tuesday', slot: 'morning' });
    expect(zh.ok).toBe(false);
    expect(zh.outcome).toEqual({ reason: 'invalid_input', fields: 'date,topic' });
    expect(zh.reply).toMatch(/^抱歉，这个请求无法处理（date：无效ISO日期；topic：/);
  });
});

import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTempDemoBranch, type TempDemoBranch } from '../connector/index.js';
import { createBranchTools } from './create-branch-tools.js';
import { runTool } from './run-tool.js';
import type { BranchTool, ToolContext } from './tool.js';

const today = '2026-03-02';
let branch: TempDemoBranch;
let lines: string[];
let context: ToolContext;

beforeEach(() => {
  branch = createTempDemoBranch(today);
  lines = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
  context = { customerRef: 'C-1001', locale: 'en', conversationId: 'conv-7', log };
});

afterEach(() => {
  branch.close();
});

function tool(name: string): BranchTool {
  const found = createBranchTools(branch.connector).get(name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

describe('createBranchTools', () => {
  it('offers the four tools by name, each with a schema a model can be given', () => {
    const tools = createBranchTools(branch.connector);
    expect([...tools.keys()]).toEqual([
      'order_status',
      'change_delivery_address',
      'repayment_date',
      'book_technician_visit',
    ]);
    for (const t of tools.values()) {
      expect(z.toJSONSchema(t.input)).toMatchObject({ type: 'object' });
      expect(t.reads).toEqual(t.name === 'change_delivery_address' ? ['address'] : []);
    }
  });
});

describe('runTool', () => {
  it('logs the tool, conversation and outcome, never the customer’s data', async () => {
    const address = '上海市示例区新地址路 9 号';
    const result = await runTool(tool('change_delivery_address'), context, { address });
    expect(result.ok).toBe(true);
    const entry = JSON.parse(lines.at(-1) ?? '{}');
    expect(entry).toMatchObject({
      tool: 'change_delivery_address',
      conversationId: 'conv-7',
      ok: true,
      outcome: { orderId: 'BL-240001' },
    });
    const logged = lines.join('');
    for (const value of [...branch.personalData('C-1001'), address]) expect(logged).not.toContain(value);
  });

  it('logs only the field names of rejected input, not its values', async () => {
    const result = await runTool(tool('change_delivery_address'), context, { orderId: 7, address: 'x' });
    expect(result.ok).toBe(false);
    expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({
      tool: 'change_delivery_address',
      fields: ['orderId', 'address'],
    });
    expect(lines).toHaveLength(1);
  });

  it('does not run the tool at all on bad input', async () => {
    await runTool(tool('book_technician_visit'), context, {
      date: '2026-03-03',
      slot: 'night',
      topic: 'repair',
    });
    expect(await branch.connector.isSlotFree('2026-03-03', 'morning')).toBe(true);
    expect(await branch.connector.isSlotFree('2026-03-03', 'afternoon')).toBe(true);
  });

  it('lets faults that no customer can cause propagate', async () => {
    branch.db.$client.close();
    await expect(runTool(tool('order_status'), context, {})).rejects.toThrow(/not open/);
  });
});

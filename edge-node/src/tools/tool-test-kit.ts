import { pino } from 'pino';
import { afterEach, beforeEach } from 'vitest';
import { type BranchConnector, createTempDemoBranch, type TempDemoBranch } from '../connector/index.js';
import type { BranchTool, ToolContext, ToolLocale } from './tool.js';

/** The fixed calendar the tool tests run on. */
export const today = '2026-03-02';
const log = pino({ level: 'silent' });

export const context = (customerRef: string, locale: ToolLocale): ToolContext => ({
  customerRef,
  locale,
  conversationId: 'conv-1',
  log,
});

/** Gives each test a fresh seeded demo branch and the tool under test, and closes it after. */
export function onDemoBranch(
  makeTool: (connector: BranchConnector) => BranchTool,
  use: (branch: TempDemoBranch, tool: BranchTool) => void,
): void {
  let branch: TempDemoBranch | undefined;
  beforeEach(() => {
    branch = createTempDemoBranch(today);
    use(branch, makeTool(branch.connector));
  });
  afterEach(() => {
    branch?.close();
  });
}

import { BranchlineError } from '@branchline/shared';

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `30m`, `24h`, `7d` -> seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (!match?.[1] || !match[2]) {
    throw new BranchlineError('invalid_argument', `"${text}" is not a duration like 90s, 30m, 24h or 7d`);
  }
  return Number(match[1]) * (units[match[2]] ?? 1);
}

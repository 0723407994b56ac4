import { BranchlineError } from '@branchline/shared';

export type LabelSelector = Record<string, string>;

/** `region=north,size=m` (every pair must match); an empty selector matches every edge. */
export function parseSelector(text: string): LabelSelector {
  const selector: LabelSelector = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([a-z][a-z0-9_.-]{0,62})=([A-Za-z0-9_.-]{1,63})$/.exec(part);
    if (!match?.[1] || match[2] === undefined)
      throw new BranchlineError('invalid_argument', `selector: "${part}" is not key=value`);
    selector[match[1]] = match[2];
  }
  return selector;
}

export const matches = (selector: LabelSelector, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

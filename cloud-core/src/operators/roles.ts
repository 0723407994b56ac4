import { BranchlineError } from '@branchline/shared';

/**
 * What an operator may do, each role including the ones before it: a viewer reads, an agent also
 * talks to customers as a central overflow agent, an operator also changes what runs on the fleet,
 * an admin also decides who may do so and which edges join.
 */
export const roles = ['viewer', 'agent', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function parseRole(value: string): Role {
  if (!isRole(value))
    throw new BranchlineError('invalid_argument', `role: one of ${roles.join(', ')}, not "${value}"`);
  return value;
}

/** Whether `role` may do what `needed` may. */
export function atLeast(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed);
}

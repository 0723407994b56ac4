import { describe, expect, it } from 'vitest';
import { atLeast, parseRole } from './roles.js';

describe('operator roles', () => {
  it('lets each role do what the roles below it do, and no more', () => {
    expect(atLeast('admin', 'operator')).toBe(true);
    expect(atLeast('operator', 'operator')).toBe(true);
    expect(atLeast('operator', 'viewer')).toBe(true);
    expect(atLeast('viewer', 'operator')).toBe(false);
    expect(atLeast('operator', 'admin')).toBe(false);
    expect(atLeast('agent', 'viewer')).toBe(true);
    expect(atLeast('agent', 'operator')).toBe(false);
    expect(atLeast('operator', 'agent')).toBe(true);
  });

  it('names the roles there are when given another', () => {
    expect(parseRole('viewer')).toBe('viewer');
    expect(() => parseRole('root')).toThrow('role: one of viewer, agent, operator, admin, not "root"');
  });
});

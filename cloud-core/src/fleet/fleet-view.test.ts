import { describe, expect, it } from 'vitest';
import { edgeStatus } from './fleet-view.js';

describe('edgeStatus', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('is online within three heartbeat intervals, stale within twelve, then offline', () => {
    expect(edgeStatus(ago(14_000), 5000, now)).toBe('online');
    expect(edgeStatus(ago(16_000), 5000, now)).toBe('stale');
    expect(edgeStatus(ago(61_000), 5000, now)).toBe('offline');
  });

  it('is offline for an edge that never sent a heartbeat', () => {
    expect(edgeStatus(undefined, 5000, now)).toBe('offline');
  });
});

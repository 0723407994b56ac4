import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from './load-config.js';
import { labelsSchema, portSchema } from './parsers.js';

const schema = z.object({ port: portSchema.default(8080), labels: labelsSchema.default({}) });
const mapping = { port: 'TEST_PORT', labels: 'TEST_LABELS' };

describe('loadConfig', () => {
  it('takes defaults, then env', () => {
    expect(loadConfig(schema, mapping, {})).toEqual({ port: 8080, labels: {} });
    expect(loadConfig(schema, mapping, { TEST_PORT: '9000', TEST_LABELS: 'region=north, size=s' })).toEqual({
      port: 9000,
      labels: { region: 'north', size: 's' },
    });
  });

  it('names the env var of a bad value', () => {
    expect(() => loadConfig(schema, mapping, { TEST_PORT: 'eighty' })).toThrow(/TEST_PORT \(port\)/);
    expect(() => loadConfig(schema, mapping, { TEST_LABELS: 'region' })).toThrow(
      /TEST_LABELS.*not key=value/,
    );
  });
});

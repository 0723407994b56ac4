import { describe, expect, it } from 'vitest';
import { defaultOptions, parseLoadtestOptions } from './options.js';

describe('parseLoadtestOptions', () => {
  it('reads the flags of the issue and keeps defaults for the rest', () => {
    const options = parseLoadtestOptions([
      '--edges',
      '3',
      '--customers',
      '200',
      '--rate',
      '2.5',
      '--duration',
      '20',
    ]);
    expect(options).toEqual({ ...defaultOptions, edges: 3, customers: 200, rate: 2.5, durationSeconds: 20 });
  });

  it('reads the optional flags', () => {
    const options = parseLoadtestOptions([
      '--workers=2',
      '--ai-slots',
      '6',
      '--model-latency-ms',
      '900',
      '--seed',
      '7',
      '--out',
      '/tmp/burst.json',
    ]);
    expect(options).toMatchObject({
      workers: 2,
      aiSlots: 6,
      modelLatencyMs: 900,
      seed: 7,
      out: '/tmp/burst.json',
    });
    expect(parseLoadtestOptions(['--matrix']).matrix).toBe(true);
  });

  it.each([
    [['--edges', 'two'], '--edges must be a whole number, not "two"'],
    [['--edges', '1.5'], '--edges must be a whole number, not "1.5"'],
    [['--edges', '0'], '--edges must be a whole number from 1 to 16, not 0'],
    [['--rate', ''], '--rate must be a number, not ""'],
    [['--rate=-1'], '--rate must be a number from 0.01 to 1000, not -1'],
    [['--duration', 'soon'], '--duration must be a number, not "soon"'],
    [['--workers=-2'], '--workers must be a whole number from 0 to 64, not -2'],
    [['--out', ' '], '--out must name a file'],
    [['--matrix', '--workers', '2'], '--workers is for a single run'],
  ])('refuses %j, naming the flag', (args, message) => {
    expect(() => parseLoadtestOptions(args)).toThrow(message);
  });

  it('refuses unknown flags, missing values and stray words', () => {
    expect(() => parseLoadtestOptions(['--edge', '2'])).toThrow("Unknown option '--edge'");
    expect(() => parseLoadtestOptions(['--rate'])).toThrow("Option '--rate <value>' argument missing");
    expect(() => parseLoadtestOptions(['fast'])).toThrow(/Unexpected argument 'fast'/);
    expect(() => parseLoadtestOptions(['--rate', '-1'])).toThrow("Option '--rate' argument is ambiguous");
  });

  it('throws invalid_argument, which the runner turns into exit code 2', () => {
    expect(() => parseLoadtestOptions(['--seed', 'x'])).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});

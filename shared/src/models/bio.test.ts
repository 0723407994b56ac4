import { describe, expect, it } from 'vitest';
import { bioLabels, spansFromBio, viterbiBio } from './bio.js';

describe('BIO decoding', () => {
  const labels = bioLabels(['name']); // O, B-name, I-name

  it('never starts an entity with I-, which plain argmax would', () => {
    // char 0 looks most like I-name, but I-name cannot follow the start of the text.
    const probs = Float32Array.from([0.3, 0.2, 0.5, 0.1, 0.1, 0.8, 0.9, 0.05, 0.05]);
    const tags = viterbiBio(probs, 3, labels);
    expect(tags[0]).not.toBe('I-name');
    expect(spansFromBio(tags).every((s) => s.end > s.start)).toBe(true);
  });

  it('turns tags into spans', () => {
    expect(spansFromBio(['B-name', 'I-name', 'O', 'B-address', 'I-address', 'I-address'])).toEqual([
      { type: 'name', start: 0, end: 2 },
      { type: 'address', start: 3, end: 6 },
    ]);
  });
});

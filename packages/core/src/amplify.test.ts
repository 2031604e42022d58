import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amplify, amplifyComplement, DEFAULT_AMPLIFICATION, PAPER_AMPLIFICATION, sigmoid } from './amplify.js';

describe('amplify', () => {
  it('is 0.5 at p = 0.5 and defaults to L = 10 (the recipe study’s choice; the paper’s 73 is PAPER_AMPLIFICATION)', () => {
    expect(amplify(0.5)).toBe(0.5);
    expect(DEFAULT_AMPLIFICATION).toBe(10); // docs/reproduction/recipe: chosen for core's logistic unit and MLP
    expect(PAPER_AMPLIFICATION).toBe(73); // the AnyLoss paper (Han, Moniz & Chawla, KDD 2024)
    expect(amplify(0.7)).toBe(amplify(0.7, 10));
  });

  it("A(1) < 1 at L = 73 (the paper's value: the largest integer for which A never reaches 1 in float64; docs/concepts/numerics.md)", () => {
    expect(amplify(1, 73)).toBeLessThan(1);
    expect(amplify(1, 75)).toBe(1);
  });

  it('is symmetric, monotone, and A + (1 − A) = 1 without cancellation', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 200, noNaN: true }), (p, L) => {
        expect(amplify(p, L)).toBeCloseTo(1 - amplify(1 - p, L), 14);
        expect(amplify(p, L) + amplifyComplement(p, L)).toBeCloseTo(1, 15);
        expect(amplifyComplement(p, L)).toBe(amplify(1 - p, L) === 0 ? 0 : amplifyComplement(p, L));
        expect(amplify(Math.min(1, p + 0.01), L)).toBeGreaterThanOrEqual(amplify(p, L));
      }),
    );
  });

  it('predicts positive exactly when p > 0.5', () => {
    expect(amplify(0.5 + 1e-12) > 0.5).toBe(true);
    expect(amplify(0.5 - 1e-12) < 0.5).toBe(true);
  });

  it.each([Number.NaN, -0.1, 1.1, '0.5'])('rejects probability %s', (p) => {
    expect(() => amplify(p as number)).toThrow(expect.objectContaining({ code: 'INVALID_PROBABILITY', argument: 'probability' }));
  });

  it.each([0, -1, Infinity, Number.NaN])('rejects amplification %s', (L) => {
    expect(() => amplify(0.5, L)).toThrow(expect.objectContaining({ code: 'INVALID_AMPLIFICATION' }));
  });

  it('sigmoid never overflows', () => {
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-745)).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { pairedPermutationPValue } from './analysis.js';

describe('pairedPermutationPValue', () => {
  it('matches hand-counted sign-flip distributions', () => {
    // Differences 1, 1, 1: only the all-plus and all-minus patterns of 2³ reach |sum| = 3 → 2/8.
    expect(pairedPermutationPValue([2, 2, 2], [1, 1, 1])).toBe(0.25);
    // Differences 1, −1: every pattern has |sum| ≥ 0 = observed → 1 (no difference at all).
    expect(pairedPermutationPValue([1, 0], [0, 1])).toBe(1);
    // Differences 3, 1: |sum| ∈ {4, 2, 2, 4}, observed 4 → 2/4.
    expect(pairedPermutationPValue([3, 1], [0, 0])).toBe(0.5);
  });
});

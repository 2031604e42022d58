import { expect } from 'vitest';

/** How close {@link expectClose} requires two arrays to be: |actual_i − expected_i| ≤ absolute + relative·scale. */
export interface CloseTolerance {
  /** Relative to the scale: the largest |expected_i| (and |actual_i| with `scaleOfBoth`). */
  readonly relative: number;
  /** Absolute floor; default 0. */
  readonly absolute?: number;
  /** The smallest scale used (a floor for all-zero references); default 0. */
  readonly minimumScale?: number;
  /** Take the scale over both arrays, not only the expected one; default false. */
  readonly scaleOfBoth?: boolean;
}

/**
 * Checks that two arrays have the same length and agree element-wise within `tolerance`, relative to the largest
 * magnitude (so that a gradient's small entries are judged on the gradient's scale, not their own).
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: CloseTolerance): void {
  expect(actual.length).toBe(expected.length);
  const { relative, absolute = 0, minimumScale = 0, scaleOfBoth = false } = tolerance;
  let scale = minimumScale;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] ?? Number.NaN));
  if (scaleOfBoth) for (let i = 0; i < actual.length; i++) scale = Math.max(scale, Math.abs(actual[i] ?? Number.NaN));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? Number.NaN)), `element ${i}`).toBeLessThanOrEqual(
      relative * scale + absolute,
    );
  }
}

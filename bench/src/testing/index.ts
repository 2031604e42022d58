// Test support (not part of the CLI): central differences and a tolerance check, shared by the gradient tests.
import { expect } from 'vitest';

/** Central differences of `f` at `x`, one coordinate at a time (x is restored after each). */
export function numericGradient(f: (x: Float64Array) => number, x: Float64Array, step: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const saved = x[k] as number;
    x[k] = saved + step;
    const up = f(x);
    x[k] = saved - step;
    const down = f(x);
    x[k] = saved;
    out[k] = (up - down) / (2 * step);
  }
  return out;
}

/** Every element within 1e-5 of the largest expected magnitude (at least 1e-3). */
export function expectClose(actual: Float64Array, expected: Float64Array): void {
  const scale = Math.max(1e-3, ...[...expected].map(Math.abs));
  for (let k = 0; k < actual.length; k++) expect(Math.abs((actual[k] as number) - (expected[k] as number))).toBeLessThan(1e-5 * scale);
}

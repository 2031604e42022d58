/**
 * Central differences of `f` at `x`: `(f(x + h·e_i) − f(x − h·e_i)) / 2h` for every coordinate i, with h = `step` — the
 * reference every analytic gradient in the tests is checked against. `f` is called on a working copy of `x` (of the
 * same type) in which one coordinate at a time is moved; `x` itself is never written.
 */
export function numericGradient<T extends number[] | Float64Array>(f: (x: T) => number, x: T, step: number): Float64Array {
  const point = x.slice() as T;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const saved = point[i] as number;
    point[i] = saved + step;
    const up = f(point);
    point[i] = saved - step;
    const down = f(point);
    point[i] = saved;
    out[i] = (up - down) / (2 * step);
  }
  return out;
}

/** The largest |actual_i − expected_i|, relative to the largest |expected_i| (NaN when any entry is NaN). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs((actual[i] ?? Number.NaN) - (expected[i] ?? Number.NaN)));
    scale = Math.max(scale, Math.abs(expected[i] ?? Number.NaN));
  }
  return difference / scale;
}

import { describe, expect, it } from 'vitest';
import { fitStandardizer, standardizeRows } from './standardize.js';

describe('standardisation', () => {
  const features = [
    Float64Array.of(1, 5),
    Float64Array.of(3, 5),
    Float64Array.of(5, 5),
    Float64Array.of(1000, -1000), // a test row with extreme values
  ];

  it('fits mean and population standard deviation on the training rows only', () => {
    const s = fitStandardizer(features, [0, 1, 2]);
    // Hand-computed: mean of 1, 3, 5 is 3; population variance (4 + 0 + 4)/3 = 8/3.
    expect(s.mean[0]).toBeCloseTo(3, 12);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    // Constant training column: scale 1, so it maps to 0 instead of dividing by zero.
    expect(s.mean[1]).toBe(5);
    expect(s.scale[1]).toBe(1);
  });

  it('does not change when test rows change (no leak)', () => {
    const a = fitStandardizer(features, [0, 1, 2]);
    const changed = [...features.slice(0, 3), Float64Array.of(-1e9, 1e9)];
    const b = fitStandardizer(changed, [0, 1, 2]);
    expect([...a.mean]).toEqual([...b.mean]);
    expect([...a.scale]).toEqual([...b.scale]);
  });

  it('standardises training rows to mean 0, sd 1 and applies the same map to test rows', () => {
    const s = fitStandardizer(features, [0, 1, 2]);
    const train = standardizeRows(features, [0, 1, 2], s);
    const column = [train[0], train[2], train[4]] as number[];
    expect(column.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(column.reduce((a, b) => a + b * b, 0) / 3).toBeCloseTo(1, 12);
    const test = standardizeRows(features, [3], s);
    expect(test[0]).toBeCloseTo((1000 - 3) / Math.sqrt(8 / 3), 9);
    expect(test[1]).toBe(-1005);
  });
});

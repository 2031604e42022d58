import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stratifiedKFold } from './folds.js';

describe('stratifiedKFold', () => {
  it('partitions the rows: test folds are disjoint, cover every row, and train = complement', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 10, maxLength: 200 }), fc.integer({ min: 2, max: 10 }), fc.integer(), (labels, k, seed) => {
        const folds = stratifiedKFold(labels, k, seed);
        expect(folds).toHaveLength(k);
        const seen = new Int32Array(labels.length);
        for (const fold of folds) {
          for (const row of fold.test) seen[row] = (seen[row] as number) + 1;
          expect(fold.train.length + fold.test.length).toBe(labels.length);
          const test = new Set(fold.test);
          for (const row of fold.train) expect(test.has(row)).toBe(false);
        }
        expect([...seen].every((count) => count === 1)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps class proportions: every test fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 20, maxLength: 300 }), fc.integer({ min: 2, max: 10 }), fc.integer(), (labels, k, seed) => {
        const folds = stratifiedKFold(labels, k, seed);
        for (const label of [0, 1, 2]) {
          const total = labels.filter((l) => l === label).length;
          for (const fold of folds) {
            const inFold = [...fold.test].filter((row) => labels[row] === label).length;
            expect(inFold).toBeGreaterThanOrEqual(Math.floor(total / k));
            expect(inFold).toBeLessThanOrEqual(Math.ceil(total / k));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const a = stratifiedKFold(labels, 5, 1);
    const b = stratifiedKFold(labels, 5, 1);
    const c = stratifiedKFold(labels, 5, 2);
    expect(a.map((f) => [...f.test])).toEqual(b.map((f) => [...f.test]));
    expect(a.map((f) => [...f.test])).not.toEqual(c.map((f) => [...f.test]));
  });

  it('rejects a bad k', () => {
    expect(() => stratifiedKFold([0, 1, 0], 1, 0)).toThrow(/folds must be an integer between 2/);
    expect(() => stratifiedKFold([0, 1, 0], 4, 0)).toThrow(/folds must be/);
    expect(() => stratifiedKFold([0, 1, 0, 1], 2.5, 0)).toThrow(/folds must be/);
  });
});

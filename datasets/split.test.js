import fc from 'fast-check';
import { catchAnyLossError } from '@anyloss/test-utils';
import { describe, expect, it } from 'vitest';
import { loadDataset } from './index.js';
import {
  fitStandardizer,
  inputOutputRows,
  shuffleInPlace,
  standardizeRows,
  stratifiedHoldout,
  stratifiedHoldoutPerClass,
  stratifiedKFold,
} from './split.js';

describe('stratifiedKFold', () => {
  it('partitions the rows: test folds are disjoint, cover every row, and train = complement', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 10, maxLength: 200 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer(),
        (labels, k, seed) => {
          const folds = stratifiedKFold(labels, k, seed);
          expect(folds).toHaveLength(k);
          const seen = new Int32Array(labels.length);
          for (const fold of folds) {
            for (const row of fold.test) seen[row] += 1;
            expect(fold.train.length + fold.test.length).toBe(labels.length);
            const test = new Set(fold.test);
            for (const row of fold.train) expect(test.has(row)).toBe(false);
          }
          expect([...seen].every((count) => count === 1)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps class proportions: every test fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each class', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 20, maxLength: 300 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer(),
        (labels, k, seed) => {
          const folds = stratifiedKFold(labels, k, seed);
          for (const label of [0, 1, 2]) {
            const total = labels.filter((l) => l === label).length;
            for (const fold of folds) {
              const inFold = [...fold.test].filter((row) => labels[row] === label).length;
              expect(inFold).toBeGreaterThanOrEqual(Math.floor(total / k));
              expect(inFold).toBeLessThanOrEqual(Math.ceil(total / k));
            }
          }
        },
      ),
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

  it('gives the folds the benchmark has always used (its results depend on them)', () => {
    // Expected values: printed by bench/src/folds.ts at commit f64f1c9, before the split moved here.
    const folds = stratifiedKFold(loadDataset('weka-glass-containers-vs-rest').labels, 5, 42);
    expect(folds.map((fold) => fold.test.length)).toEqual([43, 43, 43, 43, 42]);
    expect([...(folds[0]?.test ?? [])]).toEqual([
      1, 10, 11, 12, 15, 26, 29, 31, 32, 41, 42, 50, 55, 77, 91, 96, 97, 108, 114, 116, 122, 124, 127, 129, 130, 132, 136, 138, 141, 143,
      153, 156, 158, 159, 161, 162, 168, 169, 183, 191, 195, 202, 206,
    ]);
    expect([...(stratifiedKFold(loadDataset('weka-glass').labels, 3, 7)[2]?.test.slice(0, 12) ?? [])]).toEqual([
      1, 2, 4, 6, 8, 10, 12, 16, 20, 22, 29, 31,
    ]);
  });

  it('rejects a bad k, label or seed', () => {
    expect(() => stratifiedKFold([0, 1, 0], 1, 0)).toThrow(/folds must be an integer between 2/);
    expect(() => stratifiedKFold([0, 1, 0], 4, 0)).toThrow(/folds must be/);
    expect(() => stratifiedKFold([0, 1, 0, 1], 2.5, 0)).toThrow(/folds must be/);
    expect(catchAnyLossError(() => stratifiedKFold([0, 1, 0], 1, 0))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: 'folds',
      value: 1,
    });
    expect(catchAnyLossError(() => stratifiedKFold([0, 1, -1, 1], 2, 0))).toMatchObject({
      code: 'INVALID_LABEL',
      argument: 'labels',
      index: 2,
      value: -1,
    });
    expect(catchAnyLossError(() => stratifiedKFold([0, 1, 0.5, 1], 2, 0))).toMatchObject({ code: 'INVALID_LABEL', index: 2 });
    expect(catchAnyLossError(() => stratifiedKFold('0101', 2, 0))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'labels' });
    expect(catchAnyLossError(() => stratifiedKFold([0, 1, 0, 1], 2, Number.NaN))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'seed',
    });
  });
});

describe('stratifiedHoldout', () => {
  it('holds out round(n_c · testShare) rows of every class, and train and test partition the rows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0, max: 0.95, noNaN: true }),
        fc.integer(),
        (labels, testShare, seed) => {
          const { train, test } = stratifiedHoldout(labels, { testShare, seed });
          expect([...train, ...test].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
          for (const label of new Set(labels)) {
            const size = labels.filter((l) => l === label).length;
            expect([...test].filter((row) => labels[row] === label)).toHaveLength(Math.round(size * testShare));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('lists the rows class by class; with a seed, the shuffle is the k-fold shuffle of that seed', () => {
    const labels = loadDataset('weka-glass').labels;
    const { train, test } = stratifiedHoldout(labels, { testShare: 0.3, seed: 2 });
    const classOrder = (rows) => [...rows].map((row) => labels[row]);
    expect(classOrder(test)).toEqual([...classOrder(test)].sort((a, b) => a - b));
    expect(classOrder(train)).toEqual([...classOrder(train)].sort((a, b) => a - b));
    // Expected values: the test rows and the first training rows of the split @anyloss/brain's tests and sweeps used
    // (packages/brain/src/test-support.ts and bench/data.mjs at commit f64f1c9: splitDataset('weka-glass', 2)).
    expect([...test]).toEqual([
      20, 100, 176, 77, 161, 36, 172, 55, 83, 92, 135, 45, 190, 165, 187, 119, 57, 48, 201, 66, 125, 195, 85, 101, 168, 17, 149, 200, 68,
      42, 37, 110, 148, 9, 116, 21, 122, 10, 159, 137, 120, 164, 197, 15, 114, 67, 14, 1, 58, 134, 109, 143, 178, 32, 72, 192, 90, 54, 162,
      111, 107, 113, 104, 185, 126,
    ]);
    expect([...train.slice(0, 20)]).toEqual([74, 64, 121, 208, 61, 23, 52, 81, 95, 87, 142, 79, 166, 112, 186, 133, 7, 50, 62, 138]);
    expect(train).toHaveLength(149);
  });

  it('per class: every class draws from its own generator, and the training rows are shuffled', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 150 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        fc.integer(),
        (labels, testShare, seed) => {
          const { train, test } = stratifiedHoldoutPerClass(labels, { testShare, seed });
          expect([...train, ...test].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
          for (const label of new Set(labels)) {
            const size = labels.filter((l) => l === label).length;
            expect([...test].filter((row) => labels[row] === label)).toHaveLength(Math.round(size * testShare));
          }
        },
      ),
      { numRuns: 60 },
    );
    // A class's held-out rows do not depend on the other classes' sizes (its own generator).
    const small = stratifiedHoldoutPerClass([0, 0, 0, 0, 0, 0, 1, 1], { testShare: 0.5, seed: 4 });
    const large = stratifiedHoldoutPerClass([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], { testShare: 0.5, seed: 4 });
    expect([...small.test].filter((row) => row < 6)).toEqual([...large.test].filter((row) => row < 6));
    // Expected values: loadSplit('ddalpha-bloodtransfusion', { seed: 3 }) of packages/tfjs/bench/common.mjs at commit
    // f64f1c9 (the split of the tfjs real-data tests and sweeps): the first test rows and the first training rows.
    const blood = stratifiedHoldoutPerClass(loadDataset('ddalpha-bloodtransfusion').labels, { testShare: 0.3, seed: 3 });
    expect([...blood.test.slice(0, 20)]).toEqual([
      53, 383, 156, 71, 716, 696, 441, 584, 425, 248, 488, 446, 419, 499, 413, 477, 587, 683, 259, 534,
    ]);
    expect([...blood.train.slice(0, 20)]).toEqual([
      187, 309, 727, 133, 154, 263, 465, 27, 59, 255, 694, 295, 630, 489, 374, 680, 439, 493, 351, 616,
    ]);
    expect([blood.test.length, blood.train.length]).toEqual([224, 524]);
  });

  it('holds out nothing at testShare 0', () => {
    const { train, test } = stratifiedHoldout([0, 1, 1, 0], { testShare: 0, seed: 1 });
    expect(test).toHaveLength(0);
    expect([...train].sort()).toEqual([0, 1, 2, 3]);
  });

  it('rejects bad options', () => {
    expect(catchAnyLossError(() => stratifiedHoldout([0, 1], { testShare: 1, seed: 1 }))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: 'options.testShare',
      value: 1,
    });
    expect(catchAnyLossError(() => stratifiedHoldout([0, 1], { testShare: -0.1, seed: 1 }))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: 'options.testShare',
    });
    expect(catchAnyLossError(() => stratifiedHoldout([0, 1], { testShare: Number.NaN, seed: 1 }))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: 'options.testShare',
    });
    expect(catchAnyLossError(() => stratifiedHoldout([0, 1], { testShare: 0.3 }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'options.seed',
    });
    expect(catchAnyLossError(() => stratifiedHoldoutPerClass([0, 1], { testShare: 2, seed: 1 }))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: 'options.testShare',
    });
    expect(catchAnyLossError(() => stratifiedHoldout([0, 1], { testShare: 0.3, sed: 1 }))).toMatchObject({
      code: 'UNKNOWN_OPTION',
      argument: 'options.sed',
    });
    expect(catchAnyLossError(() => stratifiedHoldoutPerClass([0, 1], { testShare: 0.3, seed: 1, order: 'x' }))).toMatchObject({
      code: 'UNKNOWN_OPTION',
      argument: 'options.order',
    });
    expect(catchAnyLossError(() => stratifiedHoldout([0, 1], 0.3))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'options' });
    expect(catchAnyLossError(() => stratifiedHoldout([0, 2, 'a'], { testShare: 0.3, seed: 1 }))).toMatchObject({
      code: 'INVALID_LABEL',
      index: 2,
    });
  });
});

describe('shuffleInPlace', () => {
  it('permutes in place, reproducibly for the same generator', () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    const make = () => {
      let state = 7;
      return () => (state = (state * 16807) % 2147483647) / 2147483647;
    };
    const shuffled = shuffleInPlace([...values], make());
    expect(shuffled).not.toEqual(values);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(values);
    expect(shuffleInPlace([...values], make())).toEqual(shuffled);
    const target = [...values];
    expect(shuffleInPlace(target, make())).toBe(target);
  });

  it('rejects a non-array or a missing generator', () => {
    expect(catchAnyLossError(() => shuffleInPlace('abc', Math.random))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'values' });
    expect(catchAnyLossError(() => shuffleInPlace([1, 2], undefined))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'random' });
  });
});

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
    const column = [train[0], train[2], train[4]];
    expect(column.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(column.reduce((a, b) => a + b * b, 0) / 3).toBeCloseTo(1, 12);
    const test = standardizeRows(features, [3], s);
    expect(test[0]).toBeCloseTo((1000 - 3) / Math.sqrt(8 / 3), 9);
    expect(test[1]).toBe(-1005);
  });

  it('computes the statistics the benchmark has always used, to the last bit', () => {
    // Expected values: printed by bench/src/standardize.ts at commit f64f1c9 for weka-glass, training rows of
    // stratifiedKFold(labels, 3, 7)[0] (mean = Σx / n, sd = √(Σ(x − mean)² / n)).
    const glass = loadDataset('weka-glass');
    const s = fitStandardizer(glass.features, stratifiedKFold(glass.labels, 3, 7)[0]?.train ?? []);
    expect([...s.mean]).toEqual([
      1.518297746478872, 13.377887323943668, 2.6864788732394373, 1.4759154929577467, 72.61823943661975, 0.5314788732394368, 8.9456338028169,
      0.17915492957746484, 0.054436619718309855,
    ]);
    expect([s.scale[0], s.scale[8]]).toEqual([0.003260104421201185, 0.09422422050311026]);
  });

  it('rejects no rows, a bad row index, ragged or non-finite rows and a bad standardiser', () => {
    expect(catchAnyLossError(() => fitStandardizer(features, []))).toMatchObject({ code: 'EMPTY_INPUT', argument: 'rows' });
    expect(catchAnyLossError(() => fitStandardizer(features, [0, 4]))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'rows',
      index: 1,
      value: 4,
    });
    expect(catchAnyLossError(() => fitStandardizer([Float64Array.of(1, 2), Float64Array.of(3)], [0, 1]))).toMatchObject({
      code: 'LENGTH_MISMATCH',
      argument: 'features',
      index: 1,
    });
    expect(catchAnyLossError(() => fitStandardizer([Float64Array.of(1, 2), Float64Array.of(3, Number.NaN)], [0, 1]))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'features',
      index: 1,
    });
    expect(catchAnyLossError(() => fitStandardizer('rows', [0]))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'features' });
    const s = fitStandardizer(features, [0, 1, 2]);
    expect(catchAnyLossError(() => standardizeRows(features, [0, -1], s))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'rows',
      index: 1,
    });
    expect(catchAnyLossError(() => standardizeRows([Float64Array.of(1, 2, 3)], [0], s))).toMatchObject({
      code: 'LENGTH_MISMATCH',
      argument: 'features',
      index: 0,
    });
    expect(catchAnyLossError(() => standardizeRows(features, [0], { mean: [0, 0], scale: [1, 1] }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'standardizer',
    });
  });
});

describe('inputOutputRows', () => {
  it('cuts a row-major matrix into { input, output } rows: [label], or one-hot over the classes', () => {
    const matrix = Float64Array.of(0.5, -1, 2, 3, 4, 5);
    expect(inputOutputRows(matrix, 2, [1, 0, 1])).toEqual([
      { input: [0.5, -1], output: [1] },
      { input: [2, 3], output: [0] },
      { input: [4, 5], output: [1] },
    ]);
    expect(inputOutputRows(matrix, 3, Int32Array.of(2, 0), { classes: 3 })).toEqual([
      { input: [0.5, -1, 2], output: [0, 0, 1] },
      { input: [3, 4, 5], output: [1, 0, 0] },
    ]);
    expect(inputOutputRows([], 4, [])).toEqual([]);
  });

  it('rejects bad input, naming the argument', () => {
    expect(catchAnyLossError(() => inputOutputRows('x', 1, [0]))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'matrix' });
    expect(catchAnyLossError(() => inputOutputRows([1, 2], 0, [0]))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'width' });
    expect(catchAnyLossError(() => inputOutputRows([1, 2, 3], 2, [0, 1]))).toMatchObject({
      code: 'LENGTH_MISMATCH',
      argument: 'matrix',
      value: 3,
    });
    expect(catchAnyLossError(() => inputOutputRows([1, 2], 1, [0, 0.5]))).toMatchObject({
      code: 'INVALID_LABEL',
      argument: 'labels',
      index: 1,
    });
    expect(catchAnyLossError(() => inputOutputRows([1, 2], 1, [0, 3], { classes: 3 }))).toMatchObject({
      code: 'INVALID_LABEL',
      argument: 'labels',
      index: 1,
      value: 3,
    });
    expect(catchAnyLossError(() => inputOutputRows([1], 1, [0], { classes: 1 }))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: 'options.classes',
    });
    expect(catchAnyLossError(() => inputOutputRows([1], 1, [0], { oneHot: true }))).toMatchObject({
      code: 'UNKNOWN_OPTION',
      argument: 'options.oneHot',
    });
    expect(catchAnyLossError(() => inputOutputRows([1], 1, [0], null))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'options' });
  });
});

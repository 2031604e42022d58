import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CELL_NAMES, type ConfusionCells } from '../cells.js';
import { defineMetric, type Metric } from '../metric.js';
import { fBeta, metrics } from './index.js';

const allMetrics: Metric[] = [...Object.values(metrics), fBeta(2), fBeta(0.5)];

// One hand-checked matrix: TP 6, FN 2, FP 3, TN 9 (20 samples: 8 positives, 12 negatives).
const sample: ConfusionCells = { truePositives: 6, falseNegatives: 2, falsePositives: 3, trueNegatives: 9 };

describe('metric values on a hand-checked confusion matrix (TP 6, FN 2, FP 3, TN 9)', () => {
  // Source: hand computation from the definitions in the metrics catalogue (docs/metrics.md), each written out as a fraction;
  // cross-checked with scikit-learn 1.2.1 (Debian python3-sklearn) on the 20 corresponding samples,
  // see the scikit-learn block below.
  const expected: Record<string, number> = {
    accuracy: 15 / 20, // (6 + 9) / 20
    precision: 6 / 9,
    recall: 6 / 8,
    specificity: 9 / 12,
    npv: 9 / 11,
    f1: 12 / 17, // 2·6 / (2·6 + 2 + 3)
    f2: 30 / 41, // 5·6 / (5·6 + 4·2 + 3)
    'f0.5': 7.5 / 11, // 1.25·6 / (1.25·6 + 0.25·2 + 3)
    balancedAccuracy: (6 / 8 + 9 / 12) / 2,
    geometricMean: Math.sqrt((6 / 8) * (9 / 12)),
    mcc: 48 / Math.sqrt(9 * 8 * 12 * 11), // (6·9 − 3·2) / √((6+3)(6+2)(9+3)(9+2))
    jaccard: 6 / 11,
    youdenJ: 6 / 8 + 9 / 12 - 1,
    markedness: 6 / 9 + 9 / 11 - 1,
    cohenKappa: 96 / 196, // 2(54 − 6) / (9·12 + 8·11)
    fowlkesMallows: Math.sqrt((6 / 9) * (6 / 8)),
  };
  for (const metric of allMetrics) {
    it(`${metric.name} = ${expected[metric.name]}`, () => {
      expect(expected[metric.name]).toBeDefined();
      expect(metric.value(sample)).toBeCloseTo(expected[metric.name] as number, 15);
    });
  }

  it('matches scikit-learn 1.2.1 on the same 20 samples', () => {
    // Printed by scikit-learn 1.2.1 (Debian python3-sklearn) for y_true = [1]*8 + [0]*12 and
    // y_pred = [1]*6 + [0]*2 + [1]*3 + [0]*9: accuracy_score, precision_score, recall_score, f1_score,
    // fbeta_score(beta=2), balanced_accuracy_score, matthews_corrcoef, jaccard_score, cohen_kappa_score.
    // (sklearn's fowlkes_mallows_score is the clustering pair-counting index, a different quantity.)
    const sklearn = {
      accuracy: 0.75,
      precision: 0.6666666666666666,
      recall: 0.75,
      f1: 0.7058823529411765,
      f2: 0.7317073170731707,
      balancedAccuracy: 0.75,
      mcc: 0.4923659639173309,
      jaccard: 0.5454545454545454,
      cohenKappa: 0.4897959183673469,
    };
    const byName = new Map(allMetrics.map((metric) => [metric.name, metric]));
    for (const [name, value] of Object.entries(sklearn)) {
      expect(byName.get(name)?.value(sample), name).toBeCloseTo(value, 14);
    }
  });
});

/** Cells strictly inside the domain, so that every metric is smooth there. */
const positiveCells = fc.record({
  truePositives: fc.double({ min: 0.01, max: 1000, noNaN: true }),
  falseNegatives: fc.double({ min: 0.01, max: 1000, noNaN: true }),
  falsePositives: fc.double({ min: 0.01, max: 1000, noNaN: true }),
  trueNegatives: fc.double({ min: 0.01, max: 1000, noNaN: true }),
});

/** Plain central difference, independent of the library's numeric differentiation. */
function centralDifference(metric: Metric, at: ConfusionCells, cell: (typeof CELL_NAMES)[number]): number {
  const h = 1e-5 * at[cell];
  return (metric.value({ ...at, [cell]: at[cell] + h }) - metric.value({ ...at, [cell]: at[cell] - h })) / (2 * h);
}

describe('closed-form partials', () => {
  for (const metric of allMetrics) {
    it(`${metric.name}: partials match central finite differences on random cells`, () => {
      fc.assert(
        fc.property(positiveCells, (at) => {
          const partials = metric.partials(at);
          const scale = Math.max(...CELL_NAMES.map((cell) => Math.abs(partials[cell])), 1e-300);
          for (const cell of CELL_NAMES) {
            const numeric = centralDifference(metric, at, cell);
            expect(Math.abs(partials[cell] - numeric) / scale).toBeLessThan(1e-5);
          }
        }),
        { numRuns: 300 },
      );
    });

    it(`${metric.name}: defineMetric without partials agrees with the closed form to 1e-8`, () => {
      const numeric = defineMetric({ name: `${metric.name}-numeric`, value: (cells) => metric.value(cells) });
      expect(numeric.exactPartials).toBe(false);
      fc.assert(
        fc.property(positiveCells, (at) => {
          const exact = metric.partials(at);
          const approximate = numeric.partials(at);
          const scale = Math.max(...CELL_NAMES.map((cell) => Math.abs(exact[cell])));
          for (const cell of CELL_NAMES) {
            expect(Math.abs(approximate[cell] - exact[cell])).toBeLessThanOrEqual(1e-8 * scale + 1e-300);
          }
        }),
        { numRuns: 200 },
      );
    });

    it(`${metric.name}: value stays in its declared range`, () => {
      const [lowest, highest] = metric.range ?? [-Infinity, Infinity];
      const anyCells = fc.record({
        truePositives: fc.double({ min: 0, max: 1e6, noNaN: true }),
        falseNegatives: fc.double({ min: 0, max: 1e6, noNaN: true }),
        falsePositives: fc.double({ min: 0, max: 1e6, noNaN: true }),
        trueNegatives: fc.double({ min: 0, max: 1e6, noNaN: true }),
      });
      fc.assert(
        fc.property(anyCells, (at) => {
          const value = metric.value(at);
          expect(value).toBeGreaterThanOrEqual(lowest - 1e-12);
          expect(value).toBeLessThanOrEqual(highest + 1e-12);
        }),
        { numRuns: 300 },
      );
    });

    it(`${metric.name}: reaches its best value on a perfect prediction`, () => {
      expect(metric.value({ truePositives: 5, falseNegatives: 0, falsePositives: 0, trueNegatives: 7 })).toBeCloseTo(
        metric.range?.[1] ?? 1,
        14,
      );
    });
  }
});

describe('zero-division policy: every value and partial is finite, with the documented values', () => {
  const zero = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
  const negativesOnly = { truePositives: 0, falseNegatives: 0, falsePositives: 2, trueNegatives: 5 };
  const positivesOnly = { truePositives: 4, falseNegatives: 1, falsePositives: 0, trueNegatives: 0 };
  const nothingPredictedPositive = { truePositives: 0, falseNegatives: 3, falsePositives: 0, trueNegatives: 6 };
  const degenerate = [zero, negativesOnly, positivesOnly, nothingPredictedPositive];

  for (const metric of allMetrics) {
    it(`${metric.name}: finite on empty, single-class and no-positive-prediction matrices`, () => {
      for (const at of degenerate) {
        expect(Number.isFinite(metric.value(at))).toBe(true);
        const partials = metric.partials(at);
        for (const cell of CELL_NAMES) expect(Number.isFinite(partials[cell])).toBe(true);
      }
    });
    it(`${metric.name}: all-zero cells (e.g. all weights 0) give the documented value and zero partials`, () => {
      // Every 0/0 ratio is 0, so J = recall + specificity − 1 and markedness = precision + npv − 1 are −1.
      const documented = metric.name === 'youdenJ' || metric.name === 'markedness' ? -1 : 0;
      expect(metric.value(zero)).toBe(documented);
      for (const cell of CELL_NAMES) expect(metric.partials(zero)[cell] === 0).toBe(true); // +0 or −0
    });
  }

  it('a batch without positives: recall 0, specificity as usual, balanced accuracy = specificity / 2', () => {
    // Source: the zero-division policy (docs/metrics.md#zero-division) as documented in each metric file (0/0 ratio → 0, zero partials).
    expect(metrics.recall.value(negativesOnly)).toBe(0);
    expect(metrics.specificity.value(negativesOnly)).toBe(5 / 7);
    expect(metrics.balancedAccuracy.value(negativesOnly)).toBe(5 / 14);
    expect(metrics.balancedAccuracy.partials(negativesOnly).trueNegatives).toBeCloseTo(2 / (2 * 49), 15);
    expect(metrics.geometricMean.value(negativesOnly)).toBe(0);
    expect(metrics.mcc.value(negativesOnly)).toBe(0);
    expect(metrics.mcc.partials(negativesOnly)).toEqual({ truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 });
  });

  it('nothing predicted positive: precision 0, F1 0 but with a gradient pulling TP up', () => {
    expect(metrics.precision.value(nothingPredictedPositive)).toBe(0);
    expect(metrics.f1.value(nothingPredictedPositive)).toBe(0);
    // ∂F1/∂TP = 2(FN + FP) / (2TP + FN + FP)² = 2·3 / 9 (the catalogue's formula differentiated by hand)
    expect(metrics.f1.partials(nothingPredictedPositive).truePositives).toBeCloseTo(6 / 9, 15);
  });
});

describe('fBeta', () => {
  it('fBeta(1) equals f1 and names itself after beta', () => {
    expect(fBeta(1).value(sample)).toBe(metrics.f1.value(sample));
    expect(fBeta(2).name).toBe('f2');
  });
  it.each([0, -1, Number.NaN, Infinity, '2'])('rejects beta = %s', (beta) => {
    expect(() => fBeta(beta as number)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'beta' }));
  });
});

describe('cells of any magnitude (issue 12, item 7): values are scale-invariant, partials scale as 1/s', () => {
  for (const metric of allMetrics) {
    it(`${metric.name}: value(s·cells) = value(cells) and partials(s·cells) = partials(cells)/s for s from 1e-300 to 1e300`, () => {
      fc.assert(
        fc.property(positiveCells, fc.constantFrom(1e-300, 1e-170, 2 ** -100, 2 ** 100, 1e155, 1e200, 1e300), (at, s) => {
          const scaled = { ...at };
          for (const cell of CELL_NAMES) scaled[cell as keyof ConfusionCells & string] = s * at[cell];
          expect(metric.value(scaled)).toBeCloseTo(metric.value(at), 12);
          const exact = metric.partials(at);
          const partials = metric.partials(scaled);
          const largest = Math.max(...CELL_NAMES.map((cell) => Math.abs(exact[cell])));
          for (const cell of CELL_NAMES) expect(Math.abs(s * partials[cell] - exact[cell])).toBeLessThanOrEqual(1e-12 * largest);
        }),
        { numRuns: 50 },
      );
    });
  }

  it('numeric partials stay finite and accurate when one cell is subnormal or below 1e-8 of the total (found by the fuzz suite)', () => {
    const numeric = defineMetric({ name: 'mccNumeric', value: (c) => metrics.mcc.value(c) });
    for (const falsePositives of [5e-324, 1e-300, 1e-9]) {
      const at = { truePositives: 2, falseNegatives: 1, falsePositives, trueNegatives: 3 };
      const exact = metrics.mcc.partials(at);
      const approximate = numeric.partials(at);
      for (const cell of CELL_NAMES) expect(Math.abs(approximate[cell] - exact[cell])).toBeLessThanOrEqual(1e-7);
    }
  });

  it('inside [2^-64, 2^64] nothing is rescaled: a metric that is not scale-invariant keeps its meaning there', () => {
    const count = defineMetric({ name: 'truePositiveCount', value: (cells) => cells.truePositives });
    expect(count.value({ truePositives: 1e15, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 })).toBe(1e15);
  });
});

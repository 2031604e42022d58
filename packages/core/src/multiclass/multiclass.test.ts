import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyLoss } from '../any-loss.js';
import { metrics } from '../metrics/index.js';
import {
  anyLoss as anyLossWithAverage,
  averagedPartials,
  averageMetric,
  multiclassAnyLoss,
  multiclassConfusionMatrix,
  multiclassMetric,
  sumCells,
} from './index.js';
import { expectAnyLossError, expectClose, numericGradient } from '@anyloss/test-utils';

/** Rows of K probabilities that sum to 1 (softmax of random scores). */
function softmaxRows(scores: number[][]): number[][] {
  return scores.map((row) => {
    const largest = Math.max(...row);
    const e = row.map((x) => Math.exp(x - largest));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  });
}

const batchArbitrary = fc.record({ n: fc.integer({ min: 2, max: 16 }), k: fc.integer({ min: 2, max: 5 }) }).chain(({ n, k }) =>
  fc.record({
    k: fc.constant(k),
    classIndex: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
    multiHot: fc.array(fc.array(fc.constantFrom(0, 1), { minLength: k, maxLength: k }), { minLength: n, maxLength: n }),
    scores: fc.array(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: k, maxLength: k }), {
      minLength: n,
      maxLength: n,
    }),
    weights: fc.option(fc.array(fc.double({ min: 0.2, max: 3, noNaN: true }), { minLength: n, maxLength: n }), { nil: undefined }),
  }),
);

/** Row-major values as rows of `width`. */
const rowsOf = (values: ArrayLike<number>, width: number): number[][] =>
  Array.from({ length: values.length / width }, (_, i) => Array.from(values).slice(i * width, (i + 1) * width));

const settings = [
  { output: 'softmax', from: 'logits', amplifier: 'softmax' },
  { output: 'softmax', from: 'probabilities', amplifier: 'softmax' },
  { output: 'softmax', from: 'logits', amplifier: 'one-vs-rest' },
  { output: 'softmax', from: 'probabilities', amplifier: 'one-vs-rest' },
  { output: 'sigmoid', from: 'logits', amplifier: 'one-vs-rest' },
  { output: 'sigmoid', from: 'probabilities', amplifier: 'one-vs-rest' },
] as const;

describe('multiclassAnyLoss: gradients against finite differences', () => {
  for (const setting of settings) {
    for (const average of ['macro', 'weighted', 'micro'] as const) {
      it(`${setting.output} · ${setting.from} · ${setting.amplifier} amplifier · ${average}`, () => {
        fc.assert(
          fc.property(batchArbitrary, fc.constantFrom(metrics.f1, metrics.balancedAccuracy, metrics.mcc), (batch, metric) => {
            const loss = multiclassAnyLoss(metric, { ...setting, average, amplification: setting.amplifier === 'softmax' ? 4 : 12 });
            const yTrue = setting.output === 'softmax' ? batch.classIndex : batch.multiHot;
            const yPred =
              setting.from === 'logits'
                ? batch.scores
                : setting.output === 'softmax'
                  ? softmaxRows(batch.scores)
                  : batch.scores.map((row) => row.map((x) => 1 / (1 + Math.exp(-x))));
            const options = batch.weights === undefined ? undefined : { sampleWeight: batch.weights };
            const { gradient } = loss.lossAndGradient(yTrue, yPred, options);
            const width = (yPred[0] as number[]).length;
            const numeric = numericGradient((values) => loss.loss(yTrue, rowsOf(values, width), options), yPred.flat(), 1e-7);
            expectClose(gradient, numeric, { relative: 1e-5, absolute: 1e-8, minimumScale: 1e-12 });
          }),
          { numRuns: 40 },
        );
      });
    }
  }
});

describe('multiclassAnyLoss: averages and layouts', () => {
  it('multi-label macro = the mean of the binary losses of the columns (every class present)', () => {
    const yTrue = [
      [1, 0, 1],
      [0, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ];
    const yPred = [
      [0.9, 0.2, 0.4],
      [0.3, 0.7, 0.6],
      [0.8, 0.45, 0.1],
      [0.2, 0.3, 0.55],
    ];
    const result = multiclassAnyLoss(metrics.f1, { output: 'sigmoid', amplification: 20 }).lossAndGradient(yTrue, yPred);
    let mean = 0;
    for (let k = 0; k < 3; k++) {
      const column = anyLoss(metrics.f1, { amplification: 20 }).lossAndGradient(
        yTrue.map((row) => row[k] as number),
        yPred.map((row) => row[k] as number),
      );
      mean += column.loss / 3;
      column.gradient.forEach((g, i) => expect(result.gradient[i * 3 + k]).toBeCloseTo(g / 3, 14));
    }
    expect(result.loss).toBeCloseTo(mean, 14);
  });

  it('returns gradient rows for row input and a flat gradient for flat input', () => {
    const rows = [
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
    ];
    const loss = multiclassAnyLoss(metrics.f1);
    const fromRows = loss.lossAndGradient([0, 2], rows);
    expect(fromRows.gradientRows?.length).toBe(2);
    expect(Array.from(fromRows.gradientRows?.[1] ?? [])).toEqual(Array.from(fromRows.gradient.subarray(3, 6)));
    expect(() => multiclassAnyLoss(metrics.f1).loss([0, 2], rows.flat())).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    const flat = multiclassAnyLoss(metrics.f1, { classes: 3 }).lossAndGradient([0, 2], rows.flat());
    expect(flat.gradientRows).toBeUndefined();
    expect(Array.from(flat.gradient)).toEqual(Array.from(fromRows.gradient));
  });

  it('class indices, one-hot rows and a flat one-hot array are the same labels', () => {
    const yPred = [
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
      [0.3, 0.4, 0.3],
    ];
    const loss = multiclassAnyLoss(metrics.mcc, { classes: 3 });
    const a = loss.lossAndGradient([0, 2, 1], yPred);
    const b = loss.lossAndGradient(
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
      ],
      yPred,
    );
    const c = loss.lossAndGradient([1, 0, 0, 0, 0, 1, 0, 1, 0], yPred);
    expect(b.loss).toBe(a.loss);
    expect(c.loss).toBe(a.loss);
    expect(Array.from(c.gradient)).toEqual(Array.from(a.gradient));
  });

  it('a class absent from the batch is left out of the macro average (and weighs 0 in weighted)', () => {
    const yPred = [
      [0.6, 0.3, 0.1],
      [0.2, 0.7, 0.1],
    ];
    const loss = multiclassAnyLoss(metrics.recall, { amplifier: 'one-vs-rest', amplification: 10 });
    const { loss: value, cells } = loss.lossAndGradient([0, 1], yPred);
    const recall = (k: number): number => metrics.recall.value(cells[k] as never);
    expect(value).toBeCloseTo(1 - (recall(0) + recall(1)) / 2, 14); // class 2 has no samples
  });

  it('all weights zero: loss 1, zero gradient, nothing NaN', () => {
    for (const average of ['macro', 'weighted', 'micro'] as const) {
      const result = multiclassAnyLoss(metrics.f1, { average }).lossAndGradient(
        [0, 1],
        [
          [0.6, 0.4],
          [0.2, 0.8],
        ],
        { sampleWeight: [0, 0] },
      );
      expect(result.loss).toBe(1);
      for (const g of result.gradient) expect(g === 0).toBe(true);
    }
  });

  it('saturated inputs stay finite: probabilities exactly 0 and 1, logits ±1e4', () => {
    const fromProbabilities = multiclassAnyLoss(metrics.f1).lossAndGradient(
      [0, 1, 2],
      [
        [1, 0, 0],
        [0, 1, 0],
        [0.5, 0.5, 0],
      ],
    );
    const fromLogits = multiclassAnyLoss(metrics.f1, { from: 'logits' }).lossAndGradient(
      [0, 1],
      [
        [1e4, -1e4],
        [-1e4, 1e4],
      ],
    );
    for (const result of [fromProbabilities, fromLogits]) {
      expect(Number.isFinite(result.loss)).toBe(true);
      for (const g of result.gradient) expect(Number.isFinite(g)).toBe(true);
    }
  });
});

describe('anyLoss from the multiclass entry', () => {
  it('is multi-class with an average and exactly the binary loss without one', () => {
    const yPred = [
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
    ];
    expect(anyLossWithAverage(metrics.f1, { average: 'macro' }).loss([0, 2], yPred)).toBe(
      multiclassAnyLoss(metrics.f1).loss([0, 2], yPred),
    );
    expect(anyLossWithAverage(metrics.f1, { amplification: 20 }).loss([1, 0], [0.8, 0.3])).toBe(
      anyLoss(metrics.f1, { amplification: 20 }).loss([1, 0], [0.8, 0.3]),
    );
  });
});

describe('hard evaluation', () => {
  const yTrue = [0, 1, 2, 2, 1, 0, 2, 2, 1, 0];
  const predictedClass = [0, 2, 2, 2, 1, 0, 1, 2, 1, 1];
  const yPred = predictedClass.map((c) => [0, 1, 2].map((k) => (k === c ? 0.8 : 0.1)));

  it('macro, weighted and micro F1 match scikit-learn 1.2.1', () => {
    // Printed by scikit-learn 1.2.1 (Debian python3-sklearn): f1_score(y_true, y_pred, average=...)
    expect(multiclassMetric(metrics.f1, yTrue, yPred, { average: 'macro' })).toBeCloseTo(0.7071428571428572, 14);
    expect(multiclassMetric(metrics.f1, yTrue, yPred, { average: 'weighted' })).toBeCloseTo(0.7114285714285715, 14);
    expect(multiclassMetric(metrics.f1, yTrue, yPred, { average: 'micro' })).toBeCloseTo(0.7, 14);
    // balanced_accuracy_score = macro recall
    expect(multiclassMetric(metrics.recall, yTrue, yPred)).toBeCloseTo(0.6944444444444443, 14);
  });

  it('multi-label F1 matches scikit-learn 1.2.1', () => {
    // f1_score(Y_true, Y_pred, average=...) on these indicator matrices (scikit-learn 1.2.1)
    const truth = [
      [1, 0, 1],
      [0, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ];
    const predicted = [
      [0.9, 0.1, 0.2],
      [0.1, 0.9, 0.7],
      [0.8, 0.3, 0.1],
      [0.2, 0.1, 0.6],
    ];
    const options = { output: 'sigmoid' as const };
    expect(multiclassMetric(metrics.f1, truth, predicted, { ...options, average: 'macro' })).toBeCloseTo(0.7222222222222222, 14);
    expect(multiclassMetric(metrics.f1, truth, predicted, { ...options, average: 'micro' })).toBeCloseTo(0.7272727272727272, 14);
  });

  it('builds the K×K matrix from the argmax', () => {
    const { matrix } = multiclassConfusionMatrix(yTrue, yPred);
    // Hand count from the two label lists above (rows: true class, columns: predicted class).
    expect(matrix).toEqual([
      [2, 1, 0],
      [0, 2, 1],
      [0, 1, 3],
    ]);
  });
});

describe('validation', () => {
  const loss = multiclassAnyLoss(metrics.f1);
  it('rejects rows that do not sum to 1, K mismatches and labels ≥ K', () => {
    expectAnyLossError(
      () =>
        loss.loss(
          [0, 1],
          [
            [0.5, 0.6],
            [0.5, 0.5],
          ],
        ),
      'INVALID_PROBABILITY',
    );
    expectAnyLossError(
      () =>
        loss.loss(
          [0, 1],
          [
            [0.5, 0.5],
            [0.2, 0.3, 0.5],
          ],
        ),
      'LENGTH_MISMATCH',
    );
    expectAnyLossError(() => multiclassAnyLoss(metrics.f1, { classes: 3 }).loss([0], [[0.5, 0.5]]), 'LENGTH_MISMATCH');
    expectAnyLossError(() => multiclassAnyLoss(metrics.f1, { classes: 3 }).loss([0], [0.5, 0.5]), 'LENGTH_MISMATCH');
    expectAnyLossError(
      () =>
        loss.loss(
          [0, 2],
          [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
        ),
      'INVALID_LABEL',
    );
    expectAnyLossError(
      () =>
        loss.loss(
          [
            [1, 1],
            [0, 1],
          ],
          [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
        ),
      'INVALID_LABEL',
    );
    expectAnyLossError(
      () =>
        loss.loss(
          [0, 1, 1],
          [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
        ),
      'LENGTH_MISMATCH',
    );
    expectAnyLossError(
      () =>
        loss.loss(
          [0, 1],
          [
            [0.5, 0.5],
            [Number.NaN, 0.5],
          ],
        ),
      'INVALID_PROBABILITY',
    );
    expectAnyLossError(
      () =>
        loss.loss(
          [0, 1],
          [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
          { sampleWeight: [1, -1] },
        ),
      'INVALID_WEIGHT',
    );
    expectAnyLossError(() => loss.loss([], []), 'EMPTY_INPUT');
  });
  it('rejects unknown and invalid options', () => {
    expectAnyLossError(() => multiclassAnyLoss(metrics.f1, { averge: 'macro' } as never), 'UNKNOWN_OPTION');
    expectAnyLossError(() => multiclassAnyLoss(metrics.f1, { average: 'samples' as never }), 'INVALID_OPTION');
    expectAnyLossError(() => multiclassAnyLoss(metrics.f1, { output: 'sigmoid', amplifier: 'softmax' }), 'INVALID_OPTION');
    expectAnyLossError(() => multiclassAnyLoss(metrics.f1, { amplification: 0 }), 'INVALID_AMPLIFICATION');
    expectAnyLossError(() => multiclassAnyLoss('f1' as never), 'INVALID_METRIC');
  });
});

describe('bad input (issue 12)', () => {
  const finite = (result: { loss: number; gradient: Float64Array }): void => {
    expect(Number.isFinite(result.loss)).toBe(true);
    for (const g of result.gradient) expect(Number.isFinite(g)).toBe(true);
  };

  it('item 5: logits of ±1e308 with the softmax amplifier (macro and micro) are finite and right', () => {
    for (const average of ['macro', 'micro', 'weighted'] as const) {
      const loss = multiclassAnyLoss(metrics.f1, { from: 'logits', average });
      const perfect = loss.lossAndGradient(
        [0, 1],
        [
          [1e308, 0],
          [0, 1e308],
        ],
      );
      finite(perfect);
      expect(perfect.loss).toBe(0);
      const wrong = loss.lossAndGradient(
        [1, 0],
        [
          [1e308, -1e308],
          [-1e308, 1e308],
        ],
      );
      finite(wrong);
      expect(wrong.loss).toBe(1);
      // softmax(L·z) only sees differences: a huge common offset changes nothing.
      const shifted = loss.lossAndGradient(
        [0, 1, 1],
        [
          [1e15 + 1, 1e15],
          [-1e15, -1e15 + 1],
          [1e15, 1e15],
        ],
      );
      const small = loss.lossAndGradient(
        [0, 1, 1],
        [
          [1, 0],
          [0, 1],
          [1, 1],
        ],
      );
      expect(shifted.loss).toBeCloseTo(small.loss, 12);
    }
  });

  it('the softmax complement Σ_{j≠k} ŷ_j keeps full precision when ŷ_k ≈ 1 (FN > 0, not rounded to 0)', () => {
    const { cells } = multiclassAnyLoss(metrics.f1, { from: 'logits', amplification: 1 }).lossAndGradient(
      [0, 1, 2],
      [
        [40, 0, 0],
        [0, 40, 0],
        [0, 0, 40],
      ],
    );
    // ŷ_kk = 1/(1 + 2e^−40): its complement 2e^−40 ≈ 8.5e−18 is below the float64 spacing at 1.
    for (const classCells of cells) expect(classCells.falseNegatives).toBeCloseTo(2 * Math.exp(-40), 30);
  });

  it('item 7: sample weights of 1e200 or 1e-170 give the unweighted loss and gradient, in training and evaluation', () => {
    const yTrue = [0, 1, 2, 1];
    const yPred = [
      [0.7, 0.2, 0.1],
      [0.4, 0.5, 0.1],
      [0.2, 0.2, 0.6],
      [0.5, 0.3, 0.2],
    ];
    for (const metric of [metrics.f1, metrics.mcc, metrics.cohenKappa]) {
      for (const average of ['macro', 'micro', 'weighted'] as const) {
        const loss = multiclassAnyLoss(metric, { average });
        const plain = loss.lossAndGradient(yTrue, yPred);
        for (const w of [1e200, 1e-170, 1e300]) {
          const weighted = loss.lossAndGradient(yTrue, yPred, { sampleWeight: [w, w, w, w] });
          expect(weighted.loss).toBeCloseTo(plain.loss, 13);
          expectClose(weighted.gradient, Array.from(plain.gradient), { relative: 1e-12, absolute: 1e-8, minimumScale: 1e-12 });
          expect(weighted.cells[0]?.truePositives).toBeCloseTo((plain.cells[0]?.truePositives as number) * w, -Math.log10(w) + 12);
          expect(multiclassMetric(metric, yTrue, yPred, { average, sampleWeight: [w, w, w, w] })).toBeCloseTo(
            multiclassMetric(metric, yTrue, yPred, { average }),
            13,
          );
        }
      }
    }
    const half = [0.5, 0.5];
    expectAnyLossError(
      () =>
        multiclassAnyLoss(metrics.f1).loss([0, 0, 0, 0], [half, half, half, half], { sampleWeight: [1.7e308, 1.7e308, 1.7e308, 1.7e308] }),
      'INVALID_WEIGHT',
      'options.sampleWeight',
    );
  });

  it('item 8: a hand-made metric returning NaN or infinite partials is INVALID_METRIC naming it', () => {
    const zero = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
    const nanValue = { name: 'duck', value: () => Number.NaN, partials: () => zero } as never;
    const infinitePartial = { name: 'duck', value: () => 0.5, partials: () => ({ ...zero, truePositives: Infinity }) } as never;
    const yPred = [
      [0.7, 0.3],
      [0.4, 0.6],
    ];
    expect(expectAnyLossError(() => multiclassAnyLoss(nanValue).loss([0, 1], yPred), 'INVALID_METRIC', 'metric').message).toContain(
      '"duck"',
    );
    expectAnyLossError(() => multiclassAnyLoss(infinitePartial).lossAndGradient([0, 1], yPred), 'INVALID_METRIC', 'metric');
    expectAnyLossError(() => multiclassMetric(nanValue, [0, 1], yPred), 'INVALID_METRIC', 'metric');
  });

  it('item 9: the softmax amplifier at L < 1 where p ≈ 0 makes the gradient overflow: INVALID_AMPLIFICATION naming L', () => {
    const error = expectAnyLossError(
      () =>
        multiclassAnyLoss(metrics.f1, { amplification: 0.01 }).lossAndGradient(
          [0, 1],
          [
            [5e-324, 1],
            [0.5, 0.5],
          ],
        ),
      'INVALID_AMPLIFICATION',
      'options.amplification',
    );
    expect(error.index).toBe(0);
    finite(
      multiclassAnyLoss(metrics.f1, { amplification: 1 }).lossAndGradient(
        [0, 1],
        [
          [5e-324, 1],
          [0.5, 0.5],
        ],
      ),
    );
    expectAnyLossError(() => multiclassAnyLoss(metrics.f1, { amplification: 1e7 }), 'INVALID_AMPLIFICATION', 'options.amplification');
  });

  it('item 10: multiclassMetric and multiclassConfusionMatrix validate their options like the loss does', () => {
    const yPred = [
      [0.7, 0.3],
      [0.4, 0.6],
    ];
    const multiHot = [
      [1, 0],
      [0, 1],
    ];
    expectAnyLossError(
      () => multiclassMetric(metrics.f1, [0, 1], yPred, { average: 'macr' as never }),
      'INVALID_OPTION',
      'options.average',
    );
    expectAnyLossError(
      () => multiclassMetric(metrics.f1, [0, 1], yPred, { output: 'sigmod' as never }),
      'INVALID_OPTION',
      'options.output',
    );
    for (const threshold of [5, Number.NaN, 'x', -0.1]) {
      expectAnyLossError(
        () => multiclassMetric(metrics.f1, multiHot, yPred, { output: 'sigmoid', threshold: threshold as never }),
        'INVALID_OPTION',
        'options.threshold',
      );
    }
    expectAnyLossError(() => multiclassConfusionMatrix([0, 1], yPred, { from: 'logit' as never }), 'INVALID_OPTION', 'options.from');
    expectAnyLossError(() => multiclassConfusionMatrix([0, 1], yPred, { classes: 1 }), 'INVALID_OPTION', 'options.classes');
    expectAnyLossError(() => multiclassAnyLoss(metrics.f1, { classes: 2.5 }), 'INVALID_OPTION', 'options.classes');
    expectAnyLossError(() => multiclassMetric(metrics.f1, [0, 1], yPred, { averag: 'macro' } as never), 'UNKNOWN_OPTION', 'options.averag');
    // Valid options still work (0 and 1 are valid thresholds).
    expect(multiclassMetric(metrics.f1, multiHot, yPred, { output: 'sigmoid', threshold: 0 })).toBeCloseTo(2 / 3, 15);
  });

  it('item 10: anyLoss(metric, { average: undefined }) from the multiclass entry is the binary loss', () => {
    const loss = anyLossWithAverage(metrics.f1, { average: undefined } as never);
    expect(loss.loss([1, 0], [0.8, 0.3])).toBe(anyLoss(metrics.f1).loss([1, 0], [0.8, 0.3]));
    expect((loss as { average?: unknown }).average).toBeUndefined();
  });

  it('item 14: BigInt and Symbol elements, BigInt64Array inputs and a missing metric are AnyLossErrors', () => {
    const loss = multiclassAnyLoss(metrics.f1);
    expectAnyLossError(
      () =>
        loss.loss([0, 1], [
          [0.7, 0.3],
          [1n, 0],
        ] as never),
      'INVALID_PROBABILITY',
      'yPred (flattened)',
    );
    expectAnyLossError(
      () =>
        loss.loss([0, 1], [
          [0.7, 0.3],
          [Symbol('x'), 0],
        ] as never),
      'INVALID_PROBABILITY',
      'yPred (flattened)',
    );
    expectAnyLossError(
      () =>
        loss.loss([0, 1n] as never, [
          [0.7, 0.3],
          [0.3, 0.7],
        ]),
      'INVALID_LABEL',
      'yTrue',
    );
    expectAnyLossError(
      () =>
        loss.loss(
          [
            [1, 0],
            [Symbol('x'), 1],
          ] as never,
          [
            [0.7, 0.3],
            [0.3, 0.7],
          ],
        ),
      'INVALID_LABEL',
      'yTrue (flattened)',
    );
    expectAnyLossError(
      () => multiclassAnyLoss(metrics.f1, { classes: 2 }).loss([0, 1], new BigInt64Array([1n, 0n, 0n, 1n]) as never),
      'INVALID_ARGUMENT',
      'yPred',
    );
    expectAnyLossError(
      () => multiclassAnyLoss(metrics.f1, { classes: 2 }).loss([0, 1], [0.5, 0.5, Symbol('x'), 1] as never),
      'INVALID_PROBABILITY',
      'yPred',
    );
    expectAnyLossError(
      () =>
        loss.loss(new BigInt64Array([0n, 1n]) as never, [
          [0.7, 0.3],
          [0.3, 0.7],
        ]),
      'INVALID_ARGUMENT',
      'yTrue',
    );
    expectAnyLossError(
      () =>
        loss.loss(
          [0, 1],
          [
            [0.7, 0.3],
            [0.3, 0.7],
          ],
          { sampleWeight: new BigInt64Array([1n, 1n]) as never },
        ),
      'INVALID_ARGUMENT',
      'options.sampleWeight',
    );
    expectAnyLossError(() => loss.loss([0, 1], [[0.7, 0.3], 'ab'] as never), 'INVALID_ARGUMENT', 'yPred');
    expectAnyLossError(
      () =>
        multiclassMetric(
          undefined as never,
          [0, 1],
          [
            [0.7, 0.3],
            [0.4, 0.6],
          ],
        ),
      'INVALID_METRIC',
      'metric',
    );
  });

  it('micro averages of cells near 1.7e308 (hard evaluation with huge weights) are finite; their plain sum is a typed error', () => {
    const huge = { truePositives: 1.7e308, falseNegatives: 0, falsePositives: 1.7e308, trueNegatives: 1.7e308 };
    const ordinary = { truePositives: 1, falseNegatives: 0, falsePositives: 1, trueNegatives: 1 };
    expect(averageMetric(metrics.f1, [huge, huge], 'micro')).toBeCloseTo(averageMetric(metrics.f1, [ordinary, ordinary], 'micro'), 15);
    const partials = averagedPartials(metrics.mcc, [huge, huge], 'micro')[0] as unknown as Record<string, number>;
    const reference = averagedPartials(metrics.mcc, [ordinary, ordinary], 'micro')[0] as unknown as Record<string, number>;
    for (const name of Object.keys(reference)) expect((partials[name] as number) * 1.7e308).toBeCloseTo(reference[name] as number, 12);
    expectAnyLossError(() => sumCells([huge, huge]), 'INVALID_CELLS', 'the sum of perClass.truePositives');
  });

  it('a class absent from the batch (support 0) is still checked: a negative cell is INVALID_CELLS, for every average', () => {
    // Class 1 has TP + FN = 0, so macro and weighted leave it out of the average; its FP of −1 must not pass unseen.
    const present = { truePositives: 2, falseNegatives: 1, falsePositives: 1, trueNegatives: 3 };
    const absent = { truePositives: 0, falseNegatives: 0, falsePositives: -1, trueNegatives: 4 };
    for (const average of ['macro', 'weighted', 'micro'] as const) {
      expectAnyLossError(() => averageMetric(metrics.f1, [present, absent], average), 'INVALID_CELLS', 'perClass[1].falsePositives');
      expectAnyLossError(() => averagedPartials(metrics.f1, [present, absent], average), 'INVALID_CELLS', 'perClass[1].falsePositives');
    }
  });
  it('the building blocks averageMetric, averagedPartials and sumCells check their arguments', () => {
    const cells = [{ truePositives: 1, falseNegatives: 0, falsePositives: 0, trueNegatives: 1 }];
    expectAnyLossError(() => averageMetric(undefined as never, cells, 'macro'), 'INVALID_METRIC', 'metric');
    expectAnyLossError(() => averageMetric(metrics.f1, cells, 'macr' as never), 'INVALID_OPTION', 'average');
    expectAnyLossError(() => averagedPartials(metrics.f1, [null] as never, 'macro'), 'INVALID_ARGUMENT', 'perClass[0]');
    expectAnyLossError(() => sumCells('cells' as never), 'INVALID_ARGUMENT', 'perClass');
    expectAnyLossError(() => sumCells([{ ...cells[0], truePositives: -1 }] as never), 'INVALID_CELLS', 'perClass[0].truePositives');
  });
});

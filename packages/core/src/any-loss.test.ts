import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amplify, amplifyComplement, sigmoid } from './amplify.js';
import { anyLoss } from './any-loss.js';
import { defineMetric, type Metric } from './metric.js';
import { fBeta, metrics } from './metrics/index.js';
import { softConfusionMatrix } from './soft-confusion-matrix.js';
import { expectClose, numericGradient } from '@anyloss/test-utils';

const allMetrics: Metric[] = [...Object.values(metrics), fBeta(2)];

/** A random batch: labels, probabilities away from the exact ends, optional weights, an amplification. */
const batchArbitrary = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    yTrue: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
    yPred: fc.array(fc.double({ min: 0.001, max: 0.999, noNaN: true }), { minLength: n, maxLength: n }),
    logits: fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: n, maxLength: n }),
    sampleWeight: fc.option(fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: n, maxLength: n }), {
      nil: undefined,
    }),
    amplification: fc.double({ min: 1, max: 80, noNaN: true }),
  }),
);

describe('lossAndGradient', () => {
  for (const metric of allMetrics) {
    it(`${metric.name}: gradient matches finite differences of the loss (probabilities)`, () => {
      fc.assert(
        fc.property(batchArbitrary, ({ yTrue, yPred, sampleWeight, amplification }) => {
          const loss = anyLoss(metric, { amplification });
          const options = sampleWeight === undefined ? undefined : { sampleWeight };
          const { gradient } = loss.lossAndGradient(yTrue, yPred, options);
          // Differentiate −metric (= loss − 1) rather than 1 − metric: forming 1 − metric would add rounding
          // noise of 1e-16/step to the difference quotient. Step small enough for L up to 80 (A'' ~ L²).
          const negativeMetric = (p: number[]): number => -metric.value(softConfusionMatrix(yTrue, p, { amplification, ...options }));
          const numeric = numericGradient(negativeMetric, yPred, 1e-7);
          expectClose(gradient, numeric, { relative: 2e-5, absolute: 1e-8, scaleOfBoth: true });
        }),
        { numRuns: 60 },
      );
    });

    it(`${metric.name}: gradient matches finite differences of the loss (logits)`, () => {
      fc.assert(
        fc.property(batchArbitrary, ({ yTrue, logits, sampleWeight, amplification }) => {
          const loss = anyLoss(metric, { amplification, from: 'logits' });
          const options = sampleWeight === undefined ? undefined : { sampleWeight };
          const { gradient } = loss.lossAndGradient(yTrue, logits, options);
          const negativeMetric = (z: number[]): number =>
            -metric.value(softConfusionMatrix(yTrue, z, { amplification, from: 'logits', ...options }));
          const numeric = numericGradient(negativeMetric, logits, 1e-6);
          expectClose(gradient, numeric, { relative: 2e-5, absolute: 1e-8, scaleOfBoth: true });
        }),
        { numRuns: 60 },
      );
    });
  }

  it('loss is 1 − metric of the soft cells, and the cells are the soft confusion matrix', () => {
    fc.assert(
      fc.property(batchArbitrary, ({ yTrue, yPred, sampleWeight, amplification }) => {
        const options = sampleWeight === undefined ? {} : { sampleWeight };
        const result = anyLoss(metrics.mcc, { amplification }).lossAndGradient(yTrue, yPred, options);
        const cells = softConfusionMatrix(yTrue, yPred, { amplification, ...options });
        expect(result.cells).toEqual(cells);
        expect(result.loss).toBe(1 - metrics.mcc.value(cells));
      }),
      { numRuns: 100 },
    );
  });

  it('soft cells are the sums of A(p) and 1 − A(p) defined by the paper', () => {
    // Source: the paper's soft confusion matrix (docs/concepts/soft-confusion-matrix.md), evaluated term by term.
    const yTrue = [1, 0, 1, 0];
    const yPred = [0.9, 0.2, 0.4, 0.55];
    const w = [2, 1, 0.5, 3];
    const a = yPred.map((p) => amplify(p, 10));
    const c = yPred.map((p) => amplifyComplement(p, 10));
    const cells = softConfusionMatrix(yTrue, yPred, { amplification: 10, sampleWeight: w });
    expect(cells.truePositives).toBeCloseTo(2 * (a[0] as number) + 0.5 * (a[2] as number), 15);
    expect(cells.falseNegatives).toBeCloseTo(2 * (c[0] as number) + 0.5 * (c[2] as number), 15);
    expect(cells.falsePositives).toBeCloseTo(1 * (a[1] as number) + 3 * (a[3] as number), 15);
    expect(cells.trueNegatives).toBeCloseTo(1 * (c[1] as number) + 3 * (c[3] as number), 15);
  });

  it("matches the paper's closed-form ∂loss/∂ŷ for accuracy, F-beta, G-mean and balanced accuracy (the paper's gradient derivation)", () => {
    const yTrue = [1, 0, 0, 1, 0, 1, 0, 0];
    const yPred = [0.8, 0.3, 0.6, 0.45, 0.1, 0.7, 0.52, 0.2];
    const L = 73;
    const yHat = yPred.map((p) => amplify(p, L));
    const slope = yHat.map((a, i) => L * a * amplifyComplement(yPred[i] as number, L));
    const n = yTrue.length;
    const tp = yTrue.reduce((s, y, i) => s + y * (yHat[i] as number), 0);
    const positives = yTrue.reduce((s, y) => s + y, 0);
    const negatives = n - positives;
    const sumYHat = yHat.reduce((s, a) => s + a, 0);
    const tn = yTrue.reduce((s, y, i) => s + (1 - y) * amplifyComplement(yPred[i] as number, L), 0);
    const beta2 = 4;
    const paper: Record<string, (y: number) => number> = {
      accuracy: (y) => (1 - 2 * y) / n,
      f2: (y) => (-(1 + beta2) * (y * (beta2 * positives + sumYHat) - tp)) / (beta2 * positives + sumYHat) ** 2,
      geometricMean: (y) => -(y * tn - (1 - y) * tp) / (2 * Math.sqrt(positives * negatives * tp * tn)),
      balancedAccuracy: (y) => -y / (2 * positives) + (1 - y) / (2 * negatives),
    };
    for (const [name, formula] of Object.entries(paper)) {
      const metric = name === 'f2' ? fBeta(2) : metrics[name as keyof typeof metrics];
      const { gradient } = anyLoss(metric, { amplification: L }).lossAndGradient(yTrue, yPred);
      yTrue.forEach((y, i) => {
        expect(gradient[i], `${name}[${i}]`).toBeCloseTo(formula(y) * (slope[i] as number), 12);
      });
    }
  });

  it('classWeight is the same as the matching per-sample weights', () => {
    fc.assert(
      fc.property(
        batchArbitrary,
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (batch, negativeWeight, positiveWeight) => {
          const loss = anyLoss(metrics.f1, { amplification: batch.amplification });
          const viaClass = loss.lossAndGradient(batch.yTrue, batch.yPred, { classWeight: { 0: negativeWeight, 1: positiveWeight } });
          const sampleWeight = batch.yTrue.map((y) => (y === 1 ? positiveWeight : negativeWeight));
          const viaSample = loss.lossAndGradient(batch.yTrue, batch.yPred, { sampleWeight });
          expect(viaClass.loss).toBeCloseTo(viaSample.loss, 12);
          expectClose(viaClass.gradient, Array.from(viaSample.gradient), { relative: 1e-12, absolute: 1e-8, scaleOfBoth: true });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('logits give the same loss as their probabilities, and ∂/∂z = ∂/∂p · p(1 − p)', () => {
    fc.assert(
      fc.property(batchArbitrary, ({ yTrue, logits, amplification }) => {
        const probabilities = logits.map(sigmoid);
        const fromLogits = anyLoss(metrics.balancedAccuracy, { amplification, from: 'logits' }).lossAndGradient(yTrue, logits);
        const fromProbabilities = anyLoss(metrics.balancedAccuracy, { amplification }).lossAndGradient(yTrue, probabilities);
        expect(fromLogits.loss).toBeCloseTo(fromProbabilities.loss, 12);
        const chained = Array.from(
          fromProbabilities.gradient,
          (g, i) => g * (probabilities[i] as number) * (1 - (probabilities[i] as number)),
        );
        expectClose(fromLogits.gradient, chained, { relative: 1e-9, absolute: 1e-8, scaleOfBoth: true });
      }),
      { numRuns: 100 },
    );
  });

  it('writes into a caller-provided buffer and returns it', () => {
    const out = new Float64Array(3);
    const result = anyLoss(metrics.f1).lossAndGradient([1, 0, 1], [0.7, 0.4, 0.2], { out });
    expect(result.gradient).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(anyLoss(metrics.f1).lossAndGradient([1, 0, 1], [0.7, 0.4, 0.2]).gradient));
  });

  it('accepts typed arrays for labels, predictions and weights', () => {
    const plain = anyLoss(metrics.mcc).lossAndGradient([1, 0, 1, 0], [0.7, 0.4, 0.2, 0.6], { sampleWeight: [1, 2, 3, 4] });
    const typed = anyLoss(metrics.mcc).lossAndGradient(new Uint8Array([1, 0, 1, 0]), new Float32Array([0.7, 0.4, 0.2, 0.6]), {
      sampleWeight: new Float64Array([1, 2, 3, 4]),
    });
    expect(typed.loss).toBeCloseTo(plain.loss, 6); // Float32 predictions differ in the 8th digit
  });

  it('loss() equals lossAndGradient().loss', () => {
    const loss = anyLoss(metrics.cohenKappa, { amplification: 20 });
    expect(loss.loss([1, 0, 0], [0.6, 0.3, 0.8])).toBe(loss.lossAndGradient([1, 0, 0], [0.6, 0.3, 0.8]).loss);
  });

  it('works with a custom metric and its numeric partials', () => {
    // Recall-weighted accuracy: no closed form given, so partials are numeric.
    const custom = defineMetric({
      name: 'custom',
      value: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) => {
        const total = 3 * truePositives + 3 * falseNegatives + falsePositives + trueNegatives;
        return total > 0 ? (3 * truePositives + trueNegatives) / total : 0;
      },
    });
    const loss = anyLoss(custom, { amplification: 15 });
    const yTrue = [1, 0, 1, 0, 0];
    const yPred = [0.7, 0.4, 0.2, 0.9, 0.1];
    const numeric = numericGradient((p) => loss.loss(yTrue, p), yPred, 1e-7);
    expectClose(loss.lossAndGradient(yTrue, yPred).gradient, numeric, { relative: 1e-6, absolute: 1e-8, scaleOfBoth: true });
  });
});

describe('zero division and saturation: loss and gradient are always finite', () => {
  const cases: Array<[string, number[], number[], number[] | undefined]> = [
    ['negatives only', [0, 0, 0, 0], [0.1, 0.8, 0.3, 0.6], undefined],
    ['positives only', [1, 1, 1], [0.1, 0.8, 0.6], undefined],
    ['all weights zero', [1, 0, 1], [0.1, 0.8, 0.6], [0, 0, 0]],
    ['probabilities exactly 0 and 1', [1, 0, 1, 0], [0, 1, 1, 0], undefined],
    ['single sample', [1], [0.3], undefined],
  ];
  for (const metric of allMetrics) {
    for (const [name, yTrue, yPred, sampleWeight] of cases) {
      it(`${metric.name}: ${name}`, () => {
        for (const amplification of [1, 73, 5000]) {
          const { loss, gradient } = anyLoss(metric, { amplification }).lossAndGradient(
            yTrue,
            yPred,
            sampleWeight === undefined ? undefined : { sampleWeight },
          );
          expect(Number.isFinite(loss)).toBe(true);
          for (const g of gradient) expect(Number.isFinite(g)).toBe(true);
        }
      });
    }
    it(`${metric.name}: logits ±1e4 and 0 give a finite loss and gradient`, () => {
      const { loss, gradient } = anyLoss(metric, { from: 'logits' }).lossAndGradient([1, 0, 1, 0, 1], [1e4, -1e4, -1e4, 1e4, 0]);
      expect(Number.isFinite(loss)).toBe(true);
      for (const g of gradient) expect(Number.isFinite(g)).toBe(true);
    });
  }

  it('L = 73 with p = 0.999: 1 − A is computed, not rounded to 0, so a confident mistake keeps its gradient', () => {
    // In float64 1 − A(0.999) = σ(−36.43) ≈ 1.5e-16: subtraction 1 − A would round it to 0 or 1.1e-16.
    expect(amplifyComplement(0.999, 73)).toBeCloseTo(sigmoid(-73 * 0.499), 30);
    expect(amplifyComplement(0.999, 73)).toBeGreaterThan(0);
    // A negative predicted at 0.999 among others: its gradient must be positive (push p down), not 0.
    const { gradient } = anyLoss(metrics.f1).lossAndGradient([1, 0, 1], [0.9, 0.999, 0.3]);
    expect(gradient[1]).toBeGreaterThan(0);
  });

  it('amplification above 1400 (exp overflow territory) still gives finite cells', () => {
    const cells = softConfusionMatrix([1, 0], [0, 1], { amplification: 1e6 });
    expect(cells.truePositives).toBeGreaterThanOrEqual(0);
    expect(cells.falseNegatives).toBeCloseTo(1, 15);
    expect(cells.falsePositives).toBeCloseTo(1, 15);
  });
});

describe('weights of any magnitude: metrics are scale-invariant, so loss and gradient do not depend on the unit (issue 12, item 7)', () => {
  for (const factor of [1e200, 1e-170, 2 ** 300, 2 ** -300, 1e300, 1e-300]) {
    it(`sample weights × ${factor}: the same loss and gradient as the plain weights, cells × ${factor}`, () => {
      fc.assert(
        fc.property(batchArbitrary, fc.constantFrom(...allMetrics), ({ yTrue, yPred, logits, sampleWeight, amplification }, metric) => {
          const weights = sampleWeight ?? yTrue.map(() => 1);
          for (const [from, inputs] of [
            ['probabilities', yPred],
            ['logits', logits],
          ] as const) {
            const loss = anyLoss(metric, { amplification, from });
            const plain = loss.lossAndGradient(yTrue, inputs, { sampleWeight: weights });
            const scaled = loss.lossAndGradient(yTrue, inputs, { sampleWeight: weights.map((w) => w * factor) });
            expect(Math.abs(scaled.loss - plain.loss)).toBeLessThanOrEqual(1e-12);
            expectClose(scaled.gradient, plain.gradient, { relative: 1e-12 });
            for (const name of ['truePositives', 'falseNegatives', 'falsePositives', 'trueNegatives'] as const) {
              expect(Math.abs(scaled.cells[name] - factor * plain.cells[name])).toBeLessThanOrEqual(
                1e-12 * factor * (plain.cells[name] + 1e-300),
              );
            }
          }
        }),
        { numRuns: 30 },
      );
    });
  }

  it('the issue reproducers: weights 1e200 and 1e-170 no longer give an all-zero gradient', () => {
    const yTrue = [1, 0, 1, 0];
    const yPred = [0.8, 0.3, 0.4, 0.6];
    const plain = anyLoss(metrics.f1).lossAndGradient(yTrue, yPred);
    for (const w of [1e200, 1e-170]) {
      const result = anyLoss(metrics.f1).lossAndGradient(yTrue, yPred, { sampleWeight: [w, w, w, w] });
      expect(result.loss).toBeCloseTo(plain.loss, 15);
      expectClose(result.gradient, plain.gradient, { relative: 1e-12 });
    }
  });

  it('MCC and kappa with weights 1e200, and class weights of 1e308, are finite and equal to the unweighted result', () => {
    const yTrue = [1, 0, 1, 0];
    const yPred = [0.8, 0.3, 0.4, 0.6];
    for (const metric of [metrics.mcc, metrics.cohenKappa, metrics.f1]) {
      const plain = anyLoss(metric).lossAndGradient(yTrue, yPred);
      for (const options of [{ sampleWeight: [1e200, 1e200, 1e200, 1e200] }, { classWeight: { 0: 1e308, 1: 1e308 } }]) {
        const result = anyLoss(metric).lossAndGradient(yTrue, yPred, options);
        expect(result.loss).toBeCloseTo(plain.loss, 14);
        expectClose(result.gradient, plain.gradient, { relative: 1e-12 });
      }
    }
  });

  it('subnormal weights (5e-324, all equal) are the unweighted batch, not noise', () => {
    const yTrue = [1, 0, 1, 0, 1];
    const yPred = [0.8, 0.3, 0.4, 0.6, 0.55];
    const plain = anyLoss(metrics.balancedAccuracy).lossAndGradient(yTrue, yPred);
    const tiny = anyLoss(metrics.balancedAccuracy).lossAndGradient(yTrue, yPred, { sampleWeight: yTrue.map(() => 5e-324) });
    expect(tiny.loss).toBe(plain.loss);
    expectClose(tiny.gradient, plain.gradient, { relative: 1e-12 });
  });

  it('weights whose cells overflow float64 are INVALID_WEIGHT naming the weights, not a metric error', () => {
    const yTrue = [1, 1, 0, 0];
    const yPred = [0.8, 0.6, 0.3, 0.2];
    const big = [1e308, 1e308, 1e308, 1e308];
    for (const action of [
      () => anyLoss(metrics.mcc).lossAndGradient(yTrue, yPred, { sampleWeight: big }),
      () => anyLoss(metrics.mcc).loss(yTrue, yPred, { sampleWeight: big }),
      () => softConfusionMatrix(yTrue, yPred, { sampleWeight: big }),
    ]) {
      expect(action).toThrow(expect.objectContaining({ code: 'INVALID_WEIGHT', argument: 'options.sampleWeight' }));
    }
    expect(() => anyLoss(metrics.f1).loss(yTrue, yPred, { classWeight: { 0: 1e308 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_WEIGHT', argument: 'options.classWeight' }),
    );
  });
});

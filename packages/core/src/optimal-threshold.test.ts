import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConfusionCells } from './cells.js';
import { confusionMatrix } from './confusion-matrix.js';
import { AnyLossError } from './errors.js';
import { defineMetric, type Metric } from './metric.js';
import { fBeta, metrics } from './metrics/index.js';
import { optimalThreshold } from './optimal-threshold.js';

/** Hard cells for the rule "positive iff score > threshold", counted directly (independent of the sweep). */
function cellsAt(yTrue: readonly number[], scores: readonly number[], threshold: number, weights?: readonly number[]): ConfusionCells {
  let truePositives = 0;
  let falseNegatives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  yTrue.forEach((label, i) => {
    const weight = weights?.[i] ?? 1;
    const positive = (scores[i] as number) > threshold;
    if (label === 1) {
      if (positive) truePositives += weight;
      else falseNegatives += weight;
    } else if (positive) falsePositives += weight;
    else trueNegatives += weight;
  });
  return { truePositives, falseNegatives, falsePositives, trueNegatives };
}

/**
 * Brute force: every threshold that gives a distinct prediction — each distinct score (that score and below are
 * negative) and −∞ (every sample positive) — in decreasing order, with the metric's value at each.
 */
function bruteForce(
  yTrue: readonly number[],
  scores: readonly number[],
  metric: Metric,
  weights?: readonly number[],
): { threshold: number; value: number }[] {
  const candidates = [...new Set(scores)].sort((a, b) => b - a);
  candidates.push(-Infinity);
  return candidates.map((threshold) => ({ threshold, value: metric.value(cellsAt(yTrue, scores, threshold, weights)) }));
}

/** Which samples a threshold predicts positive. */
function positivesAt(scores: readonly number[], threshold: number): boolean[] {
  return scores.map((score) => score > threshold);
}

const METRICS: Metric[] = [
  metrics.f1,
  metrics.mcc,
  metrics.balancedAccuracy,
  metrics.geometricMean,
  metrics.accuracy,
  metrics.precision,
  metrics.recall,
  metrics.cohenKappa,
  metrics.jaccard,
  fBeta(2),
];

/** Labelled scores with many ties (scores drawn from a few values) or none, probabilities or logits. */
const sample = fc
  .record({
    n: fc.integer({ min: 1, max: 40 }),
    distinct: fc.integer({ min: 1, max: 12 }),
    logits: fc.boolean(),
    seed: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 4 })), {
      minLength: 40,
      maxLength: 40,
    }),
  })
  .map(({ n, distinct, logits, seed }) => {
    const rows = seed.slice(0, n);
    const yTrue = rows.map(([label]) => label);
    const scores = rows.map(([, draw]) => {
      const level = (draw % distinct) / Math.max(1, distinct - 1) + draw * 1e-7 * (distinct > 6 ? 1 : 0);
      return logits ? 8 * level - 4 : Math.min(1, level);
    });
    const integerWeights = rows.map(([, , weight]) => weight);
    return { yTrue, scores, integerWeights };
  });

describe('optimalThreshold', () => {
  it('finds the F1-optimal threshold of a hand-checked example', () => {
    // Sorted scores 0.8 (1), 0.7 (0), 0.4 (1), 0.35 (0), 0.1 (0). F1 by cut (hand count): nothing positive 0,
    // {0.8} 2/3, {0.8, 0.7} 1/2, {0.8, 0.7, 0.4} 4/5, then 2/3 and 4/7 → the cut between 0.4 and 0.35.
    const result = optimalThreshold([0, 0, 1, 1, 0], [0.1, 0.35, 0.4, 0.8, 0.7], metrics.f1);
    expect(result.threshold).toBeCloseTo(0.375, 15);
    expect(result.value).toBeCloseTo(0.8, 15);
    expect(metrics.f1.value(confusionMatrix([0, 0, 1, 1, 0], [0.1, 0.35, 0.4, 0.8, 0.7], { threshold: result.threshold }))).toBeCloseTo(
      0.8,
      15,
    );
  });

  it('handles both ends: every sample negative (the largest score) and every sample positive (−∞)', () => {
    // Specificity is 1 with nothing predicted positive; recall is 1 once every positive is predicted positive,
    // and the lowest score belongs to a positive.
    expect(optimalThreshold([0, 1, 0], [0.2, 0.9, 0.6], metrics.specificity)).toEqual({ threshold: 0.9, value: 1 });
    expect(optimalThreshold([1, 0, 0], [0.1, 0.5, 0.9], metrics.recall)).toEqual({ threshold: -Infinity, value: 1 });
    // A single sample, and a constant score: only the two ends exist.
    expect(optimalThreshold([1], [3], metrics.f1)).toEqual({ threshold: -Infinity, value: 1 });
    expect(optimalThreshold([0, 1, 0], [0.5, 0.5, 0.5], metrics.accuracy)).toEqual({ threshold: 0.5, value: 2 / 3 });
  });

  it('keeps tied scores on one side and returns the largest of equally good thresholds', () => {
    // Scores 0.9, 0.6, 0.6, 0.3: the tied pair (one positive, one negative) moves together. Recall is 1 for every
    // threshold below 0.6 (the lowest positive is tied at 0.6): the largest, the midpoint of 0.6 and 0.3, is returned.
    const recall = optimalThreshold([1, 1, 0, 0], [0.9, 0.6, 0.6, 0.3], metrics.recall);
    expect(recall.threshold).toBeCloseTo(0.45, 15);
    expect(recall.value).toBe(1);
    // Precision is 1 only with the 0.9 sample alone: the tie at 0.6 cannot be split.
    const precision = optimalThreshold([1, 1, 0, 0], [0.9, 0.6, 0.6, 0.3], metrics.precision);
    expect(precision.threshold).toBeCloseTo(0.75, 15);
    expect(precision.value).toBe(1);
  });

  it('works on logits and any real scores, with weights', () => {
    // Weighted hand count: positives at 2 (w 1) and −1 (w 3), negatives at 0 (w 1) and −3 (w 1).
    // Accuracy by cut: none 2/6, {2} 3/6, {2, 0} 2/6, {2, 0, −1} 5/6, all 4/6 → the cut between −1 and −3.
    expect(optimalThreshold([1, 0, 1, 0], [2, 0, -1, -3], metrics.accuracy, { sampleWeight: [1, 1, 3, 1] })).toEqual({
      threshold: -2,
      value: 5 / 6,
    });
    // Zero weights count for nothing.
    expect(optimalThreshold([1, 0], [1, 2], metrics.f1, { sampleWeight: [1, 0] }).value).toBe(1);
  });

  it('falls back to the lower score when the midpoint of two adjacent doubles rounds up', () => {
    const low = 1;
    const high = 1 + Number.EPSILON;
    const { threshold } = optimalThreshold([0, 1], [low, high], metrics.f1);
    expect(threshold).toBe(low);
    expect(positivesAt([low, high], threshold)).toEqual([false, true]);
  });

  it('reaches the brute-force maximum over every threshold, for many metrics, with and without weights (property)', () => {
    fc.assert(
      fc.property(
        sample,
        fc.constantFrom(...METRICS),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 40, maxLength: 40 }),
        ({ yTrue, scores }, metric, weighted, drawn) => {
          const weights = weighted ? drawn.slice(0, yTrue.length) : undefined;
          const result = optimalThreshold(yTrue, scores, metric, weights === undefined ? undefined : { sampleWeight: weights });
          const best = Math.max(...bruteForce(yTrue, scores, metric, weights).map((c) => c.value));
          expect(result.value).toBeCloseTo(best, 10);
          // The returned threshold reproduces the value under the rule score > threshold.
          expect(metric.value(cellsAt(yTrue, scores, result.threshold, weights))).toBeCloseTo(result.value, 10);
        },
      ),
    );
  });

  it('returns the largest maximising threshold, a midpoint between adjacent distinct scores or an end (property, exact weights)', () => {
    fc.assert(
      fc.property(sample, fc.constantFrom(...METRICS), ({ yTrue, scores, integerWeights }, metric) => {
        const result = optimalThreshold(yTrue, scores, metric, { sampleWeight: integerWeights });
        const candidates = bruteForce(yTrue, scores, metric, integerWeights);
        const best = Math.max(...candidates.map((c) => c.value));
        const first = candidates.find((c) => c.value === best) as { threshold: number };
        expect(result.value).toBe(best);
        expect(positivesAt(scores, result.threshold)).toEqual(positivesAt(scores, first.threshold));
        const distinct = [...new Set(scores)].sort((a, b) => b - a);
        if (result.threshold !== -Infinity && result.threshold !== distinct[0]) {
          const below = distinct.find((s) => s <= result.threshold) as number;
          const above = distinct[distinct.indexOf(below) - 1] as number;
          expect(result.threshold === below / 2 + above / 2 || result.threshold === below).toBe(true);
        }
      }),
    );
  });

  it('agrees with confusionMatrix on probabilities', () => {
    fc.assert(
      fc.property(sample, ({ yTrue, scores }) => {
        const probabilities = scores.map((s) => Math.min(1, Math.max(0, s)));
        const result = optimalThreshold(yTrue, probabilities, metrics.mcc);
        if (result.threshold === -Infinity) return;
        expect(result.threshold).toBeGreaterThanOrEqual(0);
        expect(result.threshold).toBeLessThanOrEqual(1);
        expect(metrics.mcc.value(confusionMatrix(yTrue, probabilities, { threshold: result.threshold }))).toBeCloseTo(result.value, 12);
      }),
    );
  });

  it('rejects bad input with a typed error naming the argument', () => {
    const cases: [() => unknown, string, string, number?][] = [
      [() => optimalThreshold('01' as never, [0.1, 0.2], metrics.f1), 'INVALID_ARGUMENT', 'yTrue'],
      [() => optimalThreshold([], [], metrics.f1), 'EMPTY_INPUT', 'yTrue'],
      [() => optimalThreshold([0, 1], [0.1], metrics.f1), 'LENGTH_MISMATCH', 'scores'],
      [() => optimalThreshold([0, 2], [0.1, 0.2], metrics.f1), 'INVALID_LABEL', 'yTrue', 1],
      [() => optimalThreshold([0, '1'] as never, [0.1, 0.2], metrics.f1), 'INVALID_LABEL', 'yTrue', 1],
      [() => optimalThreshold([0, 1], [0.1, Number.NaN], metrics.f1), 'INVALID_ARGUMENT', 'scores', 1],
      [() => optimalThreshold([0, 1], [Infinity, 0.2], metrics.f1), 'INVALID_ARGUMENT', 'scores', 0],
      [() => optimalThreshold([0, 1], [0.1, '0.2'] as never, metrics.f1), 'INVALID_ARGUMENT', 'scores', 1],
      [() => optimalThreshold([0, 1], [0.1, 0.2], 'f1' as never), 'INVALID_METRIC', 'metric'],
      [() => optimalThreshold([0, 1], [0.1, 0.2], metrics.f1, { sampleWeight: [1, -1] }), 'INVALID_WEIGHT', 'options.sampleWeight', 1],
      [() => optimalThreshold([0, 1], [0.1, 0.2], metrics.f1, { sampleWeight: [1] }), 'LENGTH_MISMATCH', 'options.sampleWeight'],
      [() => optimalThreshold([0, 1], [0.1, 0.2], metrics.f1, { threshold: 0.5 } as never), 'UNKNOWN_OPTION', 'options.threshold'],
      [() => optimalThreshold([0, 1], [0.1, 0.2], metrics.f1, 3 as never), 'INVALID_ARGUMENT', 'options'],
    ];
    for (const [call, code, argument, index] of cases) {
      let caught: unknown;
      try {
        call();
      } catch (error) {
        caught = error;
      }
      expect(caught, `${code} ${argument}`).toBeInstanceOf(AnyLossError);
      expect((caught as AnyLossError).code).toBe(code);
      expect((caught as AnyLossError).argument).toBe(argument);
      if (index !== undefined) expect((caught as AnyLossError).index).toBe(index);
      expect((caught as AnyLossError).message).toContain(argument);
    }
  });

  it('propagates a custom metric that returns a non-finite value as INVALID_METRIC', () => {
    const broken = defineMetric({ name: 'broken', value: ({ truePositives }) => (truePositives > 0 ? Number.NaN : 0) });
    expect(() => optimalThreshold([1, 0], [0.9, 0.1], broken)).toThrow(/broken/);
  });
});

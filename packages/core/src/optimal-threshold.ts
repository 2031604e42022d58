import { AnyLossError, mustBe } from './errors.js';
import { readMetric, type Metric } from './metric.js';
import { assertArrayLike, assertOptions, invalidLabel, invalidWeight, isValidWeight } from './validate.js';

/** Options of {@link optimalThreshold}. */
export interface OptimalThresholdOptions {
  /** One finite, non-negative weight per sample; default 1 each. */
  readonly sampleWeight?: ArrayLike<number>;
}

/** What {@link optimalThreshold} returns. */
export interface OptimalThreshold {
  /**
   * The decision threshold, in the units of `scores`: predict positive iff `score > threshold`. `-Infinity` when
   * predicting every sample positive is best.
   */
  readonly threshold: number;
  /** The metric's value on the hard confusion matrix at that threshold (the maximum over all thresholds). */
  readonly value: number;
}

/**
 * The decision threshold that maximises a confusion-matrix metric on labelled scores — exactly, over every
 * possible threshold, by one sort and one sweep over the distinct scores (O(n log n)).
 *
 * Decision rule: a sample is predicted positive iff `score > threshold`, the rule of {@link confusionMatrix}.
 * `scores` may be probabilities, logits or any other scores that rank the samples; the threshold is in the
 * same units. Samples with equal scores always fall on the same side. Only the cuts between distinct scores
 * give different confusion matrices, and one threshold stands for each cut:
 *
 * - between two adjacent distinct scores a < b: their midpoint (a + b) / 2 (a, if the midpoint rounds to b);
 * - every sample negative: the largest score;
 * - every sample positive: `-Infinity`.
 *
 * When several cuts reach the maximum, the largest threshold among them is returned (the fewest positive
 * predictions). With probabilities the threshold is in [0, 1] (except `-Infinity`) and can be passed to
 * `confusionMatrix(yTrue, scores, { threshold })`.
 *
 * @example
 * ```ts
 * const { threshold, value } = optimalThreshold([0, 0, 1, 1, 0], [0.1, 0.35, 0.4, 0.8, 0.7], metrics.f1);
 * // threshold 0.375, value 0.8 (TP 2, FP 1, FN 0)
 * ```
 * @param yTrue - 0/1 labels.
 * @param scores - one finite score per sample.
 * @param metric - a built-in from `metrics`, `fBeta(β)`, or `defineMetric(...)`; higher is better.
 * @param options - `sampleWeight`.
 * @throws {@link AnyLossError} for any invalid argument: `INVALID_ARGUMENT` (not an array; a score that is not a
 *   finite number), `EMPTY_INPUT`, `LENGTH_MISMATCH`, `INVALID_LABEL`, `INVALID_WEIGHT`, `INVALID_METRIC`,
 *   `UNKNOWN_OPTION`.
 */
export function optimalThreshold(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  metric: Metric,
  options?: OptimalThresholdOptions,
): OptimalThreshold {
  assertOptions(options, ['sampleWeight']);
  assertArrayLike(yTrue, 'yTrue');
  assertArrayLike(scores, 'scores', { length: yTrue.length, of: 'yTrue' });
  const checkedMetric = readMetric(metric);
  const sampleWeight = options?.sampleWeight;
  if (sampleWeight !== undefined) assertArrayLike(sampleWeight, 'options.sampleWeight', { length: yTrue.length, of: 'yTrue' });
  const n = yTrue.length;
  const weightOf = (i: number): number => (sampleWeight === undefined ? 1 : (sampleWeight[i] as number));
  for (let i = 0; i < n; i++) {
    const label: unknown = yTrue[i];
    const score: unknown = scores[i];
    const weight: unknown = weightOf(i);
    if (label !== 0 && label !== 1) invalidLabel(i, label);
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      mustBe('INVALID_ARGUMENT', 'scores', 'a finite number', score, i);
    }
    if (!isValidWeight(weight)) invalidWeight(i, weight);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  // Every cell is a plain sum of the weights on its side of the cut (never a difference of totals, which would
  // leave rounding residue where a cell is exactly 0): FN and TN as suffix sums, TP and FP as running sums.
  const falseNegatives = new Float64Array(n + 1);
  const trueNegatives = new Float64Array(n + 1);
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k] as number;
    const positive = yTrue[i] === 1;
    falseNegatives[k] = (falseNegatives[k + 1] as number) + (positive ? weightOf(i) : 0);
    trueNegatives[k] = (trueNegatives[k + 1] as number) + (positive ? 0 : weightOf(i));
  }
  if (!((falseNegatives[0] as number) + (trueNegatives[0] as number) < Infinity)) {
    throw new AnyLossError('INVALID_WEIGHT', 'options.sampleWeight overflow: their sum exceeds float64; divide them by a common factor.', {
      argument: 'options.sampleWeight',
    });
  }
  // Sweep from "every sample negative" (threshold = the largest score) down through the distinct scores.
  let truePositives = 0;
  let falsePositives = 0;
  const valueAt = (k: number): number =>
    checkedMetric.value({
      truePositives,
      falseNegatives: falseNegatives[k] as number,
      falsePositives,
      trueNegatives: trueNegatives[k] as number,
    });
  let best = { threshold: scores[order[0] as number] as number, value: valueAt(0) };
  for (let k = 0; k < n;) {
    const score = scores[order[k] as number] as number;
    for (; k < n && scores[order[k] as number] === score; k++) {
      const i = order[k] as number;
      if (yTrue[i] === 1) truePositives += weightOf(i);
      else falsePositives += weightOf(i);
    }
    const value = valueAt(k);
    if (value > best.value) {
      let threshold = -Infinity;
      if (k < n) {
        const next = scores[order[k] as number] as number;
        threshold = score / 2 + next / 2;
        if (!(threshold >= next && threshold < score)) threshold = next;
      }
      best = { threshold, value };
    }
  }
  return best;
}

import { confusionMatrix, metrics } from '@anyloss/core';

/** The test metrics every result reports, in table order. */
export const REPORTED_METRICS = ['f1', 'balancedAccuracy', 'accuracy', 'geometricMean', 'mcc', 'precision', 'recall'] as const;

/** One of {@link REPORTED_METRICS}. */
export type ReportedMetric = (typeof REPORTED_METRICS)[number];

/** A value for each reported metric. */
export type MetricValues = Record<ReportedMetric, number>;

/**
 * Scores predictions with the hard confusion matrix of `@anyloss/core` (positive iff p > 0.5) and the core
 * metrics' `value` (so zero-division policies are the core's).
 *
 * @param labels - 0/1 labels.
 * @param scores - logits z, or probabilities when `from` is `'probabilities'`.
 */
export function evaluatePredictions(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  from: 'logits' | 'probabilities' = 'logits',
): MetricValues {
  const cells = confusionMatrix(labels, scores, { from });
  const values = {} as MetricValues;
  for (const name of REPORTED_METRICS) values[name] = metrics[name].value(cells);
  return values;
}

/** Mean of each metric over folds. */
export function meanMetrics(perFold: readonly MetricValues[]): MetricValues {
  const out = {} as MetricValues;
  for (const name of REPORTED_METRICS) {
    let sum = 0;
    for (const values of perFold) sum += values[name];
    out[name] = perFold.length > 0 ? sum / perFold.length : Number.NaN;
  }
  return out;
}

/**
 * Fraction of the total training-loss decrease already reached after `fraction` of the epochs:
 * (L₀ − L_{⌈fraction·E⌉}) / (L₀ − L_final), with L₀ the loss before the first update. NaN when the loss did
 * not decrease at all.
 */
export function convergenceFraction(initialLoss: number, lossPerEpoch: Float64Array, fraction = 0.1): number {
  const epochs = lossPerEpoch.length;
  if (epochs < 2) return Number.NaN;
  const final = lossPerEpoch[epochs - 1] as number;
  const early = lossPerEpoch[Math.min(epochs - 1, Math.max(1, Math.ceil(fraction * epochs)))] as number;
  const total = initialLoss - final;
  if (!(total > 0)) return Number.NaN;
  return (initialLoss - early) / total;
}

import { confusionMatrix, metrics } from '@anyloss/core';
import { multiclassConfusionMatrix, multiclassMetric } from '@anyloss/core/multiclass';

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

/** The test metrics every multi-class result reports, in table order. */
export const MULTICLASS_REPORTED_METRICS = ['macroF1', 'macroBalancedAccuracy', 'accuracy'] as const;

/** One of {@link MULTICLASS_REPORTED_METRICS}. */
export type MulticlassReportedMetric = (typeof MULTICLASS_REPORTED_METRICS)[number];

/** A value for each multi-class reported metric. */
export type MulticlassMetricValues = Record<MulticlassReportedMetric, number>;

/**
 * Scores multi-class predictions from the argmax of each row, with `@anyloss/core/multiclass`:
 * `macroF1` = `multiclassMetric(metrics.f1, y, z, { from, average: 'macro' })`, `macroBalancedAccuracy` = the macro
 * recall (the mean over classes of the per-class recall), `accuracy` = the share of rows whose argmax is the label.
 *
 * @param labels - class indices 0..K−1.
 * @param scores - row-major rows × K logits (or probabilities when `from` is `'probabilities'`).
 * @param classes - K.
 */
export function evaluateMulticlassPredictions(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  classes: number,
  from: 'logits' | 'probabilities' = 'logits',
): MulticlassMetricValues {
  const options = { from, classes, average: 'macro' } as const;
  const { matrix } = multiclassConfusionMatrix(labels, scores, { from, classes });
  let correct = 0;
  let total = 0;
  (matrix ?? []).forEach((row, truth) =>
    row.forEach((count, predicted) => {
      total += count;
      if (predicted === truth) correct += count;
    }),
  );
  return {
    macroF1: multiclassMetric(metrics.f1, labels, scores, options),
    macroBalancedAccuracy: multiclassMetric(metrics.recall, labels, scores, options),
    accuracy: total > 0 ? correct / total : Number.NaN,
  };
}

/** Mean of each metric over folds (binary metrics by default, or the given names). */
export function meanMetrics<M extends string = ReportedMetric>(
  perFold: readonly Record<M, number>[],
  names: readonly M[] = REPORTED_METRICS as unknown as readonly M[],
): Record<M, number> {
  const out = {} as Record<M, number>;
  for (const name of names) {
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

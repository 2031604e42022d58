import { defineRatioMetric } from './ratio-metric.js';

/**
 * Recall (sensitivity, true-positive rate): the share of positives predicted positive, `TP / (TP + FN)`.
 *
 * - Partials (P = TP + FN): ∂/∂TP = FN / P², ∂/∂FN = −TP / P², ∂/∂FP = ∂/∂TN = 0.
 * - Range [0, 1]. Zero division (no positives in the batch, P = 0): value 0, partials 0.
 * - Use when missing a positive is what costs; alone it is trivially maximised by predicting everything
 *   positive, so as a loss combine it (F-beta with β > 1, balanced accuracy, G-mean).
 */
export const recall = defineRatioMetric('recall', 'truePositives', 'falseNegatives');

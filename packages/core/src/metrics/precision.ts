import { defineRatioMetric } from './ratio-metric.js';

/**
 * Precision (positive predictive value): the share of predicted positives that are positive, `TP / (TP + FP)`.
 *
 * - Partials (d = TP + FP): ∂/∂TP = FP / d², ∂/∂FP = −TP / d², ∂/∂FN = ∂/∂TN = 0.
 * - Range [0, 1]. Zero division (no predicted positives, d = 0): value 0, partials 0 (scikit-learn's
 *   `zero_division=0`).
 * - Use when false alarms are what costs; alone it is trivially maximised by predicting almost nothing
 *   positive, so as a loss pair it with recall (F-beta) instead.
 */
export const precision = defineRatioMetric('precision', 'truePositives', 'falsePositives');

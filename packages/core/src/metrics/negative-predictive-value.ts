import { defineRatioMetric } from './ratio-metric.js';

/**
 * Negative predictive value (`npv`): the share of predicted negatives that are negative, `TN / (TN + FN)`.
 *
 * - Partials (d = TN + FN): ∂/∂TN = FN / d², ∂/∂FN = −TN / d², ∂/∂TP = ∂/∂FP = 0.
 * - Range [0, 1]. Zero division (no predicted negatives, d = 0): value 0, partials 0.
 * - Use as the negative-class counterpart of precision (e.g. inside markedness).
 */
export const npv = defineRatioMetric('npv', 'trueNegatives', 'falseNegatives');

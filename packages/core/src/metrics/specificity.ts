import { defineRatioMetric } from './ratio-metric.js';

/**
 * Specificity (true-negative rate): the share of negatives predicted negative, `TN / (TN + FP)`.
 *
 * - Partials (N = TN + FP): ∂/∂TN = FP / N², ∂/∂FP = −TN / N², ∂/∂TP = ∂/∂FN = 0.
 * - Range [0, 1]. Zero division (no negatives in the batch, N = 0): value 0, partials 0.
 * - Use as the negative-class counterpart of recall, inside balanced accuracy, G-mean or Youden's J.
 */
export const specificity = defineRatioMetric('specificity', 'trueNegatives', 'falsePositives');

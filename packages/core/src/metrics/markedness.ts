import { npv } from './negative-predictive-value.js';
import { precision } from './precision.js';
import { defineSumMetric } from './sum-metric.js';

/**
 * Markedness: `precision + npv − 1`, the predictive counterpart of Youden's J.
 *
 * - Partials: ∂/∂TP = FP / (TP + FP)², ∂/∂FP = −TP / (TP + FP)², ∂/∂TN = FN / (TN + FN)²,
 *   ∂/∂FN = −TN / (TN + FN)².
 * - Range [−1, 1], loss in [0, 2]. Zero division as precision and npv (an empty prediction column gives 0;
 *   all-zero cells give −1).
 * - Use when the reliability of both kinds of prediction matters; MCC is the geometric mean of J and markedness.
 */
export const markedness = defineSumMetric('markedness', precision, npv, -1, [-1, 1]);

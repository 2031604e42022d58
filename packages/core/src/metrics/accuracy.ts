import { defineMetric, ratio } from '../metric.js';

/**
 * Accuracy: the share of correct predictions, `(TP + TN) / (TP + FN + FP + TN)`.
 *
 * - Partials (T = TP + FN + FP + TN): ∂/∂TP = ∂/∂TN = (FN + FP) / T², ∂/∂FN = ∂/∂FP = −(TP + TN) / T².
 * - Range [0, 1]. Zero division (all weights 0, T = 0): value 0, partials 0.
 * - Use when classes are balanced and every error costs the same; on imbalanced data it rewards predicting
 *   the majority class.
 */
export const accuracy = defineMetric({
  name: 'accuracy',
  range: [0, 1],
  value: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) =>
    ratio(truePositives + trueNegatives, truePositives + falseNegatives + falsePositives + trueNegatives),
  partials: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) => {
    const correct = truePositives + trueNegatives;
    const wrong = falseNegatives + falsePositives;
    const totalSquared = (correct + wrong) ** 2;
    const gain = ratio(wrong, totalSquared);
    const cost = -ratio(correct, totalSquared);
    return { truePositives: gain, falseNegatives: cost, falsePositives: cost, trueNegatives: gain };
  },
});

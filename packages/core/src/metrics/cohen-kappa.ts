import { defineMetric, ZERO_PARTIALS } from '../metric.js';

/**
 * Cohen's kappa, agreement between labels and predictions corrected for chance:
 * `2(TP·TN − FN·FP) / ((TP + FP)(FP + TN) + (TP + FN)(FN + TN))`.
 *
 * - Partials (κ = the value, D = the denominator): ∂/∂c = (∂numerator/∂c − κ·∂D/∂c) / D with
 *   ∂numerator = (2TN, −2FP, −2FN, 2TP) and ∂D = (FP+TN + FN+TN, FN+TN + TP+FN, FP+TN + TP+FP, TP+FP + TP+FN)
 *   for (TP, FN, FP, TN).
 * - Range [−1, 1], loss in [0, 2]. Zero division (D = 0: labels and predictions all one and the same class):
 *   value 0, partials 0 (scikit-learn's `replace_undefined_by=0`).
 * - Use when agreement beyond chance is the target, e.g. to compare with annotator agreement.
 */
export const cohenKappa = defineMetric({
  name: 'cohenKappa',
  range: [-1, 1],
  value: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) => {
    const denominator =
      (truePositives + falsePositives) * (falsePositives + trueNegatives) +
      (truePositives + falseNegatives) * (falseNegatives + trueNegatives);
    return denominator > 0 ? (2 * (truePositives * trueNegatives - falseNegatives * falsePositives)) / denominator : 0;
  },
  partials: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) => {
    const predictedPositives = truePositives + falsePositives;
    const positives = truePositives + falseNegatives;
    const negatives = falsePositives + trueNegatives;
    const predictedNegatives = falseNegatives + trueNegatives;
    const denominator = predictedPositives * negatives + positives * predictedNegatives;
    if (!(denominator > 0)) return ZERO_PARTIALS;
    const kappa = (2 * (truePositives * trueNegatives - falseNegatives * falsePositives)) / denominator;
    return {
      truePositives: (2 * trueNegatives - kappa * (negatives + predictedNegatives)) / denominator,
      falseNegatives: (-2 * falsePositives - kappa * (predictedNegatives + positives)) / denominator,
      falsePositives: (-2 * falseNegatives - kappa * (negatives + predictedPositives)) / denominator,
      trueNegatives: (2 * truePositives - kappa * (predictedPositives + positives)) / denominator,
    };
  },
});

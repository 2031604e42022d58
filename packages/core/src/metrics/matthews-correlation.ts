import { defineMetric, ZERO_PARTIALS } from '../metric.js';

/**
 * Matthews correlation coefficient (`mcc`), the correlation between labels and predictions:
 * `(TP·TN − FP·FN) / √((TP + FP)(TP + FN)(TN + FP)(TN + FN))`.
 *
 * - Partials (m = the value, R = the square root): ∂/∂TP = TN/R − m·(1/(TP+FP) + 1/(TP+FN))/2,
 *   ∂/∂TN = TP/R − m·(1/(TN+FP) + 1/(TN+FN))/2, ∂/∂FP = −FN/R − m·(1/(TP+FP) + 1/(TN+FP))/2,
 *   ∂/∂FN = −FP/R − m·(1/(TP+FN) + 1/(TN+FN))/2.
 * - Range [−1, 1] (0 = chance), so the loss `1 − mcc` lies in [0, 2]. Zero division (any of the four sums is
 *   0, e.g. a single-class batch): value 0 and partials 0, as scikit-learn's `matthews_corrcoef`.
 *   The root is taken factor by factor, so the product never overflows or underflows; the value is clamped to
 *   [−1, 1] against the last-bit rounding that this leaves.
 * - Use when all four cells matter and a single balanced number is wanted; robust to imbalance.
 */
export const mcc = defineMetric({
  name: 'mcc',
  range: [-1, 1],
  value: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) => {
    const root =
      Math.sqrt(truePositives + falsePositives) *
      Math.sqrt(truePositives + falseNegatives) *
      Math.sqrt(trueNegatives + falsePositives) *
      Math.sqrt(trueNegatives + falseNegatives);
    // Clamped: the four roots can round the quotient to 1 + 2⁻⁵² on a perfect prediction.
    return root > 0 ? Math.max(-1, Math.min(1, (truePositives * trueNegatives - falsePositives * falseNegatives) / root)) : 0;
  },
  partials: ({ truePositives, falseNegatives, falsePositives, trueNegatives }) => {
    const predictedPositives = truePositives + falsePositives;
    const positives = truePositives + falseNegatives;
    const negatives = trueNegatives + falsePositives;
    const predictedNegatives = trueNegatives + falseNegatives;
    const root = Math.sqrt(predictedPositives) * Math.sqrt(positives) * Math.sqrt(negatives) * Math.sqrt(predictedNegatives);
    if (!(root > 0)) return ZERO_PARTIALS;
    const m = (truePositives * trueNegatives - falsePositives * falseNegatives) / root;
    const half = m / 2;
    return {
      truePositives: trueNegatives / root - half * (1 / predictedPositives + 1 / positives),
      falseNegatives: -falsePositives / root - half * (1 / positives + 1 / predictedNegatives),
      falsePositives: -falseNegatives / root - half * (1 / predictedPositives + 1 / negatives),
      trueNegatives: truePositives / root - half * (1 / negatives + 1 / predictedNegatives),
    };
  },
});

import { defineMetric, ratio } from '../metric.js';

/**
 * Jaccard index (intersection over union, critical success index): `TP / (TP + FN + FP)`.
 *
 * - Partials (d = TP + FN + FP): ∂/∂TP = (FN + FP) / d², ∂/∂FN = ∂/∂FP = −TP / d², ∂/∂TN = 0.
 * - Range [0, 1]; monotone in F1 (J = F1 / (2 − F1)). Zero division (d = 0): value 0, partials 0.
 * - Use for segmentation-style tasks where true negatives are uninformative.
 */
export const jaccard = defineMetric({
  name: 'jaccard',
  range: [0, 1],
  value: ({ truePositives, falseNegatives, falsePositives }) => ratio(truePositives, truePositives + falseNegatives + falsePositives),
  partials: ({ truePositives, falseNegatives, falsePositives }) => {
    const denominatorSquared = (truePositives + falseNegatives + falsePositives) ** 2;
    const cost = -ratio(truePositives, denominatorSquared);
    return {
      truePositives: ratio(falseNegatives + falsePositives, denominatorSquared),
      falseNegatives: cost,
      falsePositives: cost,
      trueNegatives: 0,
    };
  },
});

import { defineMetric, ZERO_PARTIALS } from '../metric.js';

/**
 * Fowlkes–Mallows index: `√(precision · recall) = TP / √((TP + FP)(TP + FN))`.
 *
 * - Partials (a = TP + FP, b = TP + FN, v = the value): ∂/∂TP = 1/√(ab) − v·(1/a + 1/b)/2,
 *   ∂/∂FP = −v / (2a), ∂/∂FN = −v / (2b), ∂/∂TN = 0.
 * - Range [0, 1]. Zero division (a = 0: nothing predicted positive, or b = 0: no positives): value 0,
 *   partials 0.
 * - Use like F1 (it is the geometric instead of the harmonic mean of precision and recall).
 */
export const fowlkesMallows = defineMetric({
  name: 'fowlkesMallows',
  range: [0, 1],
  value: ({ truePositives, falseNegatives, falsePositives }) => {
    const predictedPositives = truePositives + falsePositives;
    const positives = truePositives + falseNegatives;
    if (!(predictedPositives > 0 && positives > 0)) return 0;
    return truePositives / (Math.sqrt(predictedPositives) * Math.sqrt(positives));
  },
  partials: ({ truePositives, falseNegatives, falsePositives }) => {
    const a = truePositives + falsePositives;
    const b = truePositives + falseNegatives;
    if (!(a > 0 && b > 0)) return ZERO_PARTIALS;
    const inverseRoot = 1 / (Math.sqrt(a) * Math.sqrt(b));
    const v = truePositives * inverseRoot;
    return {
      truePositives: inverseRoot - (v * (1 / a + 1 / b)) / 2,
      falseNegatives: -v / (2 * b),
      falsePositives: -v / (2 * a),
      trueNegatives: 0,
    };
  },
});

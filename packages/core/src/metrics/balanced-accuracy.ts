import { defineMetric } from '../metric.js';
import { recall } from './recall.js';
import { specificity } from './specificity.js';

/**
 * Balanced accuracy: the mean of recall and specificity, `(TP / P + TN / N) / 2` with P = TP + FN, N = TN + FP.
 *
 * - Partials: ∂/∂TP = FN / (2P²), ∂/∂FN = −TP / (2P²), ∂/∂TN = FP / (2N²), ∂/∂FP = −TN / (2N²).
 * - Range [0, 1]; 0.5 is chance level. Zero division: a batch without positives (P = 0) has recall 0, so
 *   the value is specificity / 2 and only the negatives get a gradient (likewise without negatives).
 *   scikit-learn instead averages over the classes present; the gradient direction is the same.
 * - Use for imbalanced data when both classes matter equally; the paper's AnyLoss-BAcc.
 */
export const balancedAccuracy = defineMetric({
  name: 'balancedAccuracy',
  range: [0, 1],
  value: (cells) => (recall.value(cells) + specificity.value(cells)) / 2,
  partials: (cells) => {
    const r = recall.partials(cells);
    const s = specificity.partials(cells);
    return {
      truePositives: r.truePositives / 2,
      falseNegatives: r.falseNegatives / 2,
      falsePositives: s.falsePositives / 2,
      trueNegatives: s.trueNegatives / 2,
    };
  },
});

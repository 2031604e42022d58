import { defineMetric, ZERO_PARTIALS } from '../metric.js';
import { recall } from './recall.js';
import { specificity } from './specificity.js';

/**
 * Geometric mean of recall and specificity (G-mean): `√(recall · specificity)`.
 *
 * - Partials (g = the value): ∂/∂c = (specificity·∂recall/∂c + recall·∂specificity/∂c) / (2g), i.e.
 *   ∂/∂TP = s·FN / (2g·P²), ∂/∂FN = −s·TP / (2g·P²), ∂/∂TN = r·FP / (2g·N²), ∂/∂FP = −r·TN / (2g·N²).
 *   (The paper's reference code for the single-layer case is 4× too large; this is the true gradient.)
 * - Range [0, 1]. Zero division: recall or specificity that divides by zero is 0, so a single-class batch has
 *   value 0. Where g = 0 the derivative of √ is infinite; the partials are then defined as 0 (no gradient),
 *   so a batch without one of the classes does not move the model.
 * - Use for imbalanced data when both classes must be recognised; it punishes giving up on either class harder
 *   than balanced accuracy does.
 */
export const geometricMean = defineMetric({
  name: 'geometricMean',
  range: [0, 1],
  value: (cells) => Math.sqrt(recall.value(cells) * specificity.value(cells)),
  partials: (cells) => {
    const r = recall.value(cells);
    const s = specificity.value(cells);
    const g = Math.sqrt(r * s);
    if (!(g > 0)) return ZERO_PARTIALS;
    const dr = recall.partials(cells);
    const ds = specificity.partials(cells);
    return {
      truePositives: (s * dr.truePositives) / (2 * g),
      falseNegatives: (s * dr.falseNegatives) / (2 * g),
      falsePositives: (r * ds.falsePositives) / (2 * g),
      trueNegatives: (r * ds.trueNegatives) / (2 * g),
    };
  },
});

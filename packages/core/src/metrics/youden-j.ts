import { defineMetric } from '../metric.js';
import { recall } from './recall.js';
import { specificity } from './specificity.js';

/**
 * Youden's J statistic (informedness): `recall + specificity − 1`.
 *
 * - Partials: those of recall plus those of specificity — twice balanced accuracy's.
 * - Range [−1, 1] (0 = chance), so the loss `1 − J` lies in [0, 2]. Zero division as recall and specificity
 *   (an absent class contributes 0).
 * - Use like balanced accuracy when a chance-corrected scale is wanted (J = 2·BAcc − 1).
 */
export const youdenJ = defineMetric({
  name: 'youdenJ',
  range: [-1, 1],
  value: (cells) => recall.value(cells) + specificity.value(cells) - 1,
  partials: (cells) => {
    const r = recall.partials(cells);
    const s = specificity.partials(cells);
    return {
      truePositives: r.truePositives,
      falseNegatives: r.falseNegatives,
      falsePositives: s.falsePositives,
      trueNegatives: s.trueNegatives,
    };
  },
});

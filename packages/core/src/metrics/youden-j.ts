import { recall } from './recall.js';
import { specificity } from './specificity.js';
import { defineSumMetric } from './sum-metric.js';

/**
 * Youden's J statistic (informedness): `recall + specificity − 1`.
 *
 * - Partials: those of recall plus those of specificity — twice balanced accuracy's.
 * - Range [−1, 1] (0 = chance), so the loss `1 − J` lies in [0, 2]. Zero division as recall and specificity
 *   (an absent class contributes 0; all-zero cells give −1).
 * - Use like balanced accuracy when a chance-corrected scale is wanted (J = 2·BAcc − 1).
 */
export const youdenJ = defineSumMetric('youdenJ', recall, specificity, -1, [-1, 1]);

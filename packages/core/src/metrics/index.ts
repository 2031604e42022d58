import type { Metric } from '../metric.js';
import { accuracy } from './accuracy.js';
import { balancedAccuracy } from './balanced-accuracy.js';
import { cohenKappa } from './cohen-kappa.js';
import { f1 } from './f-beta.js';
import { fowlkesMallows } from './fowlkes-mallows.js';
import { geometricMean } from './geometric-mean.js';
import { jaccard } from './jaccard.js';
import { markedness } from './markedness.js';
import { mcc } from './matthews-correlation.js';
import { npv } from './negative-predictive-value.js';
import { precision } from './precision.js';
import { recall } from './recall.js';
import { specificity } from './specificity.js';
import { youdenJ } from './youden-j.js';

export { fBeta } from './f-beta.js';

/** Names of the built-in metrics, the keys of {@link metrics}. */
export type MetricName =
  | 'accuracy'
  | 'precision'
  | 'recall'
  | 'specificity'
  | 'npv'
  | 'f1'
  | 'balancedAccuracy'
  | 'geometricMean'
  | 'mcc'
  | 'jaccard'
  | 'youdenJ'
  | 'markedness'
  | 'cohenKappa'
  | 'fowlkesMallows';

/**
 * Every built-in metric, by name. Each has a closed-form `partials` and a documented zero-division policy;
 * `anyLoss(metrics.x)` trains on it, `metrics.x.value(confusionMatrix(...))` evaluates with it.
 * For F-beta with β ≠ 1 use {@link fBeta}.
 */
export const metrics: Readonly<Record<MetricName, Metric>> = Object.freeze({
  accuracy,
  precision,
  recall,
  specificity,
  npv,
  f1,
  balancedAccuracy,
  geometricMean,
  mcc,
  jaccard,
  youdenJ,
  markedness,
  cohenKappa,
  fowlkesMallows,
});

import { anyLoss as binaryAnyLoss, type AnyLoss, type AnyLossOptions } from '../any-loss.js';
import type { Metric } from '../metric.js';
import type { Average } from './average.js';
import { multiclassAnyLoss, type MulticlassAnyLoss, type MulticlassAnyLossOptions } from './multiclass-loss.js';

/**
 * `anyLoss` that also speaks multi-class: with an `average` option it returns {@link multiclassAnyLoss}, without
 * one the binary loss of `@anyloss/core`. It lives in this entry point so that the binary core stays small.
 * An `average` that is present but undefined counts as absent (the binary loss), as every other option that is
 * explicitly undefined takes its default.
 *
 * @example
 * ```ts
 * import { anyLoss } from '@anyloss/core/multiclass';
 * const macroF1 = anyLoss(metrics.f1, { average: 'macro' });   // multi-class
 * const f1 = anyLoss(metrics.f1);                              // binary, exactly as @anyloss/core's
 * ```
 */
export function anyLoss(metric: Metric, options: MulticlassAnyLossOptions & { readonly average: Average }): MulticlassAnyLoss;
export function anyLoss(metric: Metric, options?: AnyLossOptions): AnyLoss;
export function anyLoss(
  metric: Metric,
  options?: AnyLossOptions | (MulticlassAnyLossOptions & { readonly average: Average }),
): AnyLoss | MulticlassAnyLoss {
  if (typeof options !== 'object' || options === null || !('average' in options)) return binaryAnyLoss(metric, options);
  const { average, ...rest } = options;
  return average === undefined ? binaryAnyLoss(metric, rest) : multiclassAnyLoss(metric, options);
}

import { anyLoss as binaryAnyLoss, type AnyLoss, type AnyLossOptions } from '../any-loss.js';
import type { Metric } from '../metric.js';
import type { Average } from './average.js';
import { multiclassAnyLoss, type MulticlassAnyLoss, type MulticlassAnyLossOptions } from './multiclass-loss.js';

/**
 * `anyLoss` that also speaks multi-class: with an `average` option it returns {@link multiclassAnyLoss}, without
 * one the binary loss of `@anyloss/core`. It lives in this entry point so that the binary core stays small.
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
  if (options !== undefined && typeof options === 'object' && options !== null && 'average' in options) {
    return multiclassAnyLoss(metric, options);
  }
  return binaryAnyLoss(metric, options as AnyLossOptions | undefined);
}

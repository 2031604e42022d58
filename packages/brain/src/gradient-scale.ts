import type { ClassWeight } from '@anyloss/core';
import { mustBe } from '@anyloss/core/internal';
import { assertNumbers } from './arguments.js';

/**
 * How a batch's gradient ∂loss/∂p is scaled into brain.js's output error term (`target − output`):
 *
 * - `'sum'`: error_i = −n·∂loss/∂p_i for a batch of n patterns of non-zero weight (every pattern, without
 *   weights). The batch loss is a mean-like quantity whose per-pattern gradient shrinks as 1/n; multiplying by n
 *   gives each pattern an error of the same order as brain's own `target − output` (for accuracy, exactly ±1 before
 *   amplification), so learning rates mean roughly the same thing at every batch size. Patterns of weight 0 are not
 *   counted: they are out of the loss, so training with them equals training without them.
 * - `'normalize'`: error_i = −∂loss/∂p_i / max_j |∂loss/∂p_j|, so the largest error in every batch is ±1: the step
 *   size no longer depends on the amplification L or on how steep the metric is in that batch (the direction is
 *   still the exact gradient of the batch loss).
 */
export type GradientScale = 'sum' | 'normalize';

/**
 * The positive factor `s` with `error_i = −s·gradient_i` for a batch (see {@link GradientScale}). A batch whose
 * gradient is all zero — or so small that 1/max|gradient| overflows (subnormal) — gets `s = 1`.
 *
 * @param gradient - ∂loss/∂output of every output value of the batch (n values, or n×K for K output nodes).
 * @param scale - `'sum'` or `'normalize'`.
 * @param patterns - n, the batch's patterns of non-zero weight (`'sum'` multiplies by it; from
 *   {@link patternsWithNonZeroWeight}); default `gradient.length` (one output node, no weights). 0 (every weight 0: the
 *   gradient is zero) gives `s = 1`.
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` for a gradient that is not an array of numbers, another scale,
 *   or patterns that is not a non-negative integer.
 */
export function gradientScaleFactor(gradient: ArrayLike<number>, scale: GradientScale, patterns?: number): number {
  assertNumbers(gradient, 'gradient');
  if (scale !== 'sum' && scale !== 'normalize') mustBe('INVALID_ARGUMENT', 'scale', "'sum' or 'normalize'", scale);
  if (scale === 'sum') {
    if (patterns === undefined) return gradient.length;
    if (!Number.isInteger(patterns) || patterns < 0)
      mustBe('INVALID_ARGUMENT', 'patterns', 'a non-negative integer (the patterns of non-zero weight)', patterns);
    return patterns === 0 ? 1 : patterns;
  }
  let largest = 0;
  for (let i = 0; i < gradient.length; i++) largest = Math.max(largest, Math.abs(gradient[i] as number));
  // A gradient whose largest entry is below 1/MAX_VALUE (subnormal: 1/largest overflows), or NaN or ±∞ (never from
  // core), is not scaled: s = 1.
  const factor = 1 / largest;
  return factor > 0 && factor < Infinity ? factor : 1;
}

/**
 * The patterns of a batch that `'sum'` counts (see {@link GradientScale}): those whose weight — sample weight times
 * the class weight of its label — is not 0. Call it after core has checked the weights and labels (it reads them
 * as valid: non-negative numbers, 0/1 labels).
 *
 * @param patterns - the batch length.
 * @param sampleWeight - per-pattern weights, if any.
 * @param classWeight - per-class weights and the patterns' 0/1 labels, if any (one output node only).
 */
export function patternsWithNonZeroWeight(
  patterns: number,
  sampleWeight: ArrayLike<number> | undefined,
  classWeight?: { readonly weights: ClassWeight; readonly labels: ArrayLike<number> },
): number {
  if (sampleWeight === undefined && classWeight === undefined) return patterns;
  const negative = classWeight?.weights[0] ?? 1;
  const positive = classWeight?.weights[1] ?? 1;
  let counted = 0;
  for (let i = 0; i < patterns; i++) {
    const ofClass = classWeight === undefined ? 1 : classWeight.labels[i] === 1 ? positive : negative;
    if ((sampleWeight?.[i] ?? 1) * ofClass > 0) counted++;
  }
  return counted;
}

/**
 * How a batch's gradient ∂loss/∂p is scaled into brain.js's output error term (`target − output`):
 *
 * - `'sum'`: error_i = −n·∂loss/∂p_i for a batch of n patterns. The batch loss is a mean-like quantity whose
 *   per-pattern gradient shrinks as 1/n; multiplying by n gives each pattern an error of the same order as brain's
 *   own `target − output` (for accuracy, exactly ±1 before amplification), so learning rates mean roughly the same
 *   thing at every batch size.
 * - `'normalize'`: error_i = −∂loss/∂p_i / max_j |∂loss/∂p_j|, so the largest error in every batch is ±1: the step
 *   size no longer depends on the amplification L or on how steep the metric is in that batch (the direction is
 *   still the exact gradient of the batch loss).
 */
export type GradientScale = 'sum' | 'normalize';

/**
 * The positive factor `s` with `error_i = −s·gradient_i` for a batch (see {@link GradientScale}). A batch whose
 * gradient is all zero gets `s = 1` (its errors are zero anyway).
 *
 * @param gradient - ∂loss/∂output of every output value of the batch (n values, or n×K for K output nodes).
 * @param scale - `'sum'` or `'normalize'`.
 * @param patterns - the batch length n (`'sum'` multiplies by it); default `gradient.length` (one output node).
 */
export function gradientScaleFactor(gradient: ArrayLike<number>, scale: GradientScale, patterns: number = gradient.length): number {
  if (scale === 'sum') return patterns;
  let largest = 0;
  for (let i = 0; i < gradient.length; i++) largest = Math.max(largest, Math.abs(gradient[i] as number));
  return largest > 0 ? 1 / largest : 1;
}

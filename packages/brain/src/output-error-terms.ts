import type { AnyLoss, ClassWeight, LossAndGradient } from '@anyloss/core';
import { mustBe } from '@anyloss/core/internal';
import { assertBuffer, assertNumbers, assertObject } from './arguments.js';
import { gradientScaleFactor, patternsWithNonZeroWeight, type GradientScale } from './gradient-scale.js';

/** A mini-batch as the trainer holds it: labels, output-node probabilities and optional weights. */
export interface OutputBatch {
  /** 0/1 label of each pattern. */
  readonly labels: Float64Array;
  /** brain.js's output-node activation (a sigmoid probability) of each pattern. */
  readonly probabilities: Float64Array;
  /** Per-pattern weights, if any. */
  readonly sampleWeight?: Float64Array;
  /** Per-class weights, if any. */
  readonly classWeight?: ClassWeight;
}

/**
 * The output-layer error terms of one mini-batch, in the form brain.js's backpropagation consumes them.
 *
 * brain.js hard-codes the output error as `target − output` (`_calculateDeltas*`) and then multiplies it by the
 * sigmoid derivative, so that error is −∂E/∂output for its squared error E. To make brain.js backpropagate the
 * AnyLoss gradient instead, this function computes g_i = ∂loss/∂p_i over the whole batch with core's chain rule
 * and writes the target `t_i = p_i − scale·g_i` for each pattern, so that brain's `target − output` equals
 * `−s·∂loss/∂p_i` exactly (up to one rounding of t_i), where s is the factor chosen by `scale`.
 *
 * @param loss - the AnyLoss (metric and amplification) from `@anyloss/core`.
 * @param batch - labels, probabilities and weights of the batch.
 * @param scale - how ∂loss/∂p is scaled into brain's error term; see {@link GradientScale}.
 * @param gradient - receives ∂loss/∂p_i (length = batch size).
 * @param targets - receives the targets t_i to pass to `calculateDeltas` (length ≥ batch size).
 * @returns core's result (the batch loss, the gradient in the `gradient` buffer, the soft cells) and the factor s.
 * @throws {@link AnyLossError} for a bad loss, batch or buffer (and core's errors for bad labels, probabilities or
 *   weights, which name them `yTrue`, `yPred` and `options.sampleWeight`).
 */
export function outputErrorTerms(
  loss: AnyLoss,
  batch: OutputBatch,
  scale: GradientScale,
  gradient: Float64Array,
  targets: Float64Array,
): LossAndGradient & { readonly scale: number } {
  assertObject(loss, 'loss', "core's anyLoss(metric, options)");
  if (typeof loss.lossAndGradient !== 'function') mustBe('INVALID_ARGUMENT', 'loss', "core's anyLoss(metric, options)", loss);
  assertObject(batch, 'batch', 'an object { labels, probabilities, sampleWeight?, classWeight? }');
  assertNumbers(batch.probabilities, 'batch.probabilities');
  const n = batch.probabilities.length;
  assertBuffer(gradient, 'gradient', n, true);
  assertBuffer(targets, 'targets', n);
  const result = loss.lossAndGradient(batch.labels, batch.probabilities, {
    out: gradient,
    ...(batch.sampleWeight === undefined ? {} : { sampleWeight: batch.sampleWeight }),
    ...(batch.classWeight === undefined ? {} : { classWeight: batch.classWeight }),
  });
  const patterns = patternsWithNonZeroWeight(
    n,
    batch.sampleWeight,
    batch.classWeight === undefined ? undefined : { weights: batch.classWeight, labels: batch.labels },
  );
  const factor = gradientScaleFactor(gradient, scale, patterns);
  const { probabilities } = batch;
  for (let i = 0; i < probabilities.length; i++) {
    targets[i] = (probabilities[i] as number) - factor * (gradient[i] as number);
  }
  return { ...result, scale: factor };
}

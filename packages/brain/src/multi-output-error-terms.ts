import { mustBe, normalizeRows, rowNormalizationBackward } from '@anyloss/core/internal';
import type { MulticlassAnyLoss, MulticlassLossAndGradient } from '@anyloss/core/multiclass';
import { assertBuffer, assertNumbers, assertObject } from './arguments.js';
import { gradientScaleFactor, patternsWithNonZeroWeight, type GradientScale } from './gradient-scale.js';

/** A mini-batch of a multi-output net (K ≥ 2 output nodes), as the trainer holds it: flat row-major n×K arrays. */
export interface MultiOutputBatch {
  /** 0/1 label of each pattern and output node: one-hot rows (multi-class) or multi-hot rows (multi-label). */
  readonly labels: Float64Array;
  /** brain.js's output-node activations (independent sigmoids in [0, 1]) of each pattern. */
  readonly outputs: Float64Array;
  /** K, the number of output nodes. */
  readonly classes: number;
  /** Per-pattern weights, if any. */
  readonly sampleWeight?: Float64Array;
}

/** What {@link multiOutputErrorTerms} returns: core's result plus the output gradient and the factor s. */
export interface MultiOutputErrorTerms extends MulticlassLossAndGradient {
  /**
   * ∂loss/∂(output activation), flat n×K: the per-node error terms before scaling. For the multi-label task it is
   * core's gradient itself; for the multi-class task, core's gradient carried back through the row normalisation.
   */
  readonly outputGradient: Float64Array;
  /** The factor s with `target − output = −s·outputGradient`. */
  readonly scale: number;
}

/**
 * The output-layer error terms of one mini-batch of a multi-output net (K ≥ 2 output nodes), in the form brain.js's
 * backpropagation consumes them — the multi-output form of `outputErrorTerms`.
 *
 * brain.js's K output nodes are independent sigmoids s_ik. `loss` is core's `multiclassAnyLoss` with `classes: K`:
 *
 * - `output: 'sigmoid'` (multi-label): each s_ik is the probability of label k; core's g_ik = ∂loss/∂s_ik is used as is.
 * - `output: 'softmax'` (multi-class): each row is normalised, p_ik = s_ik / Σ_j s_ij, and core's loss (with its
 *   sharpened-softmax amplifier) is taken on p; the gradient is carried back through the normalisation (core's
 *   `rowNormalizationBackward`), ∂loss/∂s_ij = (g_ij − Σ_k g_ik·p_ik) / Σ_k s_ik. (A row whose K activations are all exactly 0 — only after
 *   float32 underflow — is read as uniform and gets no gradient.)
 *
 * It then writes the targets `t_ik = s_ik − s·∂loss/∂s_ik`, so that brain's error `target − output` of node k is
 * exactly `−s·∂loss/∂s_ik`, with s from `scale` (for `'sum'`, s = n, the batch's patterns of non-zero weight, as for one output node).
 *
 * @param loss - core's `multiclassAnyLoss` (`@anyloss/core/multiclass`) for the task, built with `classes: K`.
 * @param batch - labels, outputs and weights of the batch (flat n×K).
 * @param scale - how ∂loss/∂s is scaled into brain's error term; see {@link GradientScale}.
 * @param targets - receives the n×K targets (length ≥ n×K); pattern i's are `targets.subarray(i·K, (i + 1)·K)`.
 * @returns core's result (the batch loss, its gradient, the per-class soft cells), the output gradient and s.
 * @throws {@link AnyLossError} for a bad loss, batch or buffer (and core's errors for bad labels, outputs or weights).
 */
export function multiOutputErrorTerms(
  loss: MulticlassAnyLoss,
  batch: MultiOutputBatch,
  scale: GradientScale,
  targets: Float64Array,
): MultiOutputErrorTerms {
  assertObject(loss, 'loss', "core's multiclassAnyLoss(metric, { classes: K, ... })");
  if (typeof loss.lossAndGradient !== 'function' || (loss.output !== 'softmax' && loss.output !== 'sigmoid')) {
    mustBe('INVALID_ARGUMENT', 'loss', "core's multiclassAnyLoss(metric, { classes: K, ... })", loss);
  }
  assertObject(batch, 'batch', 'an object { labels, outputs, classes, sampleWeight? }');
  const { labels, outputs, classes } = batch;
  assertNumbers(outputs, 'batch.outputs');
  if (!Number.isInteger(classes) || classes < 2 || outputs.length % classes !== 0) {
    mustBe('INVALID_ARGUMENT', 'batch.classes', `an integer K ≥ 2 that divides batch.outputs.length (${outputs.length})`, classes);
  }
  assertBuffer(targets, 'targets', outputs.length);
  const samples = outputs.length / classes;
  const callOptions = batch.sampleWeight === undefined ? {} : { sampleWeight: batch.sampleWeight };
  let result: MulticlassLossAndGradient;
  let outputGradient: Float64Array;
  if (loss.output === 'sigmoid') {
    result = loss.lossAndGradient(labels, outputs, callOptions);
    outputGradient = result.gradient;
  } else {
    const rows = normalizeRows(outputs, classes);
    result = loss.lossAndGradient(labels, rows.probabilities, callOptions);
    outputGradient = rowNormalizationBackward(result.gradient, rows, classes, 'batch.outputs');
  }
  const factor = gradientScaleFactor(outputGradient, scale, patternsWithNonZeroWeight(samples, batch.sampleWeight));
  for (let e = 0; e < outputs.length; e++) targets[e] = (outputs[e] as number) - factor * (outputGradient[e] as number);
  return { ...result, outputGradient, scale: factor };
}

import type { MulticlassAmplifier } from '../multiclass/amplifiers.js';
import type { MulticlassOutput } from '../multiclass/batch.js';
import type { TensorOps } from './tensor-ops.js';

/** How predictions are amplified on a tensor adapter's device (core's amplifiers; see `MulticlassAmplifier`). */
export interface TensorAmplifier {
  /**
   * `'one-vs-rest'` — ŷ = σ(L·(q − 0.5)) per element, the binary amplifier A; `'softmax'` — ŷ = softmax(L·z) or
   * softmax(L·log p) per row.
   */
  readonly amplifier: MulticlassAmplifier;
  /** How logits become probabilities q: a softmax per row, or a sigmoid per element (`'sigmoid'`, and binary). */
  readonly output: MulticlassOutput;
  readonly fromLogits: boolean;
  /** The amplification scale L. */
  readonly amplification: number;
  /** K, the number of columns (1 for a binary batch). */
  readonly classes: number;
}

/** The amplified predictions ŷ and their complements 1 − ŷ, as tensors. */
export interface AmplifiedTensors<T> {
  readonly amplified: T;
  /** 1 − ŷ, never formed as a subtraction (it would round to 0 where a confident mistake needs it). */
  readonly complement: T;
}

/**
 * ŷ and 1 − ŷ of a batch, the tensor form of core's amplifiers:
 * - one-vs-rest: s = L·(q − 0.5), ŷ = σ(s), 1 − ŷ = σ(−s); from sigmoid logits q − 0.5 = tanh(z/2)/2, exact near
 *   z = 0 and finite for every z; from softmax logits q = softmax(z);
 * - softmax: ŷ = softmax(L·z) or softmax(L·log p) (p = 0 gives ŷ = 0), and 1 − ŷ_k = Σ_{j≠k} ŷ_j as a product
 *   with the K×K matrix of ones off the diagonal — a sum of non-negative terms, without cancellation.
 */
export function amplifyTensor<T>(ops: TensorOps<T>, prediction: T, settings: TensorAmplifier): AmplifiedTensors<T> {
  const { amplifier, output, fromLogits, amplification: L, classes } = settings;
  if (amplifier === 'softmax') {
    const amplified = ops.softmax(ops.mul(fromLogits ? prediction : ops.log(prediction), L));
    return { amplified, complement: ops.matMul(amplified, ops.constant(offDiagonalOnes(classes), [classes, classes])) };
  }
  const s =
    fromLogits && output === 'sigmoid'
      ? ops.mul(ops.tanh(ops.mul(prediction, 0.5)), L / 2)
      : ops.mul(ops.sub(fromLogits ? ops.softmax(prediction) : prediction, 0.5), L);
  return { amplified: ops.sigmoid(s), complement: ops.sigmoid(ops.neg(s)) };
}

/** The K×K matrix with 0 on the diagonal and 1 elsewhere, row-major. */
function offDiagonalOnes(classes: number): Float64Array {
  const values = new Float64Array(classes * classes).fill(1);
  for (let k = 0; k < classes; k++) values[k * classes + k] = 0;
  return values;
}

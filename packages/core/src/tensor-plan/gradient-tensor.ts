import type { AmplifiedTensors, TensorAmplifier } from './amplify-tensor.js';
import type { TensorOps } from './tensor-ops.js';

/** The tensors a backward pass reads: what the forward pass kept, in the plan's layout. */
export interface BackwardTensors<T> extends AmplifiedTensors<T> {
  /** Labels: rows `[1, n]` (binary) or one-hot / multi-hot `[n, K]`. */
  readonly labels: T;
  /** Sample weights `[1, n]` or `[n, 1]`, if any. */
  readonly weights: T | undefined;
  /** The predictions as given (probabilities or logits), when the backward pass needs them. */
  readonly prediction: T | undefined;
}

/**
 * ∂loss/∂input of a binary batch (rows `[1, n]`), the chain rule of the AnyLoss paper as tensor ops:
 * `w · c(y) · L·ŷ(1 − ŷ)`, times `p(1 − p) = σ(z)·σ(−z)` for logits, with `c(y) = c₋ + y·(c₊ − c₋)` from
 * core's chain-rule coefficients (class weights included) and `dy` the upstream gradient of the loss.
 */
export function binaryGradientTensor<T>(
  ops: TensorOps<T>,
  dy: T,
  tensors: BackwardTensors<T>,
  coefficients: { readonly positive: number; readonly negative: number },
  settings: { readonly amplification: number; readonly fromLogits: boolean },
): T {
  const { labels, amplified, complement, weights, prediction } = tensors;
  const coefficient = ops.add(ops.mul(labels, coefficients.positive - coefficients.negative), coefficients.negative);
  let gradient = ops.mul(ops.mul(amplified, complement), ops.mul(coefficient, ops.mul(dy, settings.amplification)));
  if (weights !== undefined) gradient = ops.mul(gradient, weights);
  if (settings.fromLogits) gradient = ops.mul(gradient, logisticSlope(ops, prediction as T));
  return gradient;
}

/**
 * ∂loss/∂input of a multi-output batch `[n, K]`: ∂loss/∂ŷ_ik = w_i·c_k(y_ik), `c_k(y) = c₋_k + y·(c₊_k − c₋_k)`
 * with class k's chain-rule coefficients (rows `[1, K]`), pushed back through the amplifier — the softmax
 * amplifier's Jacobian-vector product L·ŷ ⊙ (g − Σ_j g_j ŷ_j) and then d(log p)/dp = 1/p (0 where p = 0); or
 * L·ŷ(1 − ŷ) per element, then the sigmoid's p(1 − p) or the softmax's Jacobian for logits.
 */
export function perClassGradientTensor<T>(
  ops: TensorOps<T>,
  dy: T,
  tensors: BackwardTensors<T>,
  coefficients: { readonly positive: Float32Array; readonly negative: Float32Array },
  settings: TensorAmplifier,
): T {
  const { labels, amplified, complement, weights, prediction } = tensors;
  const { amplifier, output, fromLogits, amplification: L, classes } = settings;
  const { positive, negative } = coefficients;
  const difference = ops.constant(
    positive.map((value, k) => value - (negative[k] ?? Number.NaN)),
    [1, classes],
  );
  let gradient = ops.mul(ops.add(ops.mul(labels, difference), ops.constant(negative, [1, classes])), dy);
  if (weights !== undefined) gradient = ops.mul(gradient, weights);
  if (amplifier === 'softmax') {
    gradient = ops.mul(softmaxJacobianProduct(ops, gradient, amplified), L);
    if (!fromLogits) {
      const p = prediction as T;
      gradient = ops.wherePositive(p, ops.div(gradient, p), ops.zerosLike(gradient));
    }
    return gradient;
  }
  gradient = ops.mul(gradient, ops.mul(ops.mul(amplified, complement), L)); // dŷ/ds·ds/dq = L·ŷ(1 − ŷ)
  if (fromLogits && output === 'sigmoid') return ops.mul(gradient, logisticSlope(ops, prediction as T));
  if (fromLogits) return softmaxJacobianProduct(ops, gradient, ops.softmax(prediction as T));
  return gradient;
}

/** g ↦ v ⊙ (g − Σ_j g_j v_j) per row: the product of a softmax's Jacobian (outputs v) with g. */
export function softmaxJacobianProduct<T>(ops: TensorOps<T>, gradient: T, outputs: T): T {
  return ops.mul(outputs, ops.sub(gradient, ops.sumRows(ops.mul(gradient, outputs))));
}

/** dσ(z)/dz = σ(z)·σ(−z), without the cancellation of σ(z)·(1 − σ(z)). */
function logisticSlope<T>(ops: TensorOps<T>, logits: T): T {
  return ops.mul(ops.sigmoid(logits), ops.sigmoid(ops.neg(logits)));
}

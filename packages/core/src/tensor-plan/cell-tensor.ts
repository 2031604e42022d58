import type { AmplifiedTensors } from './amplify-tensor.js';
import type { TensorOps } from './tensor-ops.js';

/**
 * The four (soft or hard) cells of a binary batch, `[TP, FN, FP, TN]`, from rows `[1, n]`: the 2×n matrix of
 * (weighted) labels `[w·y; w·(1 − y)]` times the n×2 matrix `[ŷ; 1 − ŷ]ᵀ` — one small product, fast on every
 * backend (stacking rows and a product with a transposed operand; columns would be slow to join on some).
 */
export function binaryCellTensor<T>(
  ops: TensorOps<T>,
  labels: T,
  weights: T | undefined,
  { amplified, complement }: AmplifiedTensors<T>,
): T {
  let split = ops.stackRows([labels, ops.sub(1, labels)]);
  if (weights !== undefined) split = ops.mul(split, weights);
  return ops.flatten(ops.matMul(split, ops.stackRows([amplified, complement]), true));
}

/**
 * The one-vs-rest cells of every class of a batch `[n, K]` (labels one-hot or multi-hot, weights `[n, 1]`), as
 * `[TP₀…TP_K−1, FN₀…, FP₀…, TN₀…]`: column sums of (weighted) labels times ŷ and 1 − ŷ.
 */
export function perClassCellTensor<T>(
  ops: TensorOps<T>,
  labels: T,
  weights: T | undefined,
  { amplified, complement }: AmplifiedTensors<T>,
): T {
  const positives = weights === undefined ? labels : ops.mul(labels, weights);
  const negatives = weights === undefined ? ops.sub(1, labels) : ops.mul(ops.sub(1, labels), weights);
  return ops.concat([
    ops.sumColumns(ops.mul(positives, amplified)),
    ops.sumColumns(ops.mul(positives, complement)),
    ops.sumColumns(ops.mul(negatives, amplified)),
    ops.sumColumns(ops.mul(negatives, complement)),
  ]);
}

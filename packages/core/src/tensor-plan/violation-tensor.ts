import { ROW_SUM_TOLERANCE } from '../multiclass/batch.js';
import type { TensorOps } from './tensor-ops.js';

// Each check is a scalar tensor that is 0 exactly when every element is valid; NaN propagates through all of them,
// so a batch is checked with one number each in the adapter's one read.

/** Σ |y·(y − 1)|: 0 iff every label is exactly 0 or 1. */
export function labelViolation<T>(ops: TensorOps<T>, labels: T): T {
  return ops.sum(ops.abs(ops.mul(labels, ops.sub(labels, 1))));
}

/** {@link labelViolation} plus Σ |row sum − 1|: 0 iff every row `[n, K]` is one-hot. */
export function oneHotViolation<T>(ops: TensorOps<T>, rows: T): T {
  return ops.add(labelViolation(ops, rows), ops.sum(ops.abs(ops.sub(ops.sumRows(rows), 1))));
}

/** 0 iff every class index (as a float tensor) is an integer in 0..K−1. */
export function classIndexViolation<T>(ops: TensorOps<T>, indices: T, classes: number): T {
  const fraction = ops.sum(ops.abs(ops.sub(indices, ops.round(indices))));
  return ops.add(fraction, ops.sum(ops.add(ops.relu(ops.neg(indices)), ops.relu(ops.sub(indices, classes - 1)))));
}

/** Σ (x − x): 0 iff every element is finite (∞ − ∞ and NaN are NaN). */
export function nonFiniteViolation<T>(ops: TensorOps<T>, values: T): T {
  return ops.sum(ops.sub(values, values));
}

/**
 * 0 iff the predictions and weights are valid: finite logits, or probabilities in [0, 1] — whose rows `[n, K]`
 * sum to 1 within core's tolerance when `rowsSumToOne` — and weights finite and ≥ 0.
 */
export function predictionViolation<T>(
  ops: TensorOps<T>,
  prediction: T,
  weights: T | undefined,
  settings: { readonly fromLogits: boolean; readonly rowsSumToOne: boolean; readonly classes: number },
): T {
  let check: T;
  if (settings.fromLogits) check = nonFiniteViolation(ops, prediction);
  else {
    check = ops.sum(ops.add(ops.relu(ops.neg(prediction)), ops.relu(ops.sub(prediction, 1))));
    if (settings.rowsSumToOne) {
      const offOne = ops.abs(ops.sub(ops.sumRows(prediction), 1));
      check = ops.add(check, ops.sum(ops.relu(ops.sub(offOne, ROW_SUM_TOLERANCE * settings.classes))));
    }
  }
  return weights === undefined ? check : ops.add(check, ops.sum(ops.add(ops.relu(ops.neg(weights)), ops.sub(weights, weights))));
}

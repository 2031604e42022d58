/**
 * The element-wise and reduction operations a tensor adapter supplies, so that core can write the formulas of
 * AnyLoss once, for any tensor type `T` (a TensorFlow.js `Tensor`, or plain arrays in core's own tests). The
 * adapter maps each to one op of its framework and holds no formula itself.
 *
 * Shapes: a batch is `[1, n]` rows (binary) or `[n, K]` (multi-output); numbers broadcast as scalars, `[1, K]`
 * rows and `[n, 1]` columns broadcast as usual. Values are those of the adapter's tensors (float32 in tfjs).
 */
export interface TensorOps<T> {
  add(a: T, b: T | number): T;
  sub(a: T | number, b: T | number): T;
  mul(a: T, b: T | number): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  abs(a: T): T;
  /** max(a, 0). */
  relu(a: T): T;
  round(a: T): T;
  log(a: T): T;
  tanh(a: T): T;
  /** The logistic function 1 / (1 + e^−a). */
  sigmoid(a: T): T;
  /** Softmax over the last axis (each row of `[n, K]`). */
  softmax(a: T): T;
  /** 1 where a > b, 0 elsewhere, as a number tensor of a's shape. */
  greater(a: T, b: number): T;
  /** Each row of `[n, K]` as the one-hot row of its argmax (ties to the lowest index). */
  argmaxOneHot(a: T): T;
  /** `a` where `x` > 0, `b` elsewhere. */
  wherePositive(x: T, a: T, b: T): T;
  zerosLike(a: T): T;
  /** Σ of every element: a scalar. */
  sum(a: T): T;
  /** Σ over the last axis, kept: `[n, K]` → `[n, 1]`. */
  sumRows(a: T): T;
  /** Σ over the first axis: `[n, K]` → `[K]`. */
  sumColumns(a: T): T;
  /** The matrix product a·b, or a·bᵀ with `transposeB`. */
  matMul(a: T, b: T, transposeB?: boolean): T;
  /** Rows `[1, n]` stacked into `[R, n]`. */
  stackRows(rows: readonly T[]): T;
  /** The elements of `a` (any shape, scalars included) as a flat `[size]` tensor. */
  flatten(a: T): T;
  /** Flat tensors joined end to end. */
  concat(parts: readonly T[]): T;
  /** A constant tensor of this shape from row-major values. */
  constant(values: ArrayLike<number>, shape: readonly number[]): T;
}

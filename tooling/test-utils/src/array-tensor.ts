/**
 * A float64 tensor on plain arrays (rank 0 to 2, row-major) and the ops of core's `TensorOps` on it: the
 * reference "device" on which core's tests run its tensor plans, where every result can be compared with core's
 * own float64 loops. Structural, so that this package does not depend on core.
 */
export interface ArrayTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** A tensor of this shape from row-major values. */
export function arrayTensor(values: ArrayLike<number>, shape: readonly number[]): ArrayTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) throw new Error(`${values.length} values do not fill shape [${shape.join(', ')}]`);
  return { shape: [...shape], data: Float64Array.from(values) };
}

const scalar = (value: number): ArrayTensor => ({ shape: [], data: Float64Array.of(value) });
const asTensor = (value: ArrayTensor | number): ArrayTensor => (typeof value === 'number' ? scalar(value) : value);

/** Element-wise with broadcasting (dimensions of size 1, and missing leading ones, stretch). */
function broadcast(a: ArrayTensor | number, b: ArrayTensor | number, f: (x: number, y: number) => number): ArrayTensor {
  const [x, y] = [asTensor(a), asTensor(b)];
  const rank = Math.max(x.shape.length, y.shape.length);
  const pad = (shape: readonly number[]): number[] => [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const [sx, sy] = [pad(x.shape), pad(y.shape)];
  const shape = sx.map((d, i) => {
    const e = sy[i] ?? 1;
    if (d !== e && d !== 1 && e !== 1) throw new Error(`shapes [${x.shape.join(', ')}] and [${y.shape.join(', ')}] do not broadcast`);
    return Math.max(d, e);
  });
  const size = shape.reduce((p, d) => p * d, 1);
  const out = new Float64Array(size);
  const offset = (source: readonly number[], index: number): number => {
    let flat = 0;
    let rest = index;
    let stride = 1;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const d = shape[axis] ?? 1;
      const position = rest % d;
      rest = Math.floor(rest / d);
      const sd = source[axis] ?? 1;
      if (sd !== 1) flat += position * stride;
      stride *= sd;
    }
    return flat;
  };
  for (let i = 0; i < size; i++) out[i] = f(x.data[offset(sx, i)] ?? Number.NaN, y.data[offset(sy, i)] ?? Number.NaN);
  return { shape, data: out };
}

const map = (a: ArrayTensor, f: (x: number) => number): ArrayTensor => ({ shape: a.shape, data: a.data.map(f) });
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** The rows `[n, K]` (or `[1, n]`) of a rank-2 tensor. */
function rowsOf(a: ArrayTensor): number[][] {
  if (a.shape.length !== 2) throw new Error(`expected a matrix, got shape [${a.shape.join(', ')}]`);
  const [n, k] = a.shape as [number, number];
  return Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * k, (i + 1) * k)));
}

/** Core's `TensorOps` on {@link ArrayTensor}s, in float64. */
export const arrayTensorOps = {
  add: (a: ArrayTensor, b: ArrayTensor | number) => broadcast(a, b, (x, y) => x + y),
  sub: (a: ArrayTensor | number, b: ArrayTensor | number) => broadcast(a, b, (x, y) => x - y),
  mul: (a: ArrayTensor, b: ArrayTensor | number) => broadcast(a, b, (x, y) => x * y),
  div: (a: ArrayTensor, b: ArrayTensor) => broadcast(a, b, (x, y) => x / y),
  neg: (a: ArrayTensor) => map(a, (x) => -x),
  abs: (a: ArrayTensor) => map(a, Math.abs),
  relu: (a: ArrayTensor) => map(a, (x) => (x > 0 ? x : x === x ? 0 : x)),
  round: (a: ArrayTensor) => map(a, Math.round),
  log: (a: ArrayTensor) => map(a, Math.log),
  tanh: (a: ArrayTensor) => map(a, Math.tanh),
  sigmoid: (a: ArrayTensor) => map(a, sigmoid),
  softmax: (a: ArrayTensor): ArrayTensor => {
    const out = rowsOf(a).flatMap((row) => {
      const largest = Math.max(...row);
      const e = row.map((x) => Math.exp(x - largest));
      const total = e.reduce((p, q) => p + q, 0);
      return e.map((v) => v / total);
    });
    return arrayTensor(out, a.shape);
  },
  greater: (a: ArrayTensor, b: number) => map(a, (x) => (x > b ? 1 : 0)),
  argmaxOneHot: (a: ArrayTensor): ArrayTensor => {
    const out = rowsOf(a).flatMap((row) => {
      let best = 0;
      for (let k = 1; k < row.length; k++) if ((row[k] ?? 0) > (row[best] ?? 0)) best = k;
      return row.map((_, k) => (k === best ? 1 : 0));
    });
    return arrayTensor(out, a.shape);
  },
  wherePositive: (x: ArrayTensor, a: ArrayTensor, b: ArrayTensor): ArrayTensor =>
    arrayTensor(
      Array.from(x.data, (value, i) => (value > 0 ? (a.data[i] ?? Number.NaN) : (b.data[i] ?? Number.NaN))),
      x.shape,
    ),
  zerosLike: (a: ArrayTensor): ArrayTensor => ({ shape: a.shape, data: new Float64Array(a.data.length) }),
  sum: (a: ArrayTensor) => scalar(a.data.reduce((p, q) => p + q, 0)),
  sumRows: (a: ArrayTensor) =>
    arrayTensor(
      rowsOf(a).map((row) => row.reduce((p, q) => p + q, 0)),
      [a.shape[0] ?? 0, 1],
    ),
  sumColumns: (a: ArrayTensor): ArrayTensor => {
    const rows = rowsOf(a);
    const k = a.shape[1] ?? 0;
    return arrayTensor(
      Array.from({ length: k }, (_, j) => rows.reduce((p, row) => p + (row[j] ?? 0), 0)),
      [k],
    );
  },
  matMul: (a: ArrayTensor, b: ArrayTensor, transposeB = false): ArrayTensor => {
    const left = rowsOf(a);
    const right = rowsOf(b);
    const columns = transposeB ? right : (right[0] ?? []).map((_, j) => right.map((row) => row[j] ?? 0));
    const out = left.flatMap((row) => columns.map((column) => row.reduce((p, x, i) => p + x * (column[i] ?? Number.NaN), 0)));
    return arrayTensor(out, [left.length, columns.length]);
  },
  stackRows: (rows: readonly ArrayTensor[]): ArrayTensor => {
    const n = rows[0]?.shape[1] ?? 0;
    return arrayTensor(
      rows.flatMap((row) => Array.from(row.data)),
      [rows.length, n],
    );
  },
  flatten: (a: ArrayTensor) => arrayTensor(a.data, [a.data.length]),
  concat: (parts: readonly ArrayTensor[]) => {
    const values = parts.flatMap((part) => Array.from(part.data));
    return arrayTensor(values, [values.length]);
  },
  constant: (values: ArrayLike<number>, shape: readonly number[]) => arrayTensor(values, shape),
};

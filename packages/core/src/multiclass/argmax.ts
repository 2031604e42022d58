/** The index of the largest of the K values of row `row` (flat row-major), ties to the lowest index. */
export function argmaxOfRow(values: ArrayLike<number>, row: number, classes: number): number {
  const offset = row * classes;
  let best = 0;
  for (let k = 1; k < classes; k++) if ((values[offset + k] as number) > (values[offset + best] as number)) best = k;
  return best;
}

/**
 * Hard multi-class decisions: each row of K scores (flat row-major n×K) replaced by the one-hot row of its argmax
 * (ties to the lowest index) — rows that sum to 1 with the argmax of the scores, whatever the scores are (e.g.
 * independent sigmoids).
 */
export function argmaxOneHotRows(values: ArrayLike<number>, classes: number): Float64Array {
  const decisions = new Float64Array(values.length);
  for (let row = 0; row * classes < values.length; row++) decisions[row * classes + argmaxOfRow(values, row, classes)] = 1;
  return decisions;
}

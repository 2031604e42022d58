import { AnyLossError } from '../errors.js';

/**
 * Rows of K non-negative activations (e.g. K independent sigmoid outputs) normalised to probabilities,
 * p_ik = s_ik / Σ_j s_ij, with each row's sum kept for {@link rowNormalizationBackward}. A row whose K values are
 * all exactly 0 (only after float32 underflow) is read as uniform, 1/K each.
 *
 * @param values - flat row-major n×K activations, each ≥ 0.
 * @param classes - K.
 */
export function normalizeRows(
  values: ArrayLike<number>,
  classes: number,
): { readonly probabilities: Float64Array; readonly sums: Float64Array } {
  const samples = values.length / classes;
  const probabilities = new Float64Array(values.length);
  const sums = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const offset = i * classes;
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += values[offset + k] as number;
    sums[i] = sum;
    for (let k = 0; k < classes; k++) probabilities[offset + k] = sum > 0 ? (values[offset + k] as number) / sum : 1 / classes;
  }
  return { probabilities, sums };
}

/**
 * ∂loss/∂s from ∂loss/∂p through the row normalisation of {@link normalizeRows}:
 * ∂loss/∂s_ij = (g_ij − Σ_k g_ik·p_ik) / Σ_k s_ik; a row read as uniform (sum 0) gets no gradient.
 *
 * @param gradient - ∂loss/∂p, flat n×K.
 * @param rows - what {@link normalizeRows} returned.
 * @param classes - K.
 * @param argument - the name of the activations in an error, e.g. `'batch.outputs'`.
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` naming `argument` and the row when ÷ sum overflows (a row sum far
 *   below float32's smallest activation, 1.4e-45).
 */
export function rowNormalizationBackward(
  gradient: ArrayLike<number>,
  rows: { readonly probabilities: Float64Array; readonly sums: Float64Array },
  classes: number,
  argument: string,
): Float64Array {
  const { probabilities, sums } = rows;
  const out = new Float64Array(probabilities.length);
  for (let i = 0; i < sums.length; i++) {
    const offset = i * classes;
    const sum = sums[i] as number;
    if (!(sum > 0)) continue;
    let dot = 0;
    for (let k = 0; k < classes; k++) dot += (gradient[offset + k] as number) * (probabilities[offset + k] as number);
    for (let k = 0; k < classes; k++) {
      const value = ((gradient[offset + k] as number) - dot) / sum;
      if (!Number.isFinite(value)) {
        throw new AnyLossError(
          'INVALID_ARGUMENT',
          `${argument} row ${i} sums to ${sum}: so small that the gradient through the row normalisation (÷ sum) overflows.`,
          { argument, index: i, value: sum },
        );
      }
      out[offset + k] = value;
    }
  }
  return out;
}

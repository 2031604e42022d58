/** Per-feature mean and standard deviation, fitted on training rows only. */
export interface Standardizer {
  /** Mean of each feature over the fitting rows. */
  readonly mean: Float64Array;
  /** Population standard deviation of each feature (1 where it is 0, so constant features map to 0). */
  readonly scale: Float64Array;
}

/**
 * Fits z-standardisation on the given rows only (the training fold), so no statistic of a test row leaks
 * into training — the paper standardised before splitting; this benchmark does not.
 *
 * @param features - all rows of the dataset.
 * @param rows - indices of the rows to fit on.
 */
export function fitStandardizer(features: readonly Float64Array[], rows: ArrayLike<number>): Standardizer {
  const width = features[0]?.length ?? 0;
  const mean = new Float64Array(width);
  const scale = new Float64Array(width);
  for (let r = 0; r < rows.length; r++) {
    const row = features[rows[r] as number] as Float64Array;
    for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) + (row[j] as number);
  }
  for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) / rows.length;
  for (let r = 0; r < rows.length; r++) {
    const row = features[rows[r] as number] as Float64Array;
    for (let j = 0; j < width; j++) {
      const d = (row[j] as number) - (mean[j] as number);
      scale[j] = (scale[j] as number) + d * d;
    }
  }
  for (let j = 0; j < width; j++) {
    const sd = Math.sqrt((scale[j] as number) / rows.length);
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/**
 * Applies a fitted standardiser to the given rows and returns them as one row-major matrix
 * (`rows.length × width`), the layout the models train on.
 */
export function standardizeRows(
  features: readonly Float64Array[],
  rows: ArrayLike<number>,
  standardizer: Standardizer,
): Float64Array {
  const { mean, scale } = standardizer;
  const width = mean.length;
  const out = new Float64Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = features[rows[r] as number] as Float64Array;
    for (let j = 0; j < width; j++) out[r * width + j] = ((row[j] as number) - (mean[j] as number)) / (scale[j] as number);
  }
  return out;
}

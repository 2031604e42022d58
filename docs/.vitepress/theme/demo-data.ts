/**
 * Data preparation of the live demo, kept free of tfjs and Vue so that it is unit-tested
 * (docs/demo-data.test.ts): read a bundled CSV, split it stratified into training and validation rows and
 * standardise every feature with TRAINING-split statistics only — with the CSV reader and the split of
 * `@anyloss/datasets` (its pure subpaths, bundled for the browser), the same as the benchmark's and the tests'.
 */
import { readDatasetCsv } from '@anyloss/datasets/csv';
import { fitStandardizer, standardizeRows, stratifiedHoldout, type Standardizer } from '@anyloss/datasets/split';
import { DEMO_SETTINGS } from './demo-settings.mjs';

/** One part of a split: standardised features (row-major, `y.length × width`) and 0/1 labels. */
export interface SplitPart {
  readonly x: Float64Array;
  readonly y: number[];
}

/** A split ready for training. */
export interface PreparedSplit {
  readonly featureNames: readonly string[];
  /** Features per row. */
  readonly width: number;
  readonly train: SplitPart;
  readonly validation: SplitPart;
  /** Mean and standard deviation of each feature on the training rows (used for both parts). */
  readonly standardizer: Standardizer;
}

/**
 * Reads a binary dataset CSV of `@anyloss/datasets` (a header, numeric columns, the last one `class`, 0 or 1), holds
 * out {@link DEMO_SETTINGS}.validationShare of each class (rounded to whole rows; `stratifiedHoldout` with
 * `DEMO_SETTINGS.splitSeed`) for validation, and standardises every feature with the training rows' statistics.
 *
 * @param csv - the text of a data file.
 * @param name - the dataset's name, for error messages.
 */
export function prepareSplit(
  csv: string,
  name: string,
  { validationShare = DEMO_SETTINGS.validationShare, seed = DEMO_SETTINGS.splitSeed } = {},
): PreparedSplit {
  const table = readDatasetCsv(csv, { name, classes: 2 });
  const { train, test } = stratifiedHoldout(table.labels, { testShare: validationShare, seed });
  const standardizer = fitStandardizer(table.features, train);
  const part = (rows: Int32Array): SplitPart => ({
    x: standardizeRows(table.features, rows, standardizer),
    y: Array.from(rows, (row) => table.labels[row] as number),
  });
  return { featureNames: table.featureNames, width: table.featureNames.length, train: part(train), validation: part(test), standardizer };
}

/** Maps a series of values to an SVG polyline `points` attribute inside a `width` × `height` box. */
export function polylinePoints(
  values: readonly number[],
  options: { readonly width: number; readonly height: number; readonly maxLength: number; readonly low: number; readonly high: number },
): string {
  const { width, height, maxLength, low, high } = options;
  const span = high > low ? high - low : 1;
  const step = maxLength > 1 ? width / (maxLength - 1) : 0;
  return values
    .map((value, i) => {
      const clamped = Math.min(high, Math.max(low, value));
      return `${(i * step).toFixed(1)},${(height - ((clamped - low) / span) * height).toFixed(1)}`;
    })
    .join(' ');
}

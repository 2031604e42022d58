/**
 * `@anyloss/datasets/csv` — the CSV reader of the data files. Pure (no file system), so the docs' in-browser demo
 * bundles it; also re-exported by the package's main entry, whose `loadDataset` reads every data file with it.
 *
 * @packageDocumentation
 */

/** Result of {@link parseCsv}. */
export interface ParsedCsv {
  /** First record. */
  header: string[];
  /** Remaining records. */
  rows: string[][];
}

/**
 * Parses CSV text: comma separator, optional double-quoted fields (`""` escapes a quote; quoted fields
 * may contain commas and newlines), LF or CRLF line ends. Empty lines are skipped.
 *
 * @param text - the whole CSV file.
 * @returns the first record as `header` and all following records as `rows`.
 * @throws `AnyLossError` `INVALID_ARGUMENT` (argument `text`) on an unterminated quoted field.
 */
export function parseCsv(text: string): ParsedCsv;

/** Result of {@link readDatasetCsv}: the arrays of a `Dataset`, without its manifest entry. */
export interface DatasetTable {
  /** Feature names: the header without its last column. */
  featureNames: string[];
  /** One `Float64Array` of features per row. */
  features: Float64Array[];
  /** Class value per row, 0..classes − 1. */
  labels: Int32Array;
}

/**
 * Converts the text of a dataset CSV in the layout of `data/<name>.csv` — a header of feature names whose last
 * column is `class`, then one row of numbers per sample ending in its class value 0..classes − 1 — into typed
 * arrays. `loadDataset` uses it for every data file; code without a file system (the docs' demo) calls it on a
 * bundled file's text.
 *
 * @param text - the whole CSV file.
 * @param options - `name` (for error messages) and `classes`, the number of classes K.
 * @throws `AnyLossError` `INVALID_ARGUMENT` (argument `text`, `index` = the 1-based data row) for a missing `class`
 *   column, a row of the wrong length, a feature that is not a number or a class outside 0..K − 1;
 *   `INVALID_OPTION` for a bad `options.name` or `options.classes`.
 */
export function readDatasetCsv(text: string, options: { readonly name: string; readonly classes: number }): DatasetTable;

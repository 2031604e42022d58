/**
 * Data preparation of the live demo, kept free of tfjs and Vue so that it is unit-tested
 * (docs/demo-data.test.ts): parse a bundled CSV, split it stratified into training and validation rows,
 * and standardise every feature with TRAINING-split statistics only.
 */
import { DEMO_SETTINGS } from './demo-settings.mjs';

/** A parsed dataset: one row of numbers per sample and its 0/1 label (1 = the minority class). */
export interface Table {
  readonly featureNames: readonly string[];
  readonly rows: readonly (readonly number[])[];
  readonly labels: readonly number[];
}

/** A split ready for training: standardised features and labels of each part. */
export interface PreparedSplit {
  readonly featureNames: readonly string[];
  readonly train: { readonly x: number[][]; readonly y: number[] };
  readonly validation: { readonly x: number[][]; readonly y: number[] };
  /** Mean and standard deviation of each feature on the training rows (used for both parts). */
  readonly mean: readonly number[];
  readonly standardDeviation: readonly number[];
}

/** Parses a dataset CSV of `@anyloss/datasets`: a header, numeric columns, the last one `class` (0 or 1). */
export function parseCsv(text: string): Table {
  const lines = text.trim().split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  if (header.length < 2 || header[header.length - 1] !== 'class') {
    throw new Error('the CSV must have a header whose last column is "class"');
  }
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let line = 1; line < lines.length; line++) {
    const values = (lines[line] as string).split(',').map(Number);
    if (values.length !== header.length || values.some((value) => !Number.isFinite(value))) {
      throw new Error(`CSV line ${line + 1} does not hold ${header.length} numbers`);
    }
    const label = values.pop() as number;
    if (label !== 0 && label !== 1) throw new Error(`CSV line ${line + 1}: class must be 0 or 1, got ${label}`);
    rows.push(values);
    labels.push(label);
  }
  return { featureNames: header.slice(0, -1), rows, labels };
}

/**
 * How many of a class's `size` rows go to validation: `share` of them, rounded to the nearest row (13 rows at 30%
 * → 4, 201 → 60).
 */
export function validationCount(size: number, share: number): number {
  return Math.round(size * share);
}

/**
 * Stratified, deterministic split: within each class, {@link validationCount} rows, spread evenly over the class's
 * rows in file order (row k of m is chosen when ⌊(k + 1)·v/m⌋ > ⌊k·v/m⌋), go to validation, the rest to training.
 * Then standardises every feature with training statistics.
 */
export function prepareSplit(table: Table, validationShare: number = DEMO_SETTINGS.validationShare): PreparedSplit {
  const sizes = [0, 0];
  for (const label of table.labels) sizes[label] = (sizes[label] as number) + 1;
  const wanted = sizes.map((size) => validationCount(size, validationShare));
  const seen = [0, 0];
  const trainRows: number[] = [];
  const validationRows: number[] = [];
  table.labels.forEach((label, index) => {
    const k = seen[label] as number;
    seen[label] = k + 1;
    const size = sizes[label] as number;
    const chosen = Math.floor(((k + 1) * (wanted[label] as number)) / size) > Math.floor((k * (wanted[label] as number)) / size);
    (chosen ? validationRows : trainRows).push(index);
  });
  const width = table.featureNames.length;
  const mean = new Array<number>(width).fill(0);
  const standardDeviation = new Array<number>(width).fill(0);
  for (const index of trainRows) {
    const row = table.rows[index] as readonly number[];
    for (let j = 0; j < width; j++) mean[j] = (mean[j] as number) + (row[j] as number) / trainRows.length;
  }
  for (const index of trainRows) {
    const row = table.rows[index] as readonly number[];
    for (let j = 0; j < width; j++) {
      standardDeviation[j] = (standardDeviation[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2 / trainRows.length;
    }
  }
  for (let j = 0; j < width; j++) {
    const sd = Math.sqrt(standardDeviation[j] as number);
    standardDeviation[j] = sd > 0 ? sd : 1; // a constant feature stays 0 after centring
  }
  const part = (indices: number[]): { x: number[][]; y: number[] } => ({
    x: indices.map((index) =>
      (table.rows[index] as readonly number[]).map((value, j) => (value - (mean[j] as number)) / (standardDeviation[j] as number)),
    ),
    y: indices.map((index) => table.labels[index] as number),
  });
  return { featureNames: table.featureNames, train: part(trainRows), validation: part(validationRows), mean, standardDeviation };
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

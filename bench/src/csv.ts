import { AnyLossError } from '@anyloss/core';
import { parseCsv } from '@anyloss/datasets';
import { positiveShareOf, type BenchDataset, type BenchTask } from './dataset.js';

/** Options of {@link datasetFromCsv}. */
export interface CsvOptions {
  /** Name of the target column (must be in the header). */
  readonly target: string;
  /** One-hot encode non-numeric feature columns; when false (default) they are an error. */
  readonly oneHot?: boolean;
  /** Dataset name for tables; default `"csv"`. */
  readonly name?: string;
  /**
   * Expected task; default: detected from the target (2 distinct values → binary, 3 or more → multi-class).
   * A target that does not fit the given task is an error.
   */
  readonly task?: BenchTask;
}

/** What {@link datasetFromCsv} returns. */
export interface CsvDataset {
  /** The dataset. */
  readonly dataset: BenchDataset;
  /** 1-based line numbers (header = line 1) of the rows dropped for a missing value. */
  readonly droppedLines: readonly number[];
  /** Detected task. */
  readonly task: BenchTask;
  /** Binary targets: the original value that became class 1 (the minority) and the one that became 0; multi-class: undefined. */
  readonly classes: { readonly positive: string; readonly negative: string } | undefined;
  /** The original target value of each class; index = label (binary: [negative, positive]; multi-class: sorted values). */
  readonly classNames: readonly string[];
  /** Feature columns that were one-hot encoded. */
  readonly oneHotColumns: readonly string[];
}

const MISSING = new Set(['', '?', 'na', 'nan', 'null', 'none']);

/** True for a cell that marks a missing value: empty, `?`, `NA`, `NaN`, `null`, `None` (any case). */
export function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

function isNumeric(cell: string): boolean {
  return cell.trim() !== '' && Number.isFinite(Number(cell));
}

/**
 * Turns CSV text (header row, comma-separated) into a benchmark dataset:
 * - rows with a missing value in any column are dropped and reported (`droppedLines`);
 * - numeric columns are features as they are; a non-numeric column is one-hot encoded (one 0/1 column per
 *   level, in sorted order, named `column=level`) when `oneHot` is set, and an error otherwise;
 * - a target with two distinct values is binary: the rarer becomes 1 (on a tie, the later in sorted order); a target
 *   with 3 or more distinct values is multi-class: the values, sorted (numerically when all are numbers), become
 *   0..K−1 (`options.task` may insist on one of the two).
 *
 * @throws {@link AnyLossError} naming the column or value at fault.
 */
export function datasetFromCsv(text: string, options: CsvOptions): CsvDataset {
  const { header, rows } = parseCsv(text);
  const targetIndex = header.indexOf(options.target);
  if (targetIndex < 0) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `target column ${JSON.stringify(options.target)} is not in the CSV header (${header.map((h) => JSON.stringify(h)).join(', ')}).`,
      { argument: 'target', value: options.target },
    );
  }
  const kept: string[][] = [];
  const droppedLines: number[] = [];
  rows.forEach((row, r) => {
    if (row.length !== header.length) {
      throw new AnyLossError(
        'INVALID_ARGUMENT',
        `CSV line ${r + 2} has ${row.length} fields but the header has ${header.length}.`,
        { argument: 'data', index: r + 2, value: row.length },
      );
    }
    if (row.some(isMissing)) droppedLines.push(r + 2);
    else kept.push(row);
  });
  if (kept.length === 0) {
    throw new AnyLossError('EMPTY_INPUT', 'the CSV has no complete rows (every row has a missing value).', { argument: 'data' });
  }

  const targetValues = kept.map((row) => (row[targetIndex] as string).trim());
  const counts = new Map<string, number>();
  for (const value of targetValues) counts.set(value, (counts.get(value) ?? 0) + 1);
  const task: BenchTask = options.task ?? (counts.size >= 3 ? 'multiclass' : 'binary');
  if (task === 'binary' && counts.size !== 2) {
    throw new AnyLossError(
      'INVALID_LABEL',
      `target column ${JSON.stringify(options.target)} must have exactly 2 distinct values for a binary benchmark, found ${counts.size}: ${[...counts.keys()].slice(0, 10).map((v) => JSON.stringify(v)).join(', ')}.`,
      { argument: 'target', value: counts.size },
    );
  }
  if (task === 'multiclass' && counts.size < 3) {
    throw new AnyLossError(
      'INVALID_LABEL',
      `target column ${JSON.stringify(options.target)} must have at least 3 distinct values for a multi-class benchmark, found ${counts.size}: ${[...counts.keys()].map((v) => JSON.stringify(v)).join(', ')}.`,
      { argument: 'target', value: counts.size },
    );
  }
  const levels = sortLevels([...counts.keys()]);
  let classNames: string[];
  let classes: CsvDataset['classes'];
  if (task === 'binary') {
    const [first, second] = levels as [string, string];
    const positive = (counts.get(first) ?? 0) < (counts.get(second) ?? 0) ? first : second;
    const negative = positive === first ? second : first;
    classNames = [negative, positive];
    classes = { positive, negative };
  } else {
    classNames = levels;
    classes = undefined;
  }
  const labelOf = new Map(classNames.map((value, index) => [value, index]));

  const columns: { name: string; source: number; encode: (cell: string) => number }[] = [];
  const oneHotColumns: string[] = [];
  header.forEach((name, c) => {
    if (c === targetIndex) return;
    const cells = kept.map((row) => row[c] as string);
    if (cells.every(isNumeric)) {
      columns.push({ name, source: c, encode: (cell) => Number(cell) });
      return;
    }
    if (options.oneHot !== true) {
      const bad = cells.find((cell) => !isNumeric(cell));
      throw new AnyLossError(
        'INVALID_OPTION',
        `column ${JSON.stringify(name)} is not numeric (value ${JSON.stringify(bad)}); pass --one-hot to one-hot encode it, or remove the column.`,
        { argument: 'data', value: name },
      );
    }
    const columnLevels = sortLevels([...new Set(cells.map((cell) => cell.trim()))]);
    oneHotColumns.push(name);
    for (const level of columnLevels) {
      columns.push({ name: `${name}=${level}`, source: c, encode: (cell) => (cell.trim() === level ? 1 : 0) });
    }
  });

  const features = kept.map((row) => {
    const out = new Float64Array(columns.length);
    columns.forEach((column, c) => {
      out[c] = column.encode(row[column.source] as string);
    });
    return out;
  });
  const labels = Int32Array.from(targetValues, (value) => labelOf.get(value) ?? 0);
  return {
    dataset: {
      name: options.name ?? 'csv',
      featureNames: columns.map((column) => column.name),
      features,
      labels,
      positiveShare: positiveShareOf(labels),
      classes: classNames.length,
      classNames,
    },
    droppedLines,
    task,
    classes,
    classNames,
    oneHotColumns,
  };
}

/** Sorts values numerically when they all are numbers, otherwise as strings. */
function sortLevels(values: string[]): string[] {
  return values.every(isNumeric) ? values.sort((a, b) => Number(a) - Number(b)) : values.sort();
}

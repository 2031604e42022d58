import { AnyLossError } from '@anyloss/core';
import { countRecordsBound, CsvRecordReader, readCsvFile, type RecordHandler } from './csv-reader.js';
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
   * Expected task; default: detected from the target (2 distinct values → binary, 3 to
   * {@link MAX_DETECTED_CLASSES} → multi-class, more → an error). A target that does not fit the given task is an
   * error; `'multiclass'` also lifts the class cap.
   */
  readonly task?: BenchTask;
}

/** What {@link datasetFromCsv} returns. */
export interface CsvDataset {
  /** The dataset (its feature rows are views into one `Float64Array`). */
  readonly dataset: BenchDataset;
  /** How many rows were dropped for a missing value. */
  readonly droppedRows: number;
  /** Line numbers (header = line 1) of the rows dropped for a missing value: the first 1000. */
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

/**
 * The most classes a target may have when the task is detected: a column with more distinct values is taken for a
 * continuous quantity, not a class label (a regression target would otherwise become a problem with as many
 * classes as rows). `--task multiclass` lifts the cap.
 */
export const MAX_DETECTED_CLASSES = 50;

/** The most distinct values `--one-hot` encodes in one column (each becomes a feature column). */
export const MAX_ONE_HOT_LEVELS = 100;

/** Dropped line numbers kept for the report (the count is always exact). */
const MAX_DROPPED_LINES = 1000;

const MISSING = new Set(['', '?', 'na', 'nan', 'null', 'none']);

/** True for a cell that marks a missing value: empty, `?`, `NA`, `NaN`, `null`, `None` (any case). */
export function isMissing(cell: string): boolean {
  // Every marker has at most 4 characters: longer cells without surrounding whitespace are not missing.
  if (cell.length > 4 && cell.charCodeAt(0) > 32 && cell.charCodeAt(cell.length - 1) > 32) return false;
  return MISSING.has(cell.trim().toLowerCase());
}

/** A value for a one-line message: quoted, at most 40 characters, invisible characters (a stray BOM) escaped. */
function quote(value: string): string {
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return shown.replace(/[\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What the builder learns about one feature column while reading. */
interface ColumnState {
  readonly name: string;
  numeric: number;
  nonNumeric: number;
  firstNonNumeric: { line: number; value: string } | undefined;
  /** `--one-hot` only: the distinct trimmed values so far (undefined once there are more than the cap). */
  levels: Map<string, number> | undefined;
  /** `--one-hot` only: the level of each kept row (while `levels` is defined). */
  codes: Uint8Array | undefined;
}

/**
 * Builds a dataset from CSV records as they arrive: numeric cells go straight into one row-major `Float64Array`
 * sized once from a bound on the row count, the target into an `Int32Array` of value codes; no row is kept as
 * strings. Rows with a missing value are not written (the next row takes their place).
 */
class CsvDatasetBuilder {
  private header: string[] | undefined;
  private targetIndex = -1;
  private columns: ColumnState[] = [];
  /** Source column index → feature column index (−1 for the target). */
  private featureOf = new Int32Array(0);
  private values: Float64Array = new Float64Array(0);
  private targetCodes = new Int32Array(0);
  private readonly targetValues = new Map<string, number>();
  private readonly targetNames: string[] = [];
  private targetAllNumeric = true;
  private readonly targetNumbers = new Set<number>();
  private rows = 0;
  private dropped = 0;
  private readonly droppedLines: number[] = [];

  constructor(
    private readonly options: CsvOptions,
    private readonly capacity: number,
  ) {}

  readonly onRecord: RecordHandler = (fields, line) => {
    if (this.header === undefined) this.readHeader(fields);
    else this.readRow(fields, line);
  };

  private readHeader(header: string[]): void {
    this.header = header;
    const seen = new Map<string, number>();
    header.forEach((name, c) => {
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        throw new AnyLossError(
          'INVALID_ARGUMENT',
          `the CSV header names column ${quote(name)} twice (columns ${earlier + 1} and ${c + 1}); rename one — a second copy of the target would leak it into the features.`,
          { argument: 'data', index: c + 1, value: name },
        );
      }
      seen.set(name, c);
    });
    this.targetIndex = header.indexOf(this.options.target);
    if (this.targetIndex < 0) {
      const shown = header.slice(0, 20).map(quote).join(', ') + (header.length > 20 ? `, … (${header.length} columns)` : '');
      throw new AnyLossError('INVALID_OPTION', `target column ${quote(this.options.target)} is not in the CSV header (${shown}).`, {
        argument: 'target',
        value: this.options.target,
      });
    }
    if (header.length < 2) {
      throw new AnyLossError(
        'INVALID_ARGUMENT',
        `the CSV has no feature columns: its only column is the target ${quote(this.options.target)}.`,
        { argument: 'data' },
      );
    }
    const width = header.length - 1;
    this.featureOf = new Int32Array(header.length).fill(-1);
    header.forEach((name, c) => {
      if (c === this.targetIndex) return;
      this.featureOf[c] = this.columns.length;
      const tracked = this.options.oneHot === true;
      this.columns.push({
        name,
        numeric: 0,
        nonNumeric: 0,
        firstNonNumeric: undefined,
        levels: tracked ? new Map() : undefined,
        codes: tracked ? new Uint8Array(this.capacity) : undefined,
      });
    });
    this.values = sharedFloat64Array(this.capacity * width);
    this.targetCodes = new Int32Array(this.capacity);
  }

  private readRow(fields: string[], line: number): void {
    const header = this.header as string[];
    if (fields.length !== header.length) {
      throw new AnyLossError('INVALID_ARGUMENT', `CSV line ${line} has ${fields.length} fields but the header has ${header.length}.`, {
        argument: 'data',
        index: line,
        value: fields.length,
      });
    }
    for (const cell of fields) {
      if (isMissing(cell)) {
        this.dropped++;
        if (this.droppedLines.length < MAX_DROPPED_LINES) this.droppedLines.push(line);
        return;
      }
    }
    const row = this.rows;
    if (row >= this.capacity) {
      throw new AnyLossError('INVALID_ARGUMENT', 'the CSV file grew while it was being read.', { argument: 'data' });
    }
    const width = this.columns.length;
    const base = row * width;
    for (let c = 0; c < fields.length; c++) {
      const cell = fields[c] as string;
      const f = this.featureOf[c] as number;
      if (f < 0) {
        this.readTarget(cell.trim(), row, line);
        continue;
      }
      const column = this.columns[f] as ColumnState;
      const value = Number(cell);
      if (Number.isFinite(value)) {
        this.values[base + f] = value;
        column.numeric++;
      } else {
        this.values[base + f] = Number.NaN;
        column.nonNumeric++;
        column.firstNonNumeric ??= { line, value: cell };
      }
      if (column.levels !== undefined) {
        const key = cell.trim();
        let code = column.levels.get(key);
        if (code === undefined) {
          code = column.levels.size;
          if (code >= MAX_ONE_HOT_LEVELS) {
            column.levels = undefined;
            column.codes = undefined;
            continue;
          }
          column.levels.set(key, code);
        }
        (column.codes as Uint8Array)[row] = code;
      }
    }
    this.rows++;
  }

  private readTarget(value: string, row: number, line: number): void {
    let code = this.targetValues.get(value);
    if (code === undefined) {
      code = this.targetNames.length;
      this.targetValues.set(value, code);
      this.targetNames.push(value);
      const number = Number(value);
      if (this.targetAllNumeric && Number.isFinite(number)) this.targetNumbers.add(number);
      else this.targetAllNumeric = false;
      const distinct = this.targetAllNumeric ? this.targetNumbers.size : this.targetNames.length;
      if (distinct > MAX_DETECTED_CLASSES && this.options.task !== 'multiclass')
        throw this.tooManyClasses(`more than ${MAX_DETECTED_CLASSES}`, line);
    }
    this.targetCodes[row] = code;
  }

  private tooManyClasses(found: string, line?: number): AnyLossError {
    const target = quote(this.options.target);
    const examples = this.targetNames.slice(0, 5).map(quote).join(', ');
    const where = line !== undefined ? ` by CSV line ${line}` : '';
    const message =
      this.options.task === 'binary'
        ? `target column ${target} must have exactly 2 distinct values for a binary benchmark, found ${found}${where}: ${examples}, ….`
        : `target column ${target} has ${found} distinct values${where} (${examples}, …): that looks like a continuous quantity, not a class label, and would make a problem with as many classes. The benchmark classifies; binarise the target, or pass --task multiclass to treat every value as a class.`;
    return new AnyLossError('INVALID_LABEL', message, { argument: 'target', value: found });
  }

  /** The classes: distinct target values, compared as numbers when all are numbers ("1" = "1.0"). */
  private classes(): { names: string[]; codeToClass: Int32Array; counts: number[] } {
    const names = this.targetNames;
    const groupOf = new Int32Array(names.length);
    let groups: { name: string; key: number | string }[];
    if (this.targetAllNumeric) {
      const byNumber = new Map<number, number>();
      groups = [];
      names.forEach((name, code) => {
        const number = Number(name);
        let group = byNumber.get(number);
        if (group === undefined) {
          group = groups.length;
          byNumber.set(number, group);
          groups.push({ name, key: number });
        }
        groupOf[code] = group;
      });
    } else {
      groups = names.map((name, code) => {
        groupOf[code] = code;
        return { name, key: name };
      });
    }
    const order = groups.map((_, g) => g);
    if (this.targetAllNumeric) order.sort((a, b) => (groups[a]?.key as number) - (groups[b]?.key as number));
    else
      order.sort((a, b) =>
        (groups[a]?.key as string) < (groups[b]?.key as string) ? -1 : (groups[a]?.key as string) > (groups[b]?.key as string) ? 1 : 0,
      );
    const rank = new Int32Array(groups.length);
    order.forEach((g, r) => (rank[g] = r));
    const codeToClass = Int32Array.from(groupOf, (g) => rank[g] as number);
    const counts = new Array<number>(groups.length).fill(0);
    for (let i = 0; i < this.rows; i++) {
      const k = codeToClass[this.targetCodes[i] as number] as number;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    return { names: order.map((g) => groups[g]?.name as string), codeToClass, counts };
  }

  /** Checks the columns, encodes the target and the one-hot columns, and returns the dataset. */
  finish(): CsvDataset {
    if (this.header === undefined) {
      throw new AnyLossError('EMPTY_INPUT', 'the CSV is empty: it has no header row.', { argument: 'data' });
    }
    if (this.rows === 0) {
      throw new AnyLossError(
        'EMPTY_INPUT',
        this.dropped === 0
          ? 'the CSV has a header row but no data rows.'
          : `the CSV has no complete rows (each of its ${this.dropped} rows has a missing value).`,
        { argument: 'data' },
      );
    }
    const { names, codeToClass, counts } = this.classes();
    const task = this.taskOf(names);
    const oneHotColumns = this.checkColumns();
    let classNames: string[];
    let classes: CsvDataset['classes'];
    let labelOfClass: (k: number) => number;
    if (task === 'binary') {
      const [first, second] = names as [string, string];
      const positiveIndex = (counts[0] ?? 0) < (counts[1] ?? 0) ? 0 : 1;
      const positive = positiveIndex === 0 ? first : second;
      const negative = positiveIndex === 0 ? second : first;
      classNames = [negative, positive];
      classes = { positive, negative };
      labelOfClass = (k) => (k === positiveIndex ? 1 : 0);
    } else {
      classNames = names;
      classes = undefined;
      labelOfClass = (k) => k;
    }
    const labels = new Int32Array(this.rows);
    for (let i = 0; i < this.rows; i++) labels[i] = labelOfClass(codeToClass[this.targetCodes[i] as number] as number);
    this.targetCodes = new Int32Array(0);
    const { featureNames, matrix } = this.encode(new Set(oneHotColumns));
    const width = featureNames.length;
    const features = Array.from({ length: this.rows }, (_, i) => matrix.subarray(i * width, (i + 1) * width));
    return {
      dataset: {
        name: this.options.name ?? 'csv',
        featureNames,
        features,
        labels,
        positiveShare: positiveShareOf(labels),
        classes: classNames.length,
        classNames,
      },
      droppedRows: this.dropped,
      droppedLines: this.droppedLines,
      task,
      classes,
      classNames,
      oneHotColumns,
    };
  }

  /** The task of the target: the requested one if it fits, else 2 values → binary, 3 to the cap → multi-class. */
  private taskOf(names: readonly string[]): BenchTask {
    const found = names.length;
    const target = quote(this.options.target);
    const task = this.options.task ?? (found >= 3 ? 'multiclass' : 'binary');
    if (task === 'binary' && found !== 2) {
      if (found > MAX_DETECTED_CLASSES) throw this.tooManyClasses(String(found));
      throw new AnyLossError(
        'INVALID_LABEL',
        `target column ${target} must have exactly 2 distinct values for a binary benchmark, found ${found}: ${names.slice(0, 10).map(quote).join(', ')}.`,
        { argument: 'target', value: found },
      );
    }
    if (task === 'multiclass' && found < 3) {
      throw new AnyLossError(
        'INVALID_LABEL',
        `target column ${target} must have at least 3 distinct values for a multi-class benchmark, found ${found}: ${names.map(quote).join(', ')}.`,
        { argument: 'target', value: found },
      );
    }
    if (task === 'multiclass' && this.options.task === undefined && found > MAX_DETECTED_CLASSES) throw this.tooManyClasses(String(found));
    return task;
  }

  /**
   * The columns to one-hot encode; throws for a non-numeric column without `oneHot`, a mostly numeric column with a
   * few non-numeric values (a typo, not a category), and a column with more levels than the cap.
   */
  private checkColumns(): string[] {
    const oneHot: string[] = [];
    for (const column of this.columns) {
      const first = column.firstNonNumeric;
      if (first === undefined) continue;
      const total = column.numeric + column.nonNumeric;
      const where = `CSV line ${first.line}`;
      if (column.numeric > column.nonNumeric) {
        throw new AnyLossError(
          'INVALID_ARGUMENT',
          `column ${quote(column.name)} is numeric except for ${column.nonNumeric} of ${total} values, the first ${quote(first.value)} on ${where}; fix ${column.nonNumeric === 1 ? 'it' : 'them'}, mark ${column.nonNumeric === 1 ? 'it' : 'them'} missing (empty, ?, NA), or remove the column.`,
          { argument: 'data', index: first.line, value: first.value },
        );
      }
      if (this.options.oneHot !== true) {
        throw new AnyLossError(
          'INVALID_OPTION',
          `column ${quote(column.name)} is not numeric (value ${quote(first.value)} on ${where}); pass --one-hot to one-hot encode it, or remove the column.`,
          { argument: 'data', index: first.line, value: column.name },
        );
      }
      if (column.levels === undefined) {
        throw new AnyLossError(
          'INVALID_ARGUMENT',
          `column ${quote(column.name)} has more than ${MAX_ONE_HOT_LEVELS} distinct values; --one-hot encodes at most ${MAX_ONE_HOT_LEVELS} per column (one feature column each). Group its values or remove the column.`,
          { argument: 'data', value: column.name },
        );
      }
      oneHot.push(column.name);
    }
    return oneHot;
  }

  /** The final feature matrix (row-major) and names: numeric columns as read, one-hot columns expanded in place. */
  private encode(oneHot: ReadonlySet<string>): { featureNames: string[]; matrix: Float64Array } {
    const rows = this.rows;
    const width = this.columns.length;
    if (oneHot.size === 0) {
      const used = rows * width;
      // Rows beyond the count (the header, dropped rows) are slack in the buffer: copy only when it is a large share.
      const matrix = used < this.values.length * 0.75 ? sharedFloat64Array(used) : this.values.subarray(0, used);
      if (matrix.buffer !== this.values.buffer) matrix.set(this.values.subarray(0, used));
      this.values = new Float64Array(0);
      return { featureNames: this.columns.map((column) => column.name), matrix };
    }
    const featureNames: string[] = [];
    /** Per source column: its first output column and, when one-hot, the output offset of each level code. */
    const layout = this.columns.map((column) => {
      const start = featureNames.length;
      if (!oneHot.has(column.name)) {
        featureNames.push(column.name);
        return { start, offsets: undefined };
      }
      const levels = [...(column.levels as Map<string, number>)];
      const sorted = sortLevels(levels.map(([level]) => level));
      const position = new Map(sorted.map((level, k) => [level, k]));
      for (const level of sorted) featureNames.push(`${column.name}=${level}`);
      return { start, offsets: Int32Array.from(levels, ([level]) => position.get(level) as number) };
    });
    const out = featureNames.length;
    const matrix = sharedFloat64Array(rows * out);
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < width; f++) {
        const { start, offsets } = layout[f] as { start: number; offsets: Int32Array | undefined };
        if (offsets === undefined) matrix[i * out + start] = this.values[i * width + f] as number;
        else matrix[i * out + start + (offsets[(this.columns[f] as ColumnState).codes?.[i] as number] as number)] = 1;
      }
    }
    this.values = new Float64Array(0);
    return { featureNames, matrix };
  }
}

/**
 * A zeroed `Float64Array` on a `SharedArrayBuffer`: worker threads that receive the dataset (`--workers`) share its
 * memory instead of copying it.
 */
function sharedFloat64Array(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/** Sorts values numerically when they all are numbers, otherwise as strings. */
function sortLevels(values: string[]): string[] {
  return values.every((value) => value.trim() !== '' && Number.isFinite(Number(value)))
    ? values.sort((a, b) => Number(a) - Number(b))
    : values.sort();
}

/**
 * Turns CSV text (header row, comma-separated) into a benchmark dataset:
 * - rows with a missing value in any column are dropped and reported (`droppedLines`);
 * - numeric columns are features as they are; a non-numeric column is one-hot encoded (one 0/1 column per
 *   level, in sorted order, named `column=level`; at most {@link MAX_ONE_HOT_LEVELS} levels) when `oneHot` is set,
 *   and an error otherwise; a column that is mostly numbers with a few other values is an error either way;
 * - a target with two distinct values is binary: the rarer becomes 1 (on a tie, the later in sorted order); a target
 *   with 3 to {@link MAX_DETECTED_CLASSES} distinct values is multi-class: the values, sorted, become 0..K−1
 *   (`options.task` may insist on one of the two). Values are compared as numbers when all are numbers.
 * - a byte-order mark is ignored; duplicate column names are an error.
 *
 * @throws {@link AnyLossError} naming the column, line or value at fault.
 */
export function datasetFromCsv(text: string, options: CsvOptions): CsvDataset {
  const builder = new CsvDatasetBuilder(options, countRecordsBound(text));
  const reader = new CsvRecordReader(builder.onRecord);
  reader.push(text);
  reader.end();
  return builder.finish();
}

/**
 * {@link datasetFromCsv} for a UTF-8 file, read in pieces: the features go straight into typed arrays, so memory
 * stays near the size of the numbers (8 bytes per cell) whatever the size of the text.
 *
 * @throws {@link AnyLossError} as {@link datasetFromCsv}, and `INVALID_ARGUMENT` when the file cannot be read.
 */
export function datasetFromCsvFile(path: string, options: CsvOptions): CsvDataset {
  let builder: CsvDatasetBuilder | undefined;
  readCsvFile(path, (bound) => {
    builder = new CsvDatasetBuilder(options, bound);
    return builder.onRecord;
  });
  return (builder as CsvDatasetBuilder).finish();
}

/**
 * `@anyloss/datasets` — real tabular classification datasets converted from Debian packages, with provenance:
 * the original collection (r-cran-ddalpha, python3-sklearn, weka) and the extended collection of imbalanced
 * binary tasks (r-cran-modeldata, r-cran-aer, r-cran-mlbench, r-cran-kernlab, r-cran-mass, python3-statsmodels).
 * See README.md.
 *
 * The CSV reader (`@anyloss/datasets/csv`) and the splits (`@anyloss/datasets/split`) are re-exported here; they are
 * pure, so browser code imports them from those subpaths.
 *
 * @packageDocumentation
 */

import type { InputOutputRow } from './split.js';

export * from './csv.js';
export * from './split.js';

/** Kind of classification task. */
export type DatasetTask = 'binary' | 'multiclass';

/**
 * Which part of the corpus a dataset belongs to. `"original"`: the 63 datasets the paper reproduction runs on
 * (never changes). `"extended"`: imbalanced binary tasks added later from further Debian packages.
 */
export type DatasetCollection = 'original' | 'extended';

/** How a derived binary task was made from its source. */
export interface DerivedTask {
  /**
   * `"one-vs-rest"`: class 1 = one label of a multi-class target, class 0 = all other labels.
   * `"threshold"`: class 1 = a count or measurement above a cut-off (the binarisation the source itself uses).
   */
  kind: 'one-vs-rest' | 'threshold';
  /** The corpus dataset with the same rows and features and the multi-class target, or `null` if it is not in the corpus. */
  parent: string | null;
  /** The rule that makes class 1, in terms of the source column, e.g. `Type == "containers"` or `affairs > 0`. */
  rule: string;
}

/** Where a dataset came from. */
export interface DatasetSource {
  /** Debian binary package name, e.g. `"weka"`. */
  debianPackage: string;
  /** Debian package version the file was taken from, e.g. `"3.6.14-3"`. */
  version: string;
  /** Path of the source file inside the package, e.g. `"usr/share/doc/weka/examples/unbalanced.arff"`. */
  file: string;
  /** R data files only: the name of the R object inside `file` (an `.rda` file or an `Rdata.rdb` database). */
  object?: string;
}

/** One entry of `manifest.json`. */
export interface DatasetInfo {
  /**
   * Dataset name, `[a-z0-9_-]+`, prefixed with its source (`ddalpha-`, `sklearn-`, `weka-`, `modeldata-`, `aer-`,
   * `mlbench-`, `kernlab-`, `mass-`, `statsmodels-`).
   */
  name: string;
  /** `"binary"`: labels are 0/1 with 1 = minority class. `"multiclass"`: labels are 0..K-1. */
  task: DatasetTask;
  /** The collection the dataset belongs to. */
  collection: DatasetCollection;
  /** Number of samples. */
  rows: number;
  /** Number of feature columns (after one-hot encoding of nominal attributes). */
  features: number;
  /** Samples per class; index = class value. */
  classCounts: number[];
  /** Share of class 1, rounded to 4 decimals. Present for binary datasets only. */
  positiveShare?: number;
  /** Original label of each class value; index = class value. */
  classNames: string[];
  /** Present when the binary task was derived from a multi-class or numeric target (see {@link DerivedTask}). */
  derived?: DerivedTask;
  /** Provenance. */
  source: DatasetSource;
  /** Licence of the Debian package that ships the data (from its `copyright` file), e.g. `"GPL-2"`. */
  licence: string;
  /** Rows removed during conversion (rows with missing values). */
  droppedRows: number;
  /** Free-text conversion notes: description, label mapping, target column, dropped columns and rows, encoding, duplicates. */
  notes: string;
}

/** A binary dataset's manifest entry (`positiveShare` is always present). */
export interface BinaryDatasetInfo extends DatasetInfo {
  task: 'binary';
  positiveShare: number;
}

/** Filter for {@link listDatasets}. */
export interface DatasetFilter {
  /** Only datasets of this task. */
  task?: DatasetTask;
  /**
   * Only datasets of this collection, or `"all"`. Defaults to `"original"`, so that code written for the original
   * corpus (such as the paper reproduction) keeps seeing exactly the same datasets.
   */
  collection?: DatasetCollection | 'all';
}

/** A dataset loaded into typed arrays. */
export interface Dataset {
  /** Dataset name (same as `info.name`). */
  name: string;
  /** Its manifest entry (a copy). */
  info: DatasetInfo;
  /** Sanitised feature names (`[a-z0-9_]`), in column order; length = `info.features`. */
  featureNames: string[];
  /** One `Float64Array` of length `info.features` per sample; length = `info.rows`. */
  features: Float64Array[];
  /** Class value per sample (0/1 for binary, 0..K-1 for multiclass); length = `info.rows`. */
  labels: Int32Array;
}

/**
 * Lists the manifest entries of one collection (default `"original"`), sorted by name.
 *
 * @param filter - optional filter, e.g. `{ task: 'binary' }` or `{ task: 'binary', collection: 'all' }`.
 * @returns copies of the matching manifest entries.
 * @throws Error if `filter` is not an object, has a key other than `task` and `collection`, `filter.task` is
 *   neither `"binary"` nor `"multiclass"`, or `filter.collection` is not `"original"`, `"extended"` or `"all"`.
 */
export function listDatasets(filter: { task: 'binary'; collection?: DatasetCollection | 'all' }): BinaryDatasetInfo[];
export function listDatasets(filter?: DatasetFilter): DatasetInfo[];

/**
 * Reads `data/<name>.csv` synchronously and converts it to typed arrays. Works for a dataset of any collection.
 *
 * @param name - a dataset name from {@link listDatasets}.
 * @throws Error naming the dataset if it is unknown or its CSV is malformed.
 */
export function loadDataset(name: string): Dataset;

/** Options of {@link holdoutRows}. */
export interface HoldoutRowsOptions {
  /** Shuffling seed of {@link stratifiedHoldout}. */
  readonly seed: number;
  /** Share of every class held out for testing, in [0, 1); default 0.3. */
  readonly testShare?: number;
  /** Outputs one-hot over the dataset's classes instead of `[label]`; default false. */
  readonly oneHot?: boolean;
}

/**
 * A dataset's stratified hold-out ({@link stratifiedHoldout}), standardised with the training rows' statistics only
 * ({@link fitStandardizer}, {@link standardizeRows}), as `{ input, output }` rows ({@link inputOutputRows}): the
 * real-data split of `@anyloss/brain`'s tests and speed benchmark and of the benchmark's brain sweeps.
 *
 * @throws `Error` for an unknown dataset; `AnyLossError` `INVALID_ARGUMENT` / `UNKNOWN_OPTION` / `INVALID_OPTION` for bad
 *   options (and as {@link stratifiedHoldout} for `seed` and `testShare`).
 */
export function holdoutRows(name: string, options: HoldoutRowsOptions): { train: InputOutputRow[]; test: InputOutputRow[] };

/**
 * `@anyloss/datasets/split` — the repository's one stratified k-fold, one stratified hold-out split, one
 * standardiser fitted on training rows only, and one conversion of standardised rows into `{ input, output }` rows. Pure (no file system), so the docs' in-browser demo bundles it.
 * Also re-exported by the package's main entry.
 *
 * Every function throws an `AnyLossError` (from `@anyloss/core`) naming the argument for bad input.
 *
 * @packageDocumentation
 */

/** A seeded pseudo-random generator: floats uniform in [0, 1), like `Math.random` (e.g. core's `seededRandom`). */
export type Random = () => number;

/** One split of the rows: indices into the dataset. */
export interface Fold {
  /** Rows to fit on. */
  readonly train: Int32Array;
  /** Rows to evaluate on. */
  readonly test: Int32Array;
}

/** Per-feature mean and standard deviation, fitted on training rows only. */
export interface Standardizer {
  /** Mean of each feature over the fitting rows. */
  readonly mean: Float64Array;
  /** Population standard deviation of each feature (1 where it is ≤ 1e-12, so constant features map to 0). */
  readonly scale: Float64Array;
}

/** Options of {@link stratifiedHoldout} and {@link stratifiedHoldoutPerClass}. */
export interface HoldoutOptions {
  /** Share of every class held out for testing, in [0, 1); round(n_c · testShare) rows of class c. */
  readonly testShare: number;
  /** Shuffling seed (core's `seededRandom`). */
  readonly seed: number;
}

/**
 * Shuffles `values` in place (Fisher–Yates: for i from the last index down to 1, swap i with ⌊random()·(i + 1)⌋)
 * and returns it.
 *
 * @throws `AnyLossError` `INVALID_ARGUMENT` if `values` is not an array or `random` not a function.
 */
export function shuffleInPlace<T>(values: T[], random: Random): T[];

/**
 * Stratified k-fold cross-validation: the rows of each class (classes in ascending order) are shuffled with one
 * generator seeded with `seed` and dealt round-robin into `folds` folds, continuing where the previous class
 * stopped, so every test fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of class c and the folds partition the rows. Same
 * labels, folds and seed → same folds. `train` and `test` are sorted ascending.
 *
 * @param labels - class value per row (small non-negative integers).
 * @param folds - number of folds k, an integer ≥ 2 and ≤ the row count.
 * @param seed - shuffling seed (core's `seededRandom`).
 * @throws `AnyLossError` `INVALID_OPTION` (argument `folds`) for a bad `folds`, `INVALID_LABEL` for a label that is
 *   not an integer ≥ 0, `INVALID_ARGUMENT` for a seed that is not a finite number.
 */
export function stratifiedKFold(labels: ArrayLike<number>, folds: number, seed: number): Fold[];

/**
 * Stratified hold-out split: the rows of each class (classes in ascending order, each class's rows ascending) are
 * shuffled with one generator seeded with `seed`, the classes one after the other — the same shuffle as
 * {@link stratifiedKFold} with that seed — and the first round(n_c · testShare) rows of each class are held out for
 * testing (`Math.round`: 13 rows at 30% → 4, 201 → 60). `test` and `train` list the rows class by class, each class
 * in its shuffled order. This is the split of `@anyloss/brain`'s real-data tests and sweeps and of the docs' demo.
 *
 * @param labels - class value per row (small non-negative integers).
 * @param options - `testShare` in [0, 1) and `seed`.
 * @throws `AnyLossError` `INVALID_OPTION` for a bad `testShare`, `UNKNOWN_OPTION` for another key, `INVALID_LABEL`
 *   for a bad label, `INVALID_ARGUMENT` for a seed that is not a finite number.
 */
export function stratifiedHoldout(labels: ArrayLike<number>, options: HoldoutOptions): Fold;

/**
 * The same hold-out for training that reads its rows in order (TensorFlow.js `fit({ shuffle: false })`): class c is
 * shuffled with its own generator, seeded `seed · 7919 + c`, the first round(n_c · testShare) rows of each class are
 * held out, and the training rows are then shuffled once more (seed `seed · 104729 + 3`) so that every batch mixes
 * the classes. `test` lists the rows class by class. The split of `@anyloss/tfjs`'s real-data tests, sweeps and
 * example since they were written (so their committed numbers stay reproducible).
 *
 * @throws as {@link stratifiedHoldout}.
 */
export function stratifiedHoldoutPerClass(labels: ArrayLike<number>, options: HoldoutOptions): Fold;

/**
 * Fits z-standardisation on the given rows only (the training fold), so that no statistic of a test row leaks into
 * training: mean = Σx / n, standard deviation = √(Σ(x − mean)² / n) (population), replaced by 1 when ≤ 1e-12.
 *
 * @param features - all rows of the dataset, one array of numbers per row.
 * @param rows - indices of the rows to fit on (at least one).
 * @throws `AnyLossError` `EMPTY_INPUT` for no rows, `INVALID_ARGUMENT` for a bad row index or a non-finite value,
 *   `LENGTH_MISMATCH` for rows of different lengths.
 */
export function fitStandardizer(features: readonly ArrayLike<number>[], rows: ArrayLike<number>): Standardizer;

/**
 * Applies a fitted standardiser, (x − mean) / scale, to the given rows and returns them as one row-major matrix
 * (`rows.length × width`).
 *
 * @throws `AnyLossError` `INVALID_ARGUMENT` for a bad row index or standardiser, `LENGTH_MISMATCH` for a row whose
 *   length is not the standardiser's.
 */
export function standardizeRows(features: readonly ArrayLike<number>[], rows: ArrayLike<number>, standardizer: Standardizer): Float64Array;

/** A training row in brain.js's format: the features, and the label as `[label]` (binary) or one-hot. */
export interface InputOutputRow {
  input: number[];
  output: number[];
}

/**
 * The rows of a row-major matrix (e.g. from {@link standardizeRows}) as `{ input, output }` rows, the format
 * brain.js (and `@anyloss/brain`'s `train`) trains on: `input` the row's `width` numbers, `output` `[label]`, or with
 * `options.classes` the label one-hot over that many classes. The one conversion used by `@anyloss/brain`'s tests
 * and speed benchmark and by the benchmark's brain engine and sweeps.
 *
 * @param matrix - `labels.length × width` numbers, row-major.
 * @param width - numbers per row (≥ 1).
 * @param labels - the class value of each row of `matrix` (an integer ≥ 0; below `options.classes` when given).
 * @param options - `classes`: one-hot outputs over this many classes (≥ 2).
 * @throws `AnyLossError` `INVALID_ARGUMENT` for a bad matrix, width or options object, `LENGTH_MISMATCH` when the
 *   matrix does not hold `labels.length × width` numbers, `INVALID_LABEL` for a bad label, `INVALID_OPTION` for a bad
 *   `classes`, `UNKNOWN_OPTION` for another key.
 */
export function inputOutputRows(
  matrix: ArrayLike<number>,
  width: number,
  labels: ArrayLike<number>,
  options?: { readonly classes?: number },
): InputOutputRow[];

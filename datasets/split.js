// @anyloss/datasets/split — the repository's one stratified k-fold, one stratified hold-out, one standardiser
// (fitted on training rows only) and one conversion of standardised rows into { input, output } rows (brain.js's
// training format). Pure functions, no file system: the benchmark, the adapters' tests and benchmarks and the docs'
// in-browser demo all import them from here (see README.md, "Splits").

import { AnyLossError, seededRandom } from '@anyloss/core';

function fail(code, message, details) {
  throw new AnyLossError(code, message, details);
}

function show(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}

function isArrayLike(value) {
  return (Array.isArray(value) || ArrayBuffer.isView(value)) && typeof value.length === 'number';
}

function readSeed(seed, argument) {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    fail('INVALID_ARGUMENT', `${argument} must be a finite number, got ${show(seed)}.`, { argument, value: seed });
  }
  return seed;
}

function readLabels(labels) {
  if (!isArrayLike(labels))
    fail('INVALID_ARGUMENT', `labels must be an array or typed array of class values, got ${show(labels)}.`, {
      argument: 'labels',
      value: labels,
    });
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isSafeInteger(label) || label < 0) {
      fail('INVALID_LABEL', `labels[${i}] must be a class value (an integer ≥ 0), got ${show(label)}.`, {
        argument: 'labels',
        index: i,
        value: label,
      });
    }
  }
  return labels;
}

/**
 * Shuffles `values` in place (Fisher–Yates, drawing from the end) with `random`, and returns it.
 * @template T
 * @param {T[]} values
 * @param {() => number} random
 * @returns {T[]}
 */
export function shuffleInPlace(values, random) {
  if (!Array.isArray(values))
    fail('INVALID_ARGUMENT', `values must be an array, got ${show(values)}.`, { argument: 'values', value: values });
  if (typeof random !== 'function')
    fail('INVALID_ARGUMENT', `random must be a function returning numbers in [0, 1), got ${show(random)}.`, {
      argument: 'random',
      value: random,
    });
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
  return values;
}

/**
 * The rows of every class, classes in ascending order, each class's rows (ascending) shuffled with
 * `randomFor(label)`. With one generator for all classes the classes draw from it one after the other.
 */
function shuffledClassRows(labels, randomFor) {
  const byClass = new Map();
  for (let i = 0; i < labels.length; i++) {
    const rows = byClass.get(labels[i]);
    if (rows === undefined) byClass.set(labels[i], [i]);
    else rows.push(i);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((label) => shuffleInPlace(byClass.get(label), randomFor(label)));
}

/**
 * Stratified k-fold cross-validation. Documented in split.d.ts.
 * @param {ArrayLike<number>} labels
 * @param {number} folds
 * @param {number} seed
 */
export function stratifiedKFold(labels, folds, seed) {
  readLabels(labels);
  if (!Number.isInteger(folds) || folds < 2 || folds > labels.length) {
    fail('INVALID_OPTION', `folds must be an integer between 2 and the number of rows (${labels.length}), got ${show(folds)}.`, {
      argument: 'folds',
      value: folds,
    });
  }
  const random = seededRandom(readSeed(seed, 'seed'));
  const assignment = new Int32Array(labels.length);
  let next = 0;
  for (const rows of shuffledClassRows(labels, () => random)) {
    for (const row of rows) {
      assignment[row] = next;
      next = (next + 1) % folds;
    }
  }
  const result = [];
  for (let fold = 0; fold < folds; fold++) {
    const train = [];
    const test = [];
    for (let i = 0; i < labels.length; i++) (assignment[i] === fold ? test : train).push(i);
    result.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return result;
}

const HOLDOUT_OPTIONS = ['testShare', 'seed'];

function readHoldoutOptions(options, name) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail('INVALID_ARGUMENT', `options must be an object ({ testShare, seed }), got ${show(options)}.`, {
      argument: 'options',
      value: options,
    });
  }
  for (const key of Object.keys(options)) {
    if (!HOLDOUT_OPTIONS.includes(key))
      fail('UNKNOWN_OPTION', `options.${key} is not an option of ${name} (known: ${HOLDOUT_OPTIONS.join(', ')}).`, {
        argument: `options.${key}`,
        value: options[key],
      });
  }
  const { testShare, seed } = options;
  if (typeof testShare !== 'number' || !(testShare >= 0 && testShare < 1)) {
    fail('INVALID_OPTION', `options.testShare must be a number in [0, 1), got ${show(testShare)}.`, {
      argument: 'options.testShare',
      value: testShare,
    });
  }
  return { testShare, seed: readSeed(seed, 'options.seed') };
}

/** Holds out the first round(n_c · testShare) rows of every shuffled class. */
function holdout(classRows, testShare) {
  const train = [];
  const test = [];
  for (const rows of classRows) {
    const cut = Math.round(rows.length * testShare);
    for (let k = 0; k < rows.length; k++) (k < cut ? test : train).push(rows[k]);
  }
  return { train, test };
}

/**
 * Stratified hold-out split, one generator for every class. Documented in split.d.ts.
 * @param {ArrayLike<number>} labels
 * @param {{ testShare: number, seed: number }} options
 */
export function stratifiedHoldout(labels, options) {
  readLabels(labels);
  const { testShare, seed } = readHoldoutOptions(options, 'stratifiedHoldout');
  const random = seededRandom(seed);
  const { train, test } = holdout(
    shuffledClassRows(labels, () => random),
    testShare,
  );
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * Stratified hold-out split, one generator per class, training rows shuffled. Documented in split.d.ts.
 * @param {ArrayLike<number>} labels
 * @param {{ testShare: number, seed: number }} options
 */
export function stratifiedHoldoutPerClass(labels, options) {
  readLabels(labels);
  const { testShare, seed } = readHoldoutOptions(options, 'stratifiedHoldoutPerClass');
  const { train, test } = holdout(
    shuffledClassRows(labels, (label) => seededRandom(seed * 7919 + label)),
    testShare,
  );
  shuffleInPlace(train, seededRandom(seed * 104729 + 3));
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

function readRows(features, rows, width) {
  if (!isArrayLike(rows))
    fail('INVALID_ARGUMENT', `rows must be an array or typed array of row indices, got ${show(rows)}.`, { argument: 'rows', value: rows });
  for (let r = 0; r < rows.length; r++) {
    const index = rows[r];
    if (!Number.isInteger(index) || index < 0 || index >= features.length) {
      fail('INVALID_ARGUMENT', `rows[${r}] must be a row index between 0 and ${features.length - 1}, got ${show(index)}.`, {
        argument: 'rows',
        index: r,
        value: index,
      });
    }
    const row = features[index];
    if (!isArrayLike(row) || row.length !== width) {
      fail('LENGTH_MISMATCH', `features[${index}] must hold ${width} numbers, got ${isArrayLike(row) ? row.length : show(row)}.`, {
        argument: 'features',
        index,
        value: row,
      });
    }
  }
}

/**
 * Fits z-standardisation on the given rows only. Documented in split.d.ts.
 * @param {readonly ArrayLike<number>[]} features
 * @param {ArrayLike<number>} rows
 */
export function fitStandardizer(features, rows) {
  if (!Array.isArray(features))
    fail('INVALID_ARGUMENT', `features must be an array of rows, got ${show(features)}.`, { argument: 'features', value: features });
  if (!isArrayLike(rows) || rows.length === 0) {
    fail('EMPTY_INPUT', `rows must list at least one row to fit on, got ${isArrayLike(rows) ? 'none' : show(rows)}.`, {
      argument: 'rows',
      value: rows,
    });
  }
  const first = features[rows[0]];
  const width = isArrayLike(first) ? first.length : 0;
  readRows(features, rows, width);
  const mean = new Float64Array(width);
  const scale = new Float64Array(width);
  for (let r = 0; r < rows.length; r++) {
    const row = features[rows[r]];
    for (let j = 0; j < width; j++) {
      const value = row[j];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        fail('INVALID_ARGUMENT', `features[${rows[r]}][${j}] must be a finite number, got ${show(value)}.`, {
          argument: 'features',
          index: rows[r],
          value,
        });
      }
      mean[j] += value;
    }
  }
  for (let j = 0; j < width; j++) mean[j] /= rows.length;
  for (let r = 0; r < rows.length; r++) {
    const row = features[rows[r]];
    for (let j = 0; j < width; j++) {
      const d = row[j] - mean[j];
      scale[j] += d * d;
    }
  }
  for (let j = 0; j < width; j++) {
    const sd = Math.sqrt(scale[j] / rows.length);
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/**
 * Applies a fitted standardiser to the given rows as one row-major matrix. Documented in split.d.ts.
 * @param {readonly ArrayLike<number>[]} features
 * @param {ArrayLike<number>} rows
 * @param {{ mean: Float64Array, scale: Float64Array }} standardizer
 */
export function standardizeRows(features, rows, standardizer) {
  if (!Array.isArray(features))
    fail('INVALID_ARGUMENT', `features must be an array of rows, got ${show(features)}.`, { argument: 'features', value: features });
  if (
    standardizer === null ||
    typeof standardizer !== 'object' ||
    !(standardizer.mean instanceof Float64Array) ||
    !(standardizer.scale instanceof Float64Array) ||
    standardizer.mean.length !== standardizer.scale.length
  ) {
    fail('INVALID_ARGUMENT', 'standardizer must be the result of fitStandardizer ({ mean, scale }: Float64Arrays of one length).', {
      argument: 'standardizer',
      value: standardizer,
    });
  }
  const { mean, scale } = standardizer;
  const width = mean.length;
  readRows(features, rows, width);
  const out = new Float64Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = features[rows[r]];
    for (let j = 0; j < width; j++) out[r * width + j] = (row[j] - mean[j]) / scale[j];
  }
  return out;
}

/**
 * The rows of a row-major matrix as `{ input, output }` rows (brain.js's training format). Documented in split.d.ts.
 * @param {ArrayLike<number>} matrix
 * @param {number} width
 * @param {ArrayLike<number>} labels
 * @param {{ classes?: number }} [options]
 */
export function inputOutputRows(matrix, width, labels, options = {}) {
  if (!isArrayLike(matrix))
    fail('INVALID_ARGUMENT', `matrix must be an array or typed array of numbers (row-major), got ${show(matrix)}.`, {
      argument: 'matrix',
      value: matrix,
    });
  if (!Number.isSafeInteger(width) || width < 1)
    fail('INVALID_ARGUMENT', `width must be an integer ≥ 1 (numbers per row), got ${show(width)}.`, { argument: 'width', value: width });
  readLabels(labels);
  if (matrix.length !== labels.length * width) {
    fail(
      'LENGTH_MISMATCH',
      `matrix holds ${matrix.length} numbers, but ${labels.length} labels × width ${width} need ${labels.length * width}.`,
      { argument: 'matrix', value: matrix.length },
    );
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail('INVALID_ARGUMENT', `options must be an object ({ classes }), got ${show(options)}.`, { argument: 'options', value: options });
  }
  for (const key of Object.keys(options)) {
    if (key !== 'classes')
      fail('UNKNOWN_OPTION', `options.${key} is not an option of inputOutputRows (known: classes).`, {
        argument: `options.${key}`,
        value: options[key],
      });
  }
  const { classes } = options;
  if (classes !== undefined) {
    if (!Number.isSafeInteger(classes) || classes < 2)
      fail('INVALID_OPTION', `options.classes must be an integer ≥ 2, got ${show(classes)}.`, {
        argument: 'options.classes',
        value: classes,
      });
    for (let r = 0; r < labels.length; r++) {
      if (labels[r] >= classes)
        fail('INVALID_LABEL', `labels[${r}] must be a class below options.classes (${classes}), got ${show(labels[r])}.`, {
          argument: 'labels',
          index: r,
          value: labels[r],
        });
    }
  }
  return Array.from({ length: labels.length }, (_, r) => ({
    input: Array.from({ length: width }, (_, j) => matrix[r * width + j]),
    output: classes === undefined ? [labels[r]] : Array.from({ length: classes }, (_, k) => (k === labels[r] ? 1 : 0)),
  }));
}

import { cellScale } from '../cell-scale.js';
import { AnyLossError, describeValue, mustBe } from '../errors.js';
import { invalidLabel, invalidPrediction, invalidWeight, isArrayLike, isValidPrediction, isValidWeight } from '../validate.js';

/** How far a row of softmax probabilities may sum from 1, per class: |Σ_k p_k − 1| ≤ 1e-6·K. */
export const ROW_SUM_TOLERANCE = 1e-6;

/** Multi-class (one label per sample, rows of probabilities summing to 1) or multi-label (K independent 0/1 labels). */
export type MulticlassOutput = 'softmax' | 'sigmoid';

/** A label matrix or prediction matrix as accepted: rows of K numbers, or a flat row-major array with `classes: K`. */
export type Matrix = ArrayLike<ArrayLike<number>> | ArrayLike<number>;

/** The normalised, validated batch every multi-class pass works on: flat row-major n×K arrays. */
export interface MulticlassBatch {
  readonly samples: number;
  readonly classes: number;
  /** n×K one-hot (softmax) or multi-hot (sigmoid) labels. */
  readonly labels: Float64Array;
  /** n×K predictions: probabilities or logits, as given. */
  readonly predictions: Float64Array;
  /**
   * The sample weights times `weightScale`, or undefined. The scale ({@link cellScale} of the largest weight;
   * 1 unless it lies outside [2⁻⁶⁴, 2⁶⁴]) keeps cells and gradients clear of overflow and underflow; metrics are
   * scale-invariant, so the loss and gradient do not change. Divide cells by it to report them.
   */
  readonly sampleWeight: Float64Array | undefined;
  readonly weightScale: number;
  /** Whether `yPred` came as rows, so the gradient is returned as rows too. */
  readonly rows: boolean;
}

function isRows(value: Matrix): value is ArrayLike<ArrayLike<number>> {
  return value.length > 0 && typeof value[0] === 'object' && value[0] !== null;
}

function assertMatrixLike(value: unknown, argument: string): asserts value is Matrix {
  if (!isArrayLike(value)) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be an array of rows or a flat array, got ${describeValue(value)}.`, {
      argument,
      value,
    });
  }
  if ((value as ArrayLike<unknown>).length === 0) {
    throw new AnyLossError('EMPTY_INPUT', `${argument} is empty; a loss needs at least one sample.`, { argument, value });
  }
}

/** Reads yPred (rows or flat with `classes`) into a flat n×K array; returns it with n and K. */
function readPredictions(
  yPred: Matrix,
  classes: number | undefined,
): { flat: Float64Array; samples: number; classes: number; rows: boolean } {
  if (isRows(yPred)) {
    const n = yPred.length;
    const first: unknown = yPred[0];
    const k = isArrayLike(first) ? first.length : 0;
    const flat = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const row: unknown = yPred[i];
      if (!isArrayLike(row) || row.length !== k) {
        throw new AnyLossError(
          isArrayLike(row) ? 'LENGTH_MISMATCH' : 'INVALID_ARGUMENT',
          `yPred[${i}] must be a row (array or typed array) of ${i > 0 ? `${k} numbers like yPred[0]` : 'numbers'}, got ${describeValue(row)}.`,
          { argument: 'yPred', index: i, value: row },
        );
      }
      for (let j = 0; j < k; j++) {
        const value = row[j];
        if (typeof value !== 'number') invalidPrediction(i * k + j, value, false, 'yPred (flattened)');
        flat[i * k + j] = value;
      }
    }
    if (classes !== undefined && classes !== k) {
      throw new AnyLossError('LENGTH_MISMATCH', `yPred rows have ${k} columns but options.classes is ${classes}.`, {
        argument: 'yPred',
        value: k,
      });
    }
    return { flat, samples: n, classes: k, rows: true };
  }
  if (classes === undefined) {
    throw new AnyLossError('INVALID_OPTION', 'options.classes (K) is required when yPred is a flat array, got undefined.', {
      argument: 'options.classes',
      value: classes,
    });
  }
  if (yPred.length % classes !== 0) {
    throw new AnyLossError('LENGTH_MISMATCH', `yPred has ${yPred.length} values, not a multiple of options.classes = ${classes}.`, {
      argument: 'yPred',
      value: yPred.length,
    });
  }
  for (let i = 0; i < yPred.length; i++)
    if (typeof (yPred as ArrayLike<unknown>)[i] !== 'number') invalidPrediction(i, (yPred as ArrayLike<unknown>)[i], false);
  return { flat: Float64Array.from(yPred as ArrayLike<number>), samples: yPred.length / classes, classes, rows: false };
}

/** Reads yTrue — class indices (softmax only), one-hot / multi-hot rows, or a flat n×K 0/1 array — into flat n×K. */
function readLabels(yTrue: Matrix, samples: number, classes: number, output: MulticlassOutput): Float64Array {
  if (isRows(yTrue)) return readLabelRows(yTrue, samples, classes, output);
  if (yTrue.length === samples && output === 'softmax') return readClassIndices(yTrue, classes);
  return readFlatLabels(yTrue, samples, classes, output);
}

/** Rows of K labels, each 0 or 1 (one 1 per row for softmax outputs), one row per sample. */
function readLabelRows(yTrue: ArrayLike<ArrayLike<number>>, samples: number, classes: number, output: MulticlassOutput): Float64Array {
  if (yTrue.length !== samples) {
    throw new AnyLossError('LENGTH_MISMATCH', `yTrue has ${yTrue.length} rows but yPred has ${samples}; they must match.`, {
      argument: 'yTrue',
      value: yTrue.length,
    });
  }
  const labels = new Float64Array(samples * classes);
  for (let i = 0; i < samples; i++) {
    const row: unknown = yTrue[i];
    if (!isArrayLike(row) || row.length !== classes) {
      throw new AnyLossError('LENGTH_MISMATCH', `yTrue[${i}] must be a row of ${classes} labels (0 or 1), got ${describeValue(row)}.`, {
        argument: 'yTrue',
        index: i,
        value: row,
      });
    }
    for (let j = 0; j < classes; j++) {
      const label = row[j];
      if (label !== 0 && label !== 1) invalidLabel(i * classes + j, label, 'yTrue (flattened)');
      labels[i * classes + j] = label;
    }
    if (output === 'softmax') assertOneHot(labels, i, classes, () => `yTrue[${i}] must be one-hot (exactly one 1)`, row);
  }
  return labels;
}

/** One class index in 0..K−1 per sample, as one-hot rows. */
function readClassIndices(yTrue: ArrayLike<number>, classes: number): Float64Array {
  const labels = new Float64Array(yTrue.length * classes);
  for (let i = 0; i < yTrue.length; i++) {
    const label = yTrue[i];
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= classes) {
      mustBe('INVALID_LABEL', 'yTrue', `a class index in 0..${classes - 1}`, label, i);
    }
    labels[i * classes + label] = 1;
  }
  return labels;
}

/** A flat row-major n×K array of 0/1 labels (one 1 per row for softmax outputs). */
function readFlatLabels(yTrue: ArrayLike<number>, samples: number, classes: number, output: MulticlassOutput): Float64Array {
  if (yTrue.length !== samples * classes) {
    throw new AnyLossError(
      'LENGTH_MISMATCH',
      `yTrue has ${yTrue.length} values; expected ${samples} class indices${output === 'softmax' ? ' or' : ''} ${samples}×${classes} = ${samples * classes} 0/1 labels.`,
      { argument: 'yTrue', value: yTrue.length },
    );
  }
  const labels = new Float64Array(samples * classes);
  for (let i = 0; i < labels.length; i++) {
    const label = yTrue[i];
    if (label !== 0 && label !== 1) invalidLabel(i, label, 'yTrue (flattened)');
    labels[i] = label;
  }
  if (output === 'softmax') {
    for (let i = 0; i < samples; i++) assertOneHot(labels, i, classes, () => `yTrue row ${i} must be one-hot (exactly one 1)`);
  }
  return labels;
}

/**
 * Throws `INVALID_LABEL` (index: the row) unless row `row` of the 0/1 labels holds exactly one 1. The error's value is
 * the row as given, or the count of ones when there is none.
 */
function assertOneHot(labels: Float64Array, row: number, classes: number, requirement: () => string, given?: unknown): void {
  let ones = 0;
  for (let j = 0; j < classes; j++) ones += labels[row * classes + j] ?? 0;
  if (ones !== 1) {
    throw new AnyLossError('INVALID_LABEL', `${requirement()} for softmax outputs, got ${ones} ones.`, {
      argument: 'yTrue',
      index: row,
      value: given === undefined ? ones : given,
    });
  }
}

/**
 * Validates and normalises a multi-class batch. Probabilities must lie in [0, 1] and, for softmax outputs,
 * each row must sum to 1 (within {@link ROW_SUM_TOLERANCE}·K); logits must be finite. Sample weights: one finite
 * weight ≥ 0 per row.
 */
export function readMulticlassBatch(
  yTrue: unknown,
  yPred: unknown,
  options: {
    readonly classes?: number | undefined;
    readonly output: MulticlassOutput;
    readonly fromLogits: boolean;
    readonly sampleWeight?: unknown;
  },
): MulticlassBatch {
  assertMatrixLike(yPred, 'yPred');
  assertMatrixLike(yTrue, 'yTrue');
  const { flat, samples, classes, rows } = readPredictions(yPred, options.classes);
  if (classes < 2) {
    throw new AnyLossError('INVALID_ARGUMENT', `yPred must have at least 2 columns (classes), got ${classes}.`, {
      argument: 'yPred',
      value: classes,
    });
  }
  const labels = readLabels(yTrue, samples, classes, options.output);
  assertPredictionValues(flat, samples, classes, options);
  const { sampleWeight, weightScale } = readSampleWeights(options.sampleWeight, samples);
  return { samples, classes, labels, predictions: flat, sampleWeight, weightScale, rows };
}

/** Checks every prediction (a probability in [0, 1], or a finite logit) and, for softmax probabilities, each row's sum. */
function assertPredictionValues(
  flat: Float64Array,
  samples: number,
  classes: number,
  options: { readonly output: MulticlassOutput; readonly fromLogits: boolean },
): void {
  for (let i = 0; i < samples; i++) {
    let sum = 0;
    for (let j = 0; j < classes; j++) {
      const value = flat[i * classes + j] ?? Number.NaN;
      if (!isValidPrediction(value, options.fromLogits)) invalidPrediction(i * classes + j, value, options.fromLogits, 'yPred (flattened)');
      sum += value;
    }
    if (!options.fromLogits && options.output === 'softmax' && !(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE * classes)) {
      throw new AnyLossError(
        'INVALID_PROBABILITY',
        `yPred row ${i} sums to ${sum}, not 1: softmax probabilities must sum to 1 (pass { from: 'logits' } for raw scores, or output: 'sigmoid' for multi-label).`,
        { argument: 'yPred', index: i, value: sum },
      );
    }
  }
}

/**
 * One finite weight ≥ 0 per row, times its {@link cellScale} (see {@link MulticlassBatch.sampleWeight}); undefined
 * (scale 1) without weights.
 */
function readSampleWeights(
  weights: unknown,
  samples: number,
): { readonly sampleWeight: Float64Array | undefined; readonly weightScale: number } {
  if (weights === undefined) return { sampleWeight: undefined, weightScale: 1 };
  if (!isArrayLike(weights) || weights.length !== samples) {
    throw new AnyLossError(
      isArrayLike(weights) ? 'LENGTH_MISMATCH' : 'INVALID_ARGUMENT',
      `options.sampleWeight must be an array of one weight per row (${samples}), got ${describeValue(weights)}.`,
      { argument: 'options.sampleWeight', value: weights },
    );
  }
  const sampleWeight = new Float64Array(samples);
  let largest = 0;
  for (let i = 0; i < samples; i++) {
    const w = weights[i];
    if (!isValidWeight(w)) invalidWeight(i, w);
    sampleWeight[i] = w;
    largest = Math.max(largest, w);
  }
  const weightScale = cellScale(largest);
  if (weightScale !== 1) for (let i = 0; i < samples; i++) sampleWeight[i] = (sampleWeight[i] ?? 0) * weightScale;
  return { sampleWeight, weightScale };
}

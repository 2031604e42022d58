import { AnyLossError } from '@anyloss/core';
import { readAverage as readCoreAverage } from '@anyloss/core/internal';
import type { Average, MulticlassOutput } from '@anyloss/core/multiclass';
import { cast, oneHot, reshape, type Tensor } from '@tensorflow/tfjs-core';
import { describeValueOrTensor, isTensor } from './tensor-arguments.js';

/** How a multi-class `yTrue` tensor encodes its labels. */
export type LabelLayout = 'rows' | 'indices';

/** The checked shapes of a multi-class batch. */
export interface MulticlassShape {
  /** Batch size n. */
  readonly samples: number;
  /** Number of classes (columns) K ≥ 2. */
  readonly classes: number;
  /** `'rows'`: one-hot / multi-hot `[n, K]`; `'indices'`: class indices `[n]` or `[n, 1]` (softmax only). */
  readonly layout: LabelLayout;
}

/** Reads `options.average`: undefined (binary), or core's `'macro'`, `'micro'` or `'weighted'`. */
export function readAverage(value: unknown, argument = 'options.average'): Average | undefined {
  return value === undefined ? undefined : readCoreAverage(value, argument);
}

/**
 * Throws when options that only make sense for multi-output models are given without `average`, so that a
 * binary loss never silently ignores them.
 */
export function assertNoMulticlassOptions(options: object | undefined, keys: readonly string[]): void {
  for (const key of keys) {
    if (options !== undefined && (options as Record<string, unknown>)[key] !== undefined) {
      throw new AnyLossError(
        'INVALID_OPTION',
        `options.${key} applies to multi-output models only; pass options.average ('macro', 'weighted' or 'micro') too.`,
        { argument: `options.${key}`, value: (options as Record<string, unknown>)[key] },
      );
    }
  }
}

function assertFloatTensor(value: unknown, argument: string): asserts value is Tensor {
  if (!isTensor(value)) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be a tf.Tensor, got ${describeValueOrTensor(value)}.`, {
      argument,
      value,
    });
  }
  if (value.dtype !== 'float32') {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must be a float32 tensor, got dtype ${value.dtype}; convert it with tf.cast(${argument}, 'float32').`,
      { argument, value: value.dtype },
    );
  }
}

/**
 * Checks the predictions `[batch, K]` (K ≥ 2, float32) of a multi-output model. Needs no data read.
 * Returns `[n, K]`.
 */
export function assertPredictionMatrix(value: unknown, argument: string): readonly [number, number] {
  assertFloatTensor(value, argument);
  const { shape } = value;
  const [n = 0, k = 0] = shape;
  if (shape.length !== 2 || k < 2) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must have shape [batch, K] with K ≥ 2 classes (one column per class) when options.average is given, ` +
        `got shape [${shape.join(', ')}]. For one binary output, leave options.average out.`,
      { argument, value: shape },
    );
  }
  if (n === 0) throw new AnyLossError('EMPTY_INPUT', `${argument} is empty; it needs at least one sample.`, { argument, value: shape });
  return [n, k];
}

/**
 * Checks the labels of a multi-output batch against the predictions' `[n, K]`: one-hot or multi-hot rows
 * `[n, K]` (float32), or — for softmax outputs — class indices `[n]` or `[n, 1]` (int32 or float32).
 */
export function assertLabelTensor(
  value: unknown,
  argument: string,
  samples: number,
  classes: number,
  output: MulticlassOutput,
): LabelLayout {
  if (!isTensor(value)) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be a tf.Tensor, got ${describeValueOrTensor(value)}.`, {
      argument,
      value,
    });
  }
  const { shape, dtype } = value;
  const indices = shape.length === 1 || (shape.length === 2 && shape[1] === 1);
  if (indices && output === 'softmax') {
    if (dtype !== 'int32' && dtype !== 'float32') {
      throw new AnyLossError('INVALID_ARGUMENT', `${argument} (class indices) must be an int32 or float32 tensor, got dtype ${dtype}.`, {
        argument,
        value: dtype,
      });
    }
  } else if (shape.length === 2) {
    if (shape[1] !== classes) {
      throw new AnyLossError(
        'LENGTH_MISMATCH',
        `${argument} has ${shape[1]} columns but yPred has ${classes} (classes); they must match.`,
        { argument, value: shape },
      );
    }
    assertFloatTensor(value, argument);
  } else {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must have shape [batch, ${classes}] (one-hot or multi-hot rows)` +
        (output === 'softmax' ? ` or [batch] (class indices)` : ` (multi-label outputs take 0/1 rows)`) +
        `, got shape [${shape.join(', ')}].`,
      { argument, value: shape },
    );
  }
  if (shape[0] !== samples) {
    throw new AnyLossError(
      'LENGTH_MISMATCH',
      `${argument} has batch size ${shape[0]} but yPred has batch size ${samples}; they must match.`,
      {
        argument,
        value: shape[0],
      },
    );
  }
  return indices && output === 'softmax' ? 'indices' : 'rows';
}

/** Checks per-sample weights: float32, `[n]` or `[n, 1]`. */
export function assertWeightTensor(value: unknown, argument: string, samples: number): void {
  assertFloatTensor(value, argument);
  const { shape } = value;
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must have shape [batch] or [batch, 1] (one weight per sample), got shape [${shape.join(', ')}].`,
      {
        argument,
        value: shape,
      },
    );
  }
  if (shape[0] !== samples) {
    throw new AnyLossError(
      'LENGTH_MISMATCH',
      `${argument} has batch size ${shape[0]} but yPred has batch size ${samples}; they must match.`,
      {
        argument,
        value: shape[0],
      },
    );
  }
}

/**
 * Labels as float32 rows `[n, K]`: one-hot from class indices (an out-of-range index gives a zero row, which the
 * validation reports), rows as given. Call inside `tf.tidy`.
 */
export function labelRows(yTrue: Tensor, layout: LabelLayout, samples: number, classes: number): Tensor {
  if (layout === 'rows') return yTrue;
  return cast(oneHot(cast(reshape(yTrue, [samples]), 'int32'), classes), 'float32');
}

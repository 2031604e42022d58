import { AnyLossError, isAnyLossError } from '@anyloss/core';
import type { MulticlassOutput } from '@anyloss/core/multiclass';
import { cast, reshape, type Tensor } from '@tensorflow/tfjs-core';
import { assertBinaryTensor } from './tensor-arguments.js';
import { assertLabelTensor, assertPredictionMatrix, assertWeightTensor, labelRows } from './multiclass-tensors.js';

/** A checked batch of tensors and how to lay it out for core's tensor plans. */
export interface TensorBatch {
  readonly yTrue: Tensor;
  readonly yPred: Tensor;
  readonly sampleWeight: Tensor | undefined;
  /** The plans' layout of the predictions: rows `[1, n]` (binary) or `[n, K]`. */
  readonly shape: readonly [number, number];
  /** K (1 for a binary batch). */
  readonly classes: number;
  /** Labels (rows), class indices (as floats, when given as indices) and weights in the plans' layout: new tensors, to be made inside `tf.tidy`. */
  inputs(): { readonly labels: Tensor; readonly indices: Tensor | undefined; readonly weights: Tensor | undefined };
}

/** Checks a binary batch — `[n]` or `[n, 1]` float32 tensors (no data read) — and lays it out as rows `[1, n]`. */
export function binaryBatch(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | undefined): TensorBatch {
  const n = assertBinaryTensor(yPred, 'yPred');
  assertBinaryTensor(yTrue, 'yTrue', { size: n, of: 'yPred' });
  if (sampleWeight !== undefined) assertBinaryTensor(sampleWeight, 'sampleWeight', { size: n, of: 'yPred' });
  return {
    yTrue,
    yPred,
    sampleWeight,
    shape: [1, n],
    classes: 1,
    inputs: () => ({
      labels: reshape(yTrue, [1, n]),
      indices: undefined,
      weights: sampleWeight === undefined ? undefined : reshape(sampleWeight, [1, n]),
    }),
  };
}

/**
 * Checks a multi-output batch — predictions `[n, K]`, labels one-hot / multi-hot `[n, K]` or (softmax) class
 * indices `[n]`, weights `[n]` or `[n, 1]` (no data read) — and lays it out as `[n, K]` with weights `[n, 1]`.
 */
export function multiOutputBatch(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | undefined, output: MulticlassOutput): TensorBatch {
  const [n, k] = assertPredictionMatrix(yPred, 'yPred');
  const layout = assertLabelTensor(yTrue, 'yTrue', n, k, output);
  if (sampleWeight !== undefined) assertWeightTensor(sampleWeight, 'sampleWeight', n);
  return {
    yTrue,
    yPred,
    sampleWeight,
    shape: [n, k],
    classes: k,
    inputs: () => ({
      labels: reshape(labelRows(yTrue, layout, n, k), [n, k]), // a new tensor even for rows: the loss disposes it
      indices: layout === 'indices' ? cast(yTrue, 'float32') : undefined,
      weights: sampleWeight === undefined ? undefined : reshape(sampleWeight, [n, 1]),
    }),
  };
}

/**
 * Called when a batch failed a check: reads it (only then) and lets core's host validation (`check`) name the
 * first bad label, prediction or weight, with the tensor's name (`sampleWeight`, and `yTrue`/`yPred` "flattened
 * row-major" for matrices). With `cause` — a negative cell in an unchecked batch — the error says so. If core finds
 * nothing, a summary error.
 */
export function reportBadValues(
  check: (labels: ArrayLike<number>, predictions: ArrayLike<number>, weights: ArrayLike<number> | undefined) => void,
  batch: TensorBatch,
  cellsName: string,
  cause?: AnyLossError,
): never {
  const because =
    cause === undefined ? '' : ` With validateLabels off, it made a cell of ${cellsName} negative (${cause.message.replace(/\.$/, '')}).`;
  try {
    check(batch.yTrue.dataSync(), batch.yPred.dataSync(), batch.sampleWeight?.dataSync());
  } catch (error) {
    if (isAnyLossError(error) && !(cause !== undefined && error.code === 'INVALID_CELLS')) throw asTensorError(error, because);
    throw error;
  }
  if (cause !== undefined) {
    throw new AnyLossError(
      'INVALID_CELLS',
      `yTrue: a cell of ${cellsName} is negative (${cause.message.replace(/\.$/, '')}); labels must be 0 or 1` +
        `${batch.classes > 1 ? ' (or class indices 0..K−1)' : ''} and sample weights ≥ 0 (turn on validateLabels to check every batch).`,
      { argument: 'yTrue', value: cause.value },
    );
  }
  throw new AnyLossError(
    'INVALID_CELLS',
    `${cellsName} of this batch failed a check or is not finite, yet core finds every label, prediction and weight read ` +
      `back valid: a float32 sum overflowed${batch.classes > 1 ? ', or a row of probabilities sums to 1 only within float32 rounding' : ''}; ` +
      'check yPred and sampleWeight for huge values.',
    { argument: 'yPred' },
  );
}

/** Core's error about the arrays read from the tensors, in the tensors' names, with `because` appended. */
function asTensorError(error: AnyLossError, because: string): AnyLossError {
  const argument = error.argument === 'options.sampleWeight' ? 'sampleWeight' : error.argument.replace(' (flattened)', '');
  const message = error.message.replace('options.sampleWeight', 'sampleWeight').replace(' (flattened)', ' (flattened row-major)') + because;
  return new AnyLossError(error.code, message, {
    argument,
    ...(error.index === undefined ? {} : { index: error.index }),
    value: error.value,
  });
}

import { AnyLossError, confusionMatrix, type ConfusionCells, type Metric, type PredictionKind } from '@anyloss/core';
import { averageMetric, multiclassConfusionMatrix, sumCells, type Average, type MulticlassOutput } from '@anyloss/core/multiclass';
import type { Tensor } from '@tensorflow/tfjs-core';
import { assertBinaryTensor, assertMetric, assertOptions, describe, isTensor, readFrom, readThreshold } from './internal.js';
import { assertNoMulticlassOptions, assertPredictionMatrix, readAverage, readOutput } from './multiclass-tensors.js';

/** The part of a tfjs-layers model that {@link epochMetrics} uses. */
export interface PredictingModel {
  predict(x: Tensor | Tensor[], args?: { batchSize?: number }): Tensor | Tensor[];
}

/** Options of {@link epochMetrics}. */
export interface EpochMetricsOptions {
  /**
   * The model being trained. Needed whenever tfjs wraps the callback — which it does for plain objects unless
   * the first callback in the list is a `tf.Callback` instance (then tfjs calls `setModel` on every callback).
   * Passing it always works.
   */
  readonly model?: PredictingModel;
  /**
   * `[x, y]`: inputs (a tensor or one per model input) and labels: 0/1, `[n]` or `[n, 1]`, float32; with
   * `average`, one-hot / multi-hot rows `[n, K]` (float32) or, for softmax outputs, class indices `[n]`.
   */
  readonly validationData: readonly [Tensor | readonly Tensor[], Tensor];
  /** The metrics to report, e.g. `[metrics.f1, metrics.mcc]`. */
  readonly metrics: readonly Metric[];
  /** A sample counts as predicted positive when its probability is strictly greater than this; default 0.5. */
  readonly threshold?: number;
  /** Whether the model outputs probabilities (default) or logits. */
  readonly from?: PredictionKind;
  /**
   * Multi-output models: `'macro'`, `'weighted'` or `'micro'`. Each metric is then the exact averaged metric of
   * the whole validation set (core's `multiclassConfusionMatrix` and `averageMetric`), logged as
   * `<prefix><average>_<metric>`, e.g. `val_macro_f1`.
   */
  readonly average?: Average;
  /** With `average`: `'softmax'` (default; argmax decisions) or `'sigmoid'` (multi-label; `threshold` decisions). */
  readonly output?: MulticlassOutput;
  /** Prefix of the log keys; default `'val_'` (so F1 is logged as `val_f1`). */
  readonly prefix?: string;
  /** Batch size for `model.predict`; default 1024. */
  readonly batchSize?: number;
  /** Also called with the epoch's exact cells and values (e.g. to log the confusion matrix). */
  readonly onEvaluate?: (epoch: number, result: EpochEvaluation) => void | Promise<void>;
}

/** What {@link epochMetrics} computes at the end of an epoch. */
export interface EpochEvaluation {
  /**
   * The hard confusion matrix of the whole validation set; for multi-output models (`average`), the sum of the
   * per-class one-vs-rest cells (what `'micro'` averages).
   */
  readonly cells: ConfusionCells;
  /** Multi-output models: the one-vs-rest cells of each class. */
  readonly classCells?: readonly ConfusionCells[];
  /** Softmax outputs: the K×K confusion matrix, `matrix[trueClass][predictedClass]`. */
  readonly matrix?: readonly (readonly number[])[];
  /** Each metric's exact value, by log key (e.g. `{ val_f1: 0.81 }`). */
  readonly values: Readonly<Record<string, number>>;
}

/** A tfjs-layers callback (duck-typed: it implements every method tfjs calls on a callback). */
export interface EpochMetricsCallback {
  /** The model, set by tfjs when `fit` starts (`setModel`). */
  model: PredictingModel | undefined;
  /** The most recent evaluation, after the first epoch. */
  readonly last: EpochEvaluation | undefined;
  setParams(params: unknown): void;
  setModel(model: unknown): void;
  onTrainBegin(logs?: unknown): Promise<void>;
  onTrainEnd(logs?: unknown): Promise<void>;
  onEpochBegin(epoch: number, logs?: unknown): Promise<void>;
  onEpochEnd(epoch: number, logs?: Record<string, unknown>): Promise<void>;
  onBatchBegin(batch: number, logs?: unknown): Promise<void>;
  onBatchEnd(batch: number, logs?: unknown): Promise<void>;
}

/**
 * A `model.fit` callback that, at the end of every epoch, predicts the whole validation set, sums its HARD
 * confusion matrix with core's `confusionMatrix`, and writes each metric's exact value into the epoch logs
 * (`val_f1`, `val_mcc`, …) — and so into `history.history` and every later callback. This replaces the
 * batch-averaged values tfjs logs for compiled metrics, which are not the F1 (or MCC, …) of the epoch.
 *
 * Needs no tfjs-layers import: the object has every method tfjs calls on a callback. tfjs wraps plain objects
 * in a `CustomCallback` that never receives the model, so pass `model` (or put a `tf.Callback` instance first
 * in the list, so that tfjs calls `setModel`). Callbacks that read its keys (e.g. to stop early on `val_f1`)
 * must run after it; `onEvaluate` is the simplest place for such logic (see the README).
 *
 * @example
 * ```ts
 * const history = await model.fit(x, y, {
 *   epochs: 20,
 *   callbacks: [epochMetrics({ model, validationData: [xVal, yVal], metrics: [metrics.f1, metrics.mcc] })],
 * });
 * history.history.val_f1; // one exact F1 per epoch
 * ```
 * @throws {@link AnyLossError} for bad options; the callback throws it for a model output of the wrong shape.
 */
export function epochMetrics(options: EpochMetricsOptions): EpochMetricsCallback {
  assertOptions(options, ['model', 'validationData', 'metrics', 'threshold', 'from', 'prefix', 'batchSize', 'onEvaluate', 'average', 'output']);
  if (options === undefined) {
    throw new AnyLossError('INVALID_ARGUMENT', 'epochMetrics needs options { validationData, metrics }.', {
      argument: 'options',
    });
  }
  const { validationData, metrics: chosen, onEvaluate, model: givenModel } = options;
  if (givenModel !== undefined && (typeof givenModel !== 'object' || givenModel === null || typeof givenModel.predict !== 'function')) {
    throw new AnyLossError('INVALID_ARGUMENT', `options.model must be a tf.LayersModel, got ${describe(givenModel)}.`, {
      argument: 'options.model',
      value: givenModel,
    });
  }
  if (!Array.isArray(validationData) || validationData.length !== 2) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `options.validationData must be [x, y] with tensors, got ${describe(validationData)}.`,
      { argument: 'options.validationData', value: validationData },
    );
  }
  const [x, y] = validationData as [Tensor | readonly Tensor[], Tensor];
  const inputs = Array.isArray(x) ? x : [x];
  if (inputs.length === 0 || !inputs.every(isTensor)) {
    throw new AnyLossError('INVALID_ARGUMENT', 'options.validationData[0] must be a tensor or an array of tensors.', {
      argument: 'options.validationData[0]',
      value: x,
    });
  }
  const average = readAverage(options.average);
  const output = readOutput(options.output);
  if (average === undefined) assertNoMulticlassOptions(options, ['output']);
  else if (output === 'softmax' && options.threshold !== undefined) {
    throw new AnyLossError('INVALID_OPTION', 'options.threshold applies to sigmoid (multi-label) outputs; softmax outputs predict the argmax.', {
      argument: 'options.threshold',
      value: options.threshold,
    });
  }
  const n = average === undefined ? assertBinaryTensor(y, 'options.validationData[1]') : assertMulticlassLabels(y, output);
  // K from one-hot / multi-hot rows; class indices leave it to the model output.
  const labelClasses = average !== undefined && y.shape.length === 2 && (y.shape[1] as number) >= 2 ? (y.shape[1] as number) : undefined;
  for (const input of inputs) {
    if ((input.shape[0] as number) !== n) {
      throw new AnyLossError(
        'LENGTH_MISMATCH',
        `options.validationData: x has ${input.shape[0]} samples but y has ${n}; they must match.`,
        { argument: 'options.validationData', value: input.shape[0] },
      );
    }
  }
  if (!Array.isArray(chosen) || chosen.length === 0) {
    throw new AnyLossError('INVALID_ARGUMENT', `options.metrics must be a non-empty array of metrics, got ${describe(chosen)}.`, {
      argument: 'options.metrics',
      value: chosen,
    });
  }
  chosen.forEach((metric, index) => assertMetric(metric, `options.metrics[${index}]`));
  const threshold = readThreshold(options.threshold);
  const from: PredictionKind = readFrom(options.from) ? 'logits' : 'probabilities';
  const prefix = options.prefix ?? 'val_';
  if (typeof prefix !== 'string') {
    throw new AnyLossError('INVALID_OPTION', `options.prefix must be a string, got ${describe(prefix)}.`, {
      argument: 'options.prefix',
      value: prefix,
    });
  }
  const batchSize = options.batchSize ?? 1024;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new AnyLossError('INVALID_OPTION', `options.batchSize must be a positive integer, got ${describe(batchSize)}.`, {
      argument: 'options.batchSize',
      value: batchSize,
    });
  }
  if (onEvaluate !== undefined && typeof onEvaluate !== 'function') {
    throw new AnyLossError('INVALID_OPTION', `options.onEvaluate must be a function, got ${describe(onEvaluate)}.`, {
      argument: 'options.onEvaluate',
      value: onEvaluate,
    });
  }

  let labels: Float32Array | Int32Array | undefined; // read once, on the first evaluation
  let last: EpochEvaluation | undefined;

  async function evaluate(model: PredictingModel, epoch: number): Promise<EpochEvaluation> {
    labels ??= (await y.data()) as Float32Array | Int32Array;
    const result = model.predict(Array.isArray(x) ? [...inputs] : (x as Tensor), { batchSize });
    const prediction = Array.isArray(result) ? result : [result];
    let scores: ArrayLike<number>;
    let classes = 1;
    try {
      if (prediction.length !== 1) {
        throw new AnyLossError('INVALID_ARGUMENT', `epochMetrics needs a model with one output, got ${prediction.length}.`, {
          argument: 'model',
        });
      }
      if (average === undefined) assertBinaryTensor(prediction[0], 'model output', { size: n, of: 'the validation labels' });
      else classes = assertModelMatrix(prediction[0], n, labelClasses);
      scores = await (prediction[0] as Tensor).data();
    } finally {
      for (const tensor of prediction) tensor.dispose();
    }
    const values: Record<string, number> = {};
    if (average === undefined) {
      const cells = confusionMatrix(labels, scores, { threshold, from });
      for (const metric of chosen) values[prefix + metric.name] = metric.value(cells);
      last = { cells, values };
    } else {
      const { matrix, cells: classCells } = multiclassConfusionMatrix(labels, scores, { output, from, classes, threshold });
      for (const metric of chosen) values[`${prefix}${average}_${metric.name}`] = averageMetric(metric, classCells, average);
      last = { cells: sumCells(classCells), classCells, ...(matrix === undefined ? {} : { matrix }), values };
    }
    if (onEvaluate !== undefined) await onEvaluate(epoch, last);
    return last;
  }

  const callback = {
    model: givenModel as PredictingModel | undefined,
    validationData: null,
    params: undefined as unknown,
    get last(): EpochEvaluation | undefined {
      return last;
    },
    setParams(params: unknown): void {
      callback.params = params;
    },
    setModel(model: unknown): void {
      callback.model = model as PredictingModel;
    },
    async onTrainBegin(): Promise<void> {},
    async onTrainEnd(): Promise<void> {},
    async onEpochBegin(): Promise<void> {},
    async onBatchBegin(): Promise<void> {},
    async onBatchEnd(): Promise<void> {},
    async onEpochEnd(epoch: number, logs?: Record<string, unknown>): Promise<void> {
      const model = givenModel ?? callback.model;
      if (model === undefined || model === null || typeof model.predict !== 'function') {
        throw new AnyLossError(
          'INVALID_ARGUMENT',
          'epochMetrics has no model: tfjs wrapped the callback without giving it one; ' +
            'pass it: epochMetrics({ model, validationData, metrics }).',
          { argument: 'options.model' },
        );
      }
      const { values } = await evaluate(model, epoch);
      if (logs !== undefined) Object.assign(logs, values);
    },
  };
  return callback as EpochMetricsCallback;
}

/** Checks multi-output validation labels: rows `[n, K ≥ 2]` (float32) or, for softmax, class indices `[n]`/`[n, 1]`. Returns n. */
function assertMulticlassLabels(y: unknown, output: MulticlassOutput): number {
  const argument = 'options.validationData[1]';
  if (!isTensor(y)) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be a tf.Tensor, got ${describe(y)}.`, { argument, value: y });
  }
  const { shape, dtype } = y;
  const indices = shape.length === 1 || (shape.length === 2 && shape[1] === 1);
  const rows = shape.length === 2 && (shape[1] as number) >= 2;
  if (!(rows || (indices && output === 'softmax'))) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must have shape [n, K] (one-hot or multi-hot rows)${output === 'softmax' ? ' or [n] (class indices)' : ''}, got shape [${shape.join(', ')}].`,
      { argument, value: shape },
    );
  }
  if (!(dtype === 'float32' || (indices && dtype === 'int32'))) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be a float32 tensor${indices ? ' (or int32 class indices)' : ''}, got dtype ${dtype}.`, {
      argument,
      value: dtype,
    });
  }
  const n = shape[0] as number;
  if (n === 0) throw new AnyLossError('EMPTY_INPUT', `${argument} is empty.`, { argument, value: shape });
  return n;
}

/** Checks a multi-output model's prediction `[n, K]` against the labels. Returns K. */
function assertModelMatrix(prediction: unknown, samples: number, classes: number | undefined): number {
  const [n, k] = assertPredictionMatrix(prediction, 'model output');
  if (n !== samples || (classes !== undefined && k !== classes)) {
    throw new AnyLossError(
      'LENGTH_MISMATCH',
      `the model output has shape [${n}, ${k}] but the validation labels need [${samples}, ${classes ?? 'K'}].`,
      { argument: 'model output', value: [n, k] },
    );
  }
  return k;
}

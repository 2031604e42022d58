import { AnyLossError, type ConfusionCells, type Metric, type PredictionKind } from '@anyloss/core';
import type { Average, MulticlassOutput } from '@anyloss/core/multiclass';
import type { Tensor } from '@tensorflow/tfjs-core';
import { assertMetric, assertOptions, readFrom, readOutput, readThreshold } from '@anyloss/core/internal';
import { assertBinaryTensor, describeValueOrTensor, isTensor } from './tensor-arguments.js';
import { assertNoMulticlassOptions, readAverage } from './multiclass-tensors.js';

/** The part of a tfjs-layers model that {@link epochMetrics} uses. */
export interface PredictingModel {
  predict(x: Tensor | Tensor[], args?: { batchSize?: number }): Tensor | Tensor[];
}

/** Options of {@link epochMetrics}. */
export interface EpochMetricsOptions {
  /**
   * The model being trained. tfjs hands it to the callback when `fit` starts, so it is optional — except when
   * the first entry of the callbacks list is a plain object (`{ onEpochEnd }`): tfjs then wraps every entry in a
   * `CustomCallback`, which is never given the model. Passing it always works.
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

/** The defaults of {@link epochMetrics}; see the README, "`epochMetrics`". */
export const EPOCH_METRICS_DEFAULTS = Object.freeze({
  /** The usual decision rule, as core's `confusionMatrix` and `createMetric` apply it. */
  threshold: 0.5,
  /** tfjs's own prefix for metrics on validation data (`val_loss`), so early stopping finds `val_f1`. */
  prefix: 'val_',
  /** `model.predict` in few large batches: one epoch's evaluation costs a handful of forward passes. */
  batchSize: 1024,
});

/** The options of {@link epochMetrics} after validation, with defaults filled in. */
export interface ResolvedEpochMetricsOptions {
  /** The model passed in the options, if any. */
  readonly model: PredictingModel | undefined;
  /** The validation inputs as given: one tensor, or an array of tensors (one per model input). */
  readonly x: Tensor | readonly Tensor[];
  /** The validation inputs as an array. */
  readonly inputs: readonly Tensor[];
  readonly y: Tensor;
  /** Validation samples n. */
  readonly samples: number;
  /** With `average` and one-hot / multi-hot labels: K from the labels; undefined when the model output decides. */
  readonly labelClasses: number | undefined;
  readonly metrics: readonly Metric[];
  readonly threshold: number;
  readonly from: PredictionKind;
  readonly average: Average | undefined;
  readonly output: MulticlassOutput;
  readonly prefix: string;
  readonly batchSize: number;
  readonly onEvaluate: ((epoch: number, result: EpochEvaluation) => void | Promise<void>) | undefined;
}

const KNOWN_OPTIONS = [
  'model',
  'validationData',
  'metrics',
  'threshold',
  'from',
  'prefix',
  'batchSize',
  'onEvaluate',
  'average',
  'output',
] as const;

function invalid(name: string, requirement: string, value: unknown, code: 'INVALID_ARGUMENT' | 'INVALID_OPTION' = 'INVALID_OPTION'): never {
  throw new AnyLossError(code, `options.${name} must be ${requirement}, got ${describeValueOrTensor(value)}.`, {
    argument: `options.${name}`,
    value,
  });
}

/** Checks `model`: absent, or an object with a `predict` method. */
function readModel(value: unknown): PredictingModel | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as Partial<PredictingModel>).predict !== 'function') {
    invalid('model', 'a tf.LayersModel', value, 'INVALID_ARGUMENT');
  }
  return value as PredictingModel;
}

/** Checks `validationData`'s container and inputs: `[x, y]` with x a tensor or a non-empty array of tensors. */
function readValidationData(value: unknown): { x: Tensor | readonly Tensor[]; inputs: readonly Tensor[]; y: unknown } {
  if (!Array.isArray(value) || value.length !== 2) invalid('validationData', '[x, y] with tensors', value, 'INVALID_ARGUMENT');
  const [x, y] = value as [unknown, unknown];
  const inputs: unknown[] = Array.isArray(x) ? x : [x];
  if (inputs.length === 0 || !inputs.every(isTensor)) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `options.validationData[0] must be a tensor or an array of tensors, got ${describeValueOrTensor(x)}.`,
      {
        argument: 'options.validationData[0]',
        value: x,
      },
    );
  }
  return { x: x as Tensor | readonly Tensor[], inputs: inputs as Tensor[], y };
}

/** Checks multi-output validation labels: rows `[n, K ≥ 2]` (float32) or, for softmax, class indices `[n]`/`[n, 1]`. Returns n. */
function assertMulticlassLabels(y: unknown, output: MulticlassOutput): number {
  const argument = 'options.validationData[1]';
  if (!isTensor(y)) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be a tf.Tensor, got ${describeValueOrTensor(y)}.`, { argument, value: y });
  }
  const { shape, dtype } = y;
  const indices = shape.length === 1 || (shape.length === 2 && shape[1] === 1);
  const [n = 0, columns = 0] = shape;
  const rows = shape.length === 2 && columns >= 2;
  if (!(rows || (indices && output === 'softmax'))) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must have shape [n, K] (one-hot or multi-hot rows)${output === 'softmax' ? ' or [n] (class indices)' : ''}, got shape [${shape.join(', ')}].`,
      { argument, value: shape },
    );
  }
  if (!(dtype === 'float32' || (indices && dtype === 'int32'))) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must be a float32 tensor${indices ? ' (or int32 class indices)' : ''}, got dtype ${dtype}.`,
      {
        argument,
        value: dtype,
      },
    );
  }
  if (n === 0) throw new AnyLossError('EMPTY_INPUT', `${argument} is empty.`, { argument, value: shape });
  return n;
}

/** Checks `metrics`: a non-empty array of core metrics. */
function readMetrics(value: unknown): readonly Metric[] {
  if (!Array.isArray(value) || value.length === 0) invalid('metrics', 'a non-empty array of metrics', value, 'INVALID_ARGUMENT');
  (value as unknown[]).forEach((metric, index) => assertMetric(metric, `options.metrics[${index}]`));
  return value as Metric[];
}

/**
 * Checks the validation labels (binary `[n]`/`[n, 1]`, or multi-output rows or class indices) against the inputs'
 * sample count; returns n and, for one-hot / multi-hot rows, K (class indices leave K to the model output).
 */
function readValidationLabels(
  y: unknown,
  inputs: readonly Tensor[],
  average: Average | undefined,
  output: MulticlassOutput,
): { labels: Tensor; samples: number; labelClasses: number | undefined } {
  const samples = average === undefined ? assertBinaryTensor(y, 'options.validationData[1]') : assertMulticlassLabels(y, output);
  const labels = y as Tensor; // checked just above
  const columns = labels.shape.length === 2 ? labels.shape[1] : undefined;
  const labelClasses = average !== undefined && columns !== undefined && columns >= 2 ? columns : undefined;
  for (const input of inputs) {
    if (input.shape[0] !== samples) {
      throw new AnyLossError(
        'LENGTH_MISMATCH',
        `options.validationData: x has ${input.shape[0]} samples but y has ${samples}; they must match.`,
        {
          argument: 'options.validationData',
          value: input.shape[0],
        },
      );
    }
  }
  return { labels, samples, labelClasses };
}

/**
 * Validates the options of {@link epochMetrics} and fills in {@link EPOCH_METRICS_DEFAULTS}. Unknown options are
 * errors. Reads no tensor data (shapes and dtypes only).
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT`, `UNKNOWN_OPTION`, `INVALID_OPTION`, `INVALID_METRIC`,
 *   `EMPTY_INPUT` or `LENGTH_MISMATCH`.
 */
export function resolveEpochMetricsOptions(options: unknown): ResolvedEpochMetricsOptions {
  if (options === undefined) {
    throw new AnyLossError('INVALID_ARGUMENT', 'epochMetrics needs options { validationData, metrics }.', { argument: 'options' });
  }
  assertOptions(options, KNOWN_OPTIONS); // core's rules: a non-object or an unknown key is an error
  const record = options as Record<string, unknown>;
  const model = readModel(record['model']);
  const { x, inputs, y } = readValidationData(record['validationData']);
  const average = readAverage(record['average']);
  const output = readOutput(record['output']);
  if (average === undefined) assertNoMulticlassOptions(record, ['output']);
  else if (output === 'softmax' && record['threshold'] !== undefined) {
    invalid(
      'threshold',
      'absent for softmax outputs (they predict the argmax); it applies to sigmoid (multi-label) outputs',
      record['threshold'],
    );
  }
  const { labels, samples, labelClasses } = readValidationLabels(y, inputs, average, output);
  const metrics = readMetrics(record['metrics']);
  const threshold = readThreshold(record['threshold'] ?? EPOCH_METRICS_DEFAULTS.threshold);
  const from: PredictionKind = readFrom(record['from']) ? 'logits' : 'probabilities';
  const prefix = record['prefix'] ?? EPOCH_METRICS_DEFAULTS.prefix;
  if (typeof prefix !== 'string') invalid('prefix', 'a string', prefix);
  const batchSize = record['batchSize'] ?? EPOCH_METRICS_DEFAULTS.batchSize;
  if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize < 1) invalid('batchSize', 'a positive integer', batchSize);
  const onEvaluate = record['onEvaluate'];
  if (onEvaluate !== undefined && typeof onEvaluate !== 'function') invalid('onEvaluate', 'a function', onEvaluate);
  return {
    model,
    x,
    inputs,
    y: labels,
    samples,
    labelClasses,
    metrics,
    threshold,
    from,
    average,
    output,
    prefix,
    batchSize,
    onEvaluate: onEvaluate as ResolvedEpochMetricsOptions['onEvaluate'],
  };
}

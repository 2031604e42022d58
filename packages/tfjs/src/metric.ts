import { AnyLossError, type Metric, type PredictionKind } from '@anyloss/core';
import {
  assertMetric,
  assertOptions,
  binaryMetricPlan,
  multiOutputMetricPlan,
  readFrom,
  readOutput,
  readThreshold,
  type TensorMetricPlan,
} from '@anyloss/core/internal';
import type { Average, MulticlassOutput } from '@anyloss/core/multiclass';
import { reshape, scalar, tidy, type Scalar, type Tensor } from '@tensorflow/tfjs-core';
import { readValidate } from './tensor-arguments.js';
import { assertNoMulticlassOptions, readAverage } from './multiclass-tensors.js';
import { binaryBatch, multiOutputBatch, reportBadValues, type TensorBatch } from './tensor-batch.js';
import { tfOps } from './tensor-ops.js';

/** Options of {@link createMetric}. */
export interface CreateMetricOptions {
  /** A sample counts as predicted positive when its probability is strictly greater than this; default 0.5. */
  readonly threshold?: number;
  /** Whether the model outputs probabilities (default) or logits (compared as σ(z) > threshold). */
  readonly from?: PredictionKind;
  /** Check that labels are exactly 0 or 1 (folded into the one read); default on under a test runner. */
  readonly validateLabels?: boolean;
  /**
   * Multi-output models: `'macro'`, `'weighted'` or `'micro'` average of the per-class one-vs-rest metrics
   * (core's `averageMetric`). Predictions `[batch, K]`; labels one-hot / multi-hot `[batch, K]` or (softmax)
   * class indices `[batch]`. The function is named `<average>_<metric>`, e.g. `macro_f1`.
   */
  readonly average?: Average;
  /**
   * With `average`: `'softmax'` (default; the predicted class is the row's argmax, ties to the lowest index) or
   * `'sigmoid'` (multi-label; each class is predicted when its probability is > `threshold`).
   */
  readonly output?: MulticlassOutput;
}

/** A tfjs metric function `(yTrue, yPred) => tf.Scalar` whose `name` is the metric's name (so logs show `f1`). */
export interface AnyLossMetricFunction {
  (yTrue: Tensor, yPred: Tensor): Scalar;
  /** The core metric it evaluates. */
  readonly metric: Metric;
  /** The decision threshold on probabilities (binary and multi-label). */
  readonly threshold: number;
  /** The average of a multi-output metric; undefined for a binary metric. */
  readonly average: Average | undefined;
  /** The output kind of a multi-output metric; undefined for a binary metric. */
  readonly output: MulticlassOutput | undefined;
}

/**
 * A hard (thresholded) confusion-matrix metric for `model.compile({ metrics })`: the batch's exact confusion
 * matrix at `threshold` is computed with tensor ops, its four cells are read back, and core evaluates the
 * metric. Logged under `metric.name` (e.g. `f1`, and `val_f1` for fit's validation data).
 *
 * Like every compiled metric in tfjs, the logged epoch value is the batch-size-weighted MEAN of per-batch
 * values, which is not the metric of the epoch for ratio metrics such as F1. For exact epoch values use
 * {@link epochMetrics}.
 *
 * With `options.average` it is the averaged hard metric of a multi-output model (argmax for softmax, threshold
 * for sigmoid): the 4K per-class cells are computed with tensor ops and read once, core averages them.
 *
 * @throws {@link AnyLossError} for a bad metric or option; the returned function throws it for bad tensors.
 */
export function createMetric(metric: Metric, options?: CreateMetricOptions): AnyLossMetricFunction {
  assertMetric(metric);
  assertOptions(options, ['threshold', 'from', 'validateLabels', 'average', 'output']);
  const threshold = readThreshold(options?.threshold);
  const fromLogits = readFrom(options?.from);
  const validate = readValidate(options?.validateLabels);
  const average = readAverage(options?.average);
  if (average === undefined) {
    assertNoMulticlassOptions(options, ['output']);
    const plan = binaryMetricPlan(tfOps, { metric, threshold, fromLogits, validate });
    const binary = (yTrue: Tensor, yPred: Tensor): Scalar => metricValue(plan, binaryBatch(yTrue, yPred, undefined));
    return decorate(binary, metric.name, { metric, threshold, average: undefined, output: undefined });
  }
  const output = readOutput(options?.output);
  if (output === 'softmax' && options?.threshold !== undefined) {
    throw new AnyLossError(
      'INVALID_OPTION',
      'options.threshold applies to sigmoid (multi-label) outputs; softmax outputs predict the argmax.',
      {
        argument: 'options.threshold',
        value: options.threshold,
      },
    );
  }
  const plan = multiOutputMetricPlan(tfOps, { metric, average, output, threshold, fromLogits, validate });
  const multiOutput = (yTrue: Tensor, yPred: Tensor): Scalar => metricValue(plan, multiOutputBatch(yTrue, yPred, undefined, output));
  return decorate(multiOutput, `${average}_${metric.name}`, { metric, threshold, average, output });
}

/** Names the metric function (the name tfjs logs it under) and attaches its read-only settings. */
function decorate(
  fn: (yTrue: Tensor, yPred: Tensor) => Scalar,
  name: string,
  properties: Pick<AnyLossMetricFunction, 'metric' | 'threshold' | 'average' | 'output'>,
): AnyLossMetricFunction {
  Object.defineProperty(fn, 'name', { value: name });
  Object.defineProperties(fn, {
    metric: { value: properties.metric },
    threshold: { value: properties.threshold },
    average: { value: properties.average },
    output: { value: properties.output },
  });
  return fn as AnyLossMetricFunction;
}

/**
 * The hard metric of a batch: core's metric plan on the active backend, ONE read of its 4 or 4K cells (and checks),
 * core's metric on the host. A failed check reads the batch and lets core name the first bad element.
 */
function metricValue(plan: TensorMetricPlan<Tensor>, batch: TensorBatch): Scalar {
  const { shape, classes } = batch;
  const readout = tidy(() => plan.forward(reshape(batch.yPred, [...shape]), { ...batch.inputs(), classes }));
  const data = readout.dataSync();
  readout.dispose();
  const result = plan.evaluate(data, { classes });
  if (result.kind === 'invalid') {
    reportBadValues((labels, predictions) => plan.checkOnHost(labels, predictions, classes), batch, 'the confusion matrix');
  }
  return scalar(result.value);
}

import { AnyLossError, isAnyLossError, confusionMatrix, type ConfusionCells, type Metric, type PredictionKind } from '@anyloss/core';
import { averageMetric, multiclassConfusionMatrix, type Average, type MulticlassOutput } from '@anyloss/core/multiclass';
import { abs, argMax, cast, concat, greater, matMul, mul, oneHot, reshape, scalar, sub, sum, tidy, type Scalar, type Tensor } from '@tensorflow/tfjs-core';
import { assertMetric, assertOptions, readFrom, readThreshold } from '@anyloss/core/internal';
import { assertBinaryTensor, validationDefault } from './internal.js';
import { labelCheck, readClassCells } from './multiclass-loss.js';
import { assertLabelTensor, assertNoMulticlassOptions, assertPredictionMatrix, labelRows, readAverage, readOutput } from './multiclass-tensors.js';

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
  const validate = options?.validateLabels ?? validationDefault();
  // σ(z) > t  ⟺  z > ln(t / (1 − t)), so logits are compared without a sigmoid (±Infinity at t = 0 or 1).
  const cut = fromLogits ? Math.log(threshold / (1 - threshold)) : threshold;
  const average = readAverage(options?.average);
  if (average !== undefined) {
    const output = readOutput(options?.output);
    if (output === 'softmax' && options?.threshold !== undefined) {
      throw new AnyLossError('INVALID_OPTION', "options.threshold applies to sigmoid (multi-label) outputs; softmax outputs predict the argmax.", {
        argument: 'options.threshold',
        value: options.threshold,
      });
    }
    const multiclass = (yTrue: Tensor, yPred: Tensor): Scalar =>
      multiclassMetricValue({ metric, average, output, cut, threshold, fromLogits, validate: validate === true }, yTrue, yPred);
    Object.defineProperty(multiclass, 'name', { value: `${average}_${metric.name}` });
    Object.defineProperties(multiclass, {
      metric: { value: metric },
      threshold: { value: threshold },
      average: { value: average },
      output: { value: output },
    });
    return multiclass as AnyLossMetricFunction;
  }
  assertNoMulticlassOptions(options, ['output']);
  const fn = (yTrue: Tensor, yPred: Tensor): Scalar => {
    const n = assertBinaryTensor(yPred, 'yPred');
    assertBinaryTensor(yTrue, 'yTrue', { size: n, of: 'yPred' });
    const readout = tidy(() => {
      // Rows [1, n] and a matMul with transposeB: fast on every backend (see loss.ts).
      const y = reshape(yTrue, [1, n]);
      const p = reshape(yPred, [1, n]);
      const positive = cast(greater(p, cut), 'float32');
      const cells = reshape(matMul(concat([y, sub(1, y)], 0), concat([positive, sub(1, positive)], 0), false, true), [4]);
      // Σ(p − p) is 0, or NaN when a prediction is NaN or ±Infinity (which `greater` would count as a negative).
      const checks = [cells, reshape(sum(sub(p, p)), [1])];
      if (validate) checks.push(reshape(sum(abs(mul(y, sub(y, 1)))), [1]));
      return concat(checks);
    });
    const data = readout.dataSync();
    readout.dispose();
    const cells: ConfusionCells = {
      truePositives: data[0] as number,
      falseNegatives: data[1] as number,
      falsePositives: data[2] as number,
      trueNegatives: data[3] as number,
    };
    const validCells = Object.values(cells).every((cell) => Number.isFinite(cell) && cell >= 0);
    if (!validCells || data[4] !== 0 || (validate && data[5] !== 0)) {
      reportBadBatch(() => confusionMatrix(yTrue.dataSync(), yPred.dataSync(), { threshold, from: fromLogits ? 'logits' : 'probabilities' }));
    }
    return scalar(metric.value(cells));
  };
  Object.defineProperty(fn, 'name', { value: metric.name });
  Object.defineProperties(fn, {
    metric: { value: metric },
    threshold: { value: threshold },
    average: { value: undefined },
    output: { value: undefined },
  });
  return fn as AnyLossMetricFunction;
}

interface MulticlassMetricSettings {
  readonly metric: Metric;
  readonly average: Average;
  readonly output: MulticlassOutput;
  readonly cut: number;
  readonly threshold: number;
  readonly fromLogits: boolean;
  readonly validate: boolean;
}

/** The averaged hard metric of a multi-output batch: 4K cells from tensor ops, one read, core's average. */
function multiclassMetricValue(settings: MulticlassMetricSettings, yTrue: Tensor, yPred: Tensor): Scalar {
  const { metric, average, output, cut, threshold, fromLogits, validate } = settings;
  const [n, k] = assertPredictionMatrix(yPred, 'yPred');
  const layout = assertLabelTensor(yTrue, 'yTrue', n, k, output);
  const readout = tidy(() => {
    const y = labelRows(yTrue, layout, n, k);
    const p = reshape(yPred, [n, k]);
    // argmax (ties to the lowest index, like core) for softmax; p > threshold (z > logit(t)) for sigmoid.
    const predicted = output === 'softmax' ? cast(oneHot(argMax(p, 1), k), 'float32') : cast(greater(p, cut), 'float32');
    const negatives = sub(1, y);
    const notPredicted = sub(1, predicted);
    const cells = concat([sum(mul(y, predicted), 0), sum(mul(y, notPredicted), 0), sum(mul(negatives, predicted), 0), sum(mul(negatives, notPredicted), 0)]);
    // Σ(p − p) is 0, or NaN when a prediction is NaN or ±Infinity (argmax and `greater` would decide silently).
    const checks = [cells, reshape(sum(sub(p, p)), [1])];
    if (validate) checks.push(reshape(labelCheck(yTrue, y, layout, k, output), [1]));
    return concat(checks);
  });
  const data = readout.dataSync();
  readout.dispose();
  const classCells = readClassCells(data, k);
  const validCells = classCells.every((cells) => Object.values(cells).every((cell) => Number.isFinite(cell) && cell >= 0));
  if (!validCells || data[4 * k] !== 0 || (validate && data[4 * k + 1] !== 0)) {
    // Core reads the batch and names the first bad label or prediction.
    reportBadBatch(() =>
      multiclassConfusionMatrix(Array.from(yTrue.dataSync()), yPred.dataSync(), { output, from: fromLogits ? 'logits' : 'probabilities', classes: k, threshold }),
    );
  }
  return scalar(averageMetric(metric, classCells, average));
}

/**
 * Called when a batch failed a check: `validate` reads the batch with core, which throws its error naming the first
 * bad label (`yTrue`) or prediction (`yPred`, e.g. NaN) with its index. If core finds nothing, a summary error.
 */
function reportBadBatch(validate: () => unknown): never {
  try {
    validate();
  } catch (error) {
    // Multi-class batches are checked flattened; name the tensor, and say how it was flattened.
    if (isAnyLossError(error) && error.argument.endsWith(' (flattened)')) {
      throw new AnyLossError(error.code, error.message.replace(' (flattened)', ' (flattened row-major)'), {
        argument: error.argument.replace(' (flattened)', ''),
        ...(error.index === undefined ? {} : { index: error.index }),
        value: error.value,
      });
    }
    throw error;
  }
  throw new AnyLossError(
    'INVALID_CELLS',
    'the confusion matrix of this batch is not valid; check that yTrue holds only 0 and 1 (or one-hot rows, or class indices) and yPred only finite numbers.',
    { argument: 'yTrue' },
  );
}

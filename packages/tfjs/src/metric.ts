import { AnyLossError, confusionMatrix, type ConfusionCells, type Metric, type PredictionKind } from '@anyloss/core';
import { abs, cast, concat, greater, matMul, mul, reshape, scalar, sub, sum, tidy, type Scalar, type Tensor } from '@tensorflow/tfjs-core';
import { assertBinaryTensor, assertMetric, assertOptions, readFrom, readThreshold, validationDefault } from './internal.js';

/** Options of {@link createMetric}. */
export interface CreateMetricOptions {
  /** A sample counts as predicted positive when its probability is strictly greater than this; default 0.5. */
  readonly threshold?: number;
  /** Whether the model outputs probabilities (default) or logits (compared as σ(z) > threshold). */
  readonly from?: PredictionKind;
  /** Check that labels are exactly 0 or 1 (folded into the one read); default on under a test runner. */
  readonly validateLabels?: boolean;
}

/** A tfjs metric function `(yTrue, yPred) => tf.Scalar` whose `name` is the metric's name (so logs show `f1`). */
export interface AnyLossMetricFunction {
  (yTrue: Tensor, yPred: Tensor): Scalar;
  /** The core metric it evaluates. */
  readonly metric: Metric;
  /** The decision threshold on probabilities. */
  readonly threshold: number;
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
 * @throws {@link AnyLossError} for a bad metric or option; the returned function throws it for bad tensors.
 */
export function createMetric(metric: Metric, options?: CreateMetricOptions): AnyLossMetricFunction {
  assertMetric(metric);
  assertOptions(options, ['threshold', 'from', 'validateLabels']);
  const threshold = readThreshold(options?.threshold);
  const fromLogits = readFrom(options?.from);
  const validate = options?.validateLabels ?? validationDefault();
  // σ(z) > t  ⟺  z > ln(t / (1 − t)), so logits are compared without a sigmoid (±Infinity at t = 0 or 1).
  const cut = fromLogits ? Math.log(threshold / (1 - threshold)) : threshold;
  const fn = (yTrue: Tensor, yPred: Tensor): Scalar => {
    const n = assertBinaryTensor(yPred, 'yPred');
    assertBinaryTensor(yTrue, 'yTrue', { size: n, of: 'yPred' });
    const readout = tidy(() => {
      // Rows [1, n] and a matMul with transposeB: fast on every backend (see loss.ts).
      const y = reshape(yTrue, [1, n]);
      const positive = cast(greater(reshape(yPred, [1, n]), cut), 'float32');
      const cells = reshape(matMul(concat([y, sub(1, y)], 0), concat([positive, sub(1, positive)], 0), false, true), [4]);
      return validate ? concat([cells, reshape(sum(abs(mul(y, sub(y, 1)))), [1])]) : cells;
    });
    const data = readout.dataSync();
    readout.dispose();
    if (validate && data[4] !== 0) {
      confusionMatrix(yTrue.dataSync(), yPred.dataSync(), { threshold, from: fromLogits ? 'logits' : 'probabilities' });
      throw new AnyLossError('INVALID_LABEL', 'yTrue must hold only 0 and 1.', { argument: 'yTrue' });
    }
    const cells: ConfusionCells = {
      truePositives: data[0] as number,
      falseNegatives: data[1] as number,
      falsePositives: data[2] as number,
      trueNegatives: data[3] as number,
    };
    return scalar(metric.value(cells));
  };
  Object.defineProperty(fn, 'name', { value: metric.name });
  Object.defineProperties(fn, { metric: { value: metric }, threshold: { value: threshold } });
  return fn as AnyLossMetricFunction;
}

import { logit } from '../amplify.js';
import { confusionMatrix } from '../confusion-matrix.js';
import { readMetric, type Metric } from '../metric.js';
import { averageMetric, type Average } from '../multiclass/average.js';
import type { MulticlassOutput } from '../multiclass/batch.js';
import { multiclassConfusionMatrix } from '../multiclass/confusion.js';
import { binaryCellTensor, perClassCellTensor } from './cell-tensor.js';
import type { TensorBatch } from './loss-plan.js';
import { allCellsFinite, readBinaryCells, readClassCells } from './readout.js';
import type { TensorOps } from './tensor-ops.js';
import { classIndexViolation, labelViolation, nonFiniteViolation, oneHotViolation } from './violation-tensor.js';
import type { ConfusionCells } from '../cells.js';

/**
 * Everything a tensor adapter computes for a hard (thresholded or argmax) metric of a batch: `forward` on the device
 * gives the small readout (the 4 or 4K hard cells, a finiteness check of the predictions and, when validating, a
 * label check), read once; `evaluate` on the host is core's metric (or average).
 */
export interface TensorMetricPlan<T> {
  forward(prediction: T, batch: Omit<TensorBatch<T>, 'weights'>): T;
  /** The metric's value, or `invalid` when a check failed or a cell is not a finite number ≥ 0. */
  evaluate(
    readout: ArrayLike<number>,
    batch: { readonly classes: number },
  ): { readonly kind: 'value'; readonly value: number } | { readonly kind: 'invalid' };
  /** Core's own evaluation of the batch read back from the device: throws core's error naming the first bad element. */
  checkOnHost(labels: ArrayLike<number>, predictions: ArrayLike<number>, classes: number): void;
}

/** True when every cell is finite and ≥ 0. */
function validCells(perClass: readonly ConfusionCells[]): boolean {
  return allCellsFinite(perClass) && perClass.every((cells) => Object.values(cells).every((cell) => cell >= 0));
}

/**
 * The hard metric of a binary batch (rows `[1, n]`): predicted positive when p > threshold (z > logit(threshold)
 * for logits: no sigmoid is needed).
 */
export function binaryMetricPlan<T>(
  ops: TensorOps<T>,
  settings: { readonly metric: Metric; readonly threshold: number; readonly fromLogits: boolean; readonly validate: boolean },
): TensorMetricPlan<T> {
  const { threshold, fromLogits, validate } = settings;
  const metric = readMetric(settings.metric);
  const cut = fromLogits ? logit(threshold) : threshold;
  return {
    forward(prediction, { labels }) {
      const positive = ops.greater(prediction, cut);
      const cells = binaryCellTensor(ops, labels, undefined, { amplified: positive, complement: ops.sub(1, positive) });
      // Σ(p − p) is 0, or NaN when a prediction is NaN or ±Infinity (which `greater` would count as a negative).
      const checks = [cells, ops.flatten(nonFiniteViolation(ops, prediction))];
      if (validate) checks.push(ops.flatten(labelViolation(ops, labels)));
      return ops.concat(checks);
    },
    evaluate(data) {
      const cells = readBinaryCells(data);
      if (!validCells([cells]) || data[4] !== 0 || (validate && data[5] !== 0)) return { kind: 'invalid' };
      return { kind: 'value', value: metric.value(cells) };
    },
    checkOnHost(labels, predictions) {
      confusionMatrix(labels, predictions, { threshold, from: fromLogits ? 'logits' : 'probabilities' });
    },
  };
}

/**
 * The averaged hard metric of a multi-output batch `[n, K]`: the argmax row (ties to the lowest index) for softmax
 * outputs, p > threshold per element for sigmoid outputs; per-class cells, core's `averageMetric`.
 */
export function multiOutputMetricPlan<T>(
  ops: TensorOps<T>,
  settings: {
    readonly metric: Metric;
    readonly average: Average;
    readonly output: MulticlassOutput;
    readonly threshold: number;
    readonly fromLogits: boolean;
    readonly validate: boolean;
  },
): TensorMetricPlan<T> {
  const { average, output, threshold, fromLogits, validate } = settings;
  const metric = readMetric(settings.metric);
  const cut = fromLogits ? logit(threshold) : threshold;
  return {
    forward(prediction, { labels, indices, classes }) {
      const predicted = output === 'softmax' ? ops.argmaxOneHot(prediction) : ops.greater(prediction, cut);
      const cells = perClassCellTensor(ops, labels, undefined, { amplified: predicted, complement: ops.sub(1, predicted) });
      // Σ(p − p) is 0, or NaN when a prediction is NaN or ±Infinity (argmax and `greater` would decide silently).
      const checks = [cells, ops.flatten(nonFiniteViolation(ops, prediction))];
      if (validate) {
        let labelCheck: T;
        if (indices !== undefined) labelCheck = classIndexViolation(ops, indices, classes);
        else labelCheck = output === 'softmax' ? oneHotViolation(ops, labels) : labelViolation(ops, labels);
        checks.push(ops.flatten(labelCheck));
      }
      return ops.concat(checks);
    },
    evaluate(data, { classes }) {
      const perClass = readClassCells(data, classes);
      if (!validCells(perClass) || data[4 * classes] !== 0 || (validate && data[4 * classes + 1] !== 0)) return { kind: 'invalid' };
      return { kind: 'value', value: averageMetric(metric, perClass, average) };
    },
    checkOnHost(labels, predictions, classes) {
      multiclassConfusionMatrix(Array.from(labels), predictions, {
        output,
        from: fromLogits ? 'logits' : 'probabilities',
        classes,
        threshold,
      });
    },
  };
}

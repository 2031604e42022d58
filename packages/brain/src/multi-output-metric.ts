import type { Metric } from '@anyloss/core';
import { argmaxOneHotRows, mustBe } from '@anyloss/core/internal';
import { multiclassMetric, type Average } from '@anyloss/core/multiclass';
import { assertNumbers } from './arguments.js';
import type { Task } from './options.js';

/**
 * The metric of a multi-output net's hard predictions, with core's `multiclassMetric` and the given average:
 * multi-class — the predicted class is the output node with the largest activation (argmax, ties to the lowest
 * index, as in core); multi-label — each node is predicted when its activation is > 0.5.
 *
 * brain.js's K outputs are independent sigmoids that need not sum to 1, while core's argmax evaluation
 * (`output: 'softmax'`) checks that rows sum to 1; so for multi-class the rows passed to core are the one-hot
 * argmax of the activations (core's `argmaxOneHotRows`), which have the same argmax.
 *
 * @param metric - the metric, e.g. `metrics.f1`.
 * @param labels - flat n×K 0/1 labels.
 * @param outputs - flat n×K output activations.
 * @param classes - K.
 * @param average - `'macro'`, `'weighted'` or `'micro'`.
 * @param task - `'multiclass'` or `'multilabel'`.
 * @throws {@link AnyLossError} for bad classes, task or outputs (and core's errors for bad labels or metric).
 */
export function multiOutputMetric(
  metric: Metric,
  labels: Float64Array,
  outputs: Float64Array,
  classes: number,
  average: Average,
  task: Task,
): number {
  assertNumbers(outputs, 'outputs');
  if (!Number.isInteger(classes) || classes < 2 || outputs.length % classes !== 0) {
    mustBe('INVALID_ARGUMENT', 'classes', `an integer K ≥ 2 that divides outputs.length (${outputs.length})`, classes);
  }
  if (task !== 'multiclass' && task !== 'multilabel') mustBe('INVALID_ARGUMENT', 'task', "'multiclass' or 'multilabel'", task);
  if (task === 'multilabel') return multiclassMetric(metric, labels, outputs, { average, output: 'sigmoid', classes });
  return multiclassMetric(metric, labels, argmaxOneHotRows(outputs, classes), { average, output: 'softmax', classes });
}

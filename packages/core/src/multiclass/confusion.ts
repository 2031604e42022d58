import { logit } from '../amplify.js';
import { argmaxOfRow } from './argmax.js';
import { unscaleCells } from '../cell-scale.js';
import type { ConfusionCells } from '../cells.js';
import { readMetric, type Metric } from '../metric.js';
import { assertOptions, readFrom, readThreshold } from '../validate.js';
import { averageMetric, type Average } from './average.js';
import { readMulticlassBatch, type Matrix, type MulticlassOutput } from './batch.js';
import { perClassCells } from './multiclass-loss.js';
import { readAverage, readClasses, readOutput } from './options.js';

/** Options of {@link multiclassConfusionMatrix}. */
export interface MulticlassConfusionOptions {
  /** `'softmax'` (default): the predicted class is the argmax of the row. `'sigmoid'`: each class is predicted when p > threshold. */
  readonly output?: MulticlassOutput;
  /** Whether predictions are probabilities (default) or logits. */
  readonly from?: 'probabilities' | 'logits';
  /** K, when `yPred` is flat. */
  readonly classes?: number;
  /** Multi-label decision threshold on probabilities; default 0.5. */
  readonly threshold?: number;
  /** One weight per sample. */
  readonly sampleWeight?: ArrayLike<number>;
}

/** The hard (evaluation) result: the K×K matrix (softmax only; rows = true class) and per-class one-vs-rest cells. */
export interface MulticlassConfusion {
  /** `matrix[t][p]`: weight of samples of true class t predicted as p (softmax outputs); undefined for multi-label. */
  readonly matrix: number[][] | undefined;
  /** One-vs-rest cells of each class. */
  readonly cells: ConfusionCells[];
}

/**
 * The hard confusion matrix of a multi-class (argmax) or multi-label (threshold) prediction, and the per-class
 * one-vs-rest cells that {@link multiclassMetric} averages. Ties in the argmax go to the lowest class index.
 */
export function multiclassConfusionMatrix(yTrue: Matrix, yPred: Matrix, options?: MulticlassConfusionOptions): MulticlassConfusion {
  assertOptions(options, ['output', 'from', 'classes', 'threshold', 'sampleWeight']);
  const output = readOutput(options?.output);
  const fromLogits = readFrom(options?.from);
  const threshold = readThreshold(options?.threshold);
  const batch = readMulticlassBatch(yTrue, yPred, {
    classes: readClasses(options?.classes),
    output,
    fromLogits,
    sampleWeight: options?.sampleWeight,
  });
  const { samples, classes, labels, predictions, sampleWeight, weightScale } = batch;
  const logitThreshold = logit(threshold); // p > t ⇔ z > logit(t)
  const predicted = new Uint8Array(samples * classes);
  const matrix = output === 'softmax' ? Array.from({ length: classes }, () => new Array<number>(classes).fill(0)) : undefined;
  for (let i = 0; i < samples; i++) {
    const w = sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
    const offset = i * classes;
    if (output === 'softmax') {
      const best = argmaxOfRow(predictions, i, classes);
      predicted[offset + best] = 1;
      let truth = 0;
      while (labels[offset + truth] !== 1) truth++;
      const row = matrix?.[truth];
      if (row !== undefined) row[best] = (row[best] ?? 0) + w;
    } else {
      for (let j = 0; j < classes; j++) {
        const value = predictions[offset + j] as number;
        predicted[offset + j] = (fromLogits ? value > logitThreshold : value > threshold) ? 1 : 0;
      }
    }
  }
  const complement = Float64Array.from(predicted, (value) => 1 - value);
  // Counted in the batch's weight unit (see readMulticlassBatch), reported in the caller's.
  const cells = perClassCells(batch, Float64Array.from(predicted), complement).map((classCells) =>
    unscaleCells(classCells, weightScale, 'options.sampleWeight'),
  );
  return { matrix: matrix?.map((row) => row.map((weight) => weight / weightScale)), cells };
}

/**
 * Evaluates a metric on a multi-class or multi-label prediction with the given average — the same averaging as
 * the loss, so a model is evaluated with exactly what it was trained on. Macro-F1: `multiclassMetric(metrics.f1, y, p)`.
 */
export function multiclassMetric(
  metric: Metric,
  yTrue: Matrix,
  yPred: Matrix,
  options?: MulticlassConfusionOptions & { readonly average?: Average },
): number {
  const checked = readMetric(metric);
  assertOptions(options, ['average', 'output', 'from', 'classes', 'threshold', 'sampleWeight']);
  const { average, ...rest } = options ?? {};
  return averageMetric(checked, multiclassConfusionMatrix(yTrue, yPred, rest).cells, readAverage(average));
}

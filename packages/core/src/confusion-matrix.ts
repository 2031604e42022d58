import { DEFAULT_AMPLIFICATION, sigmoid } from './amplify.js';
import type { ConfusionCells } from './cells.js';
import { invalidLabel, invalidPrediction, isValidPrediction, readThreshold, type ClassWeight } from './validate.js';
import {
  readBatch,
  scaledPasses,
  unscaleBatchCells,
  type BatchInput,
  type PredictionKind,
  type WeightedPass,
} from './soft-confusion-matrix.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** A sample is predicted positive when its probability is strictly greater than this; default 0.5. */
  readonly threshold?: number;
  /** Whether `yPred` holds probabilities (default) or logits (compared as σ(z) > threshold). */
  readonly from?: PredictionKind;
  /** One finite, non-negative weight per sample; default 1 each. */
  readonly sampleWeight?: ArrayLike<number>;
  /** Per-class weights `{ 0: negatives, 1: positives }`; default 1. */
  readonly classWeight?: ClassWeight;
}

const OPTIONS = ['threshold', 'from', 'sampleWeight', 'classWeight'] as const;

/**
 * The hard (evaluation) confusion matrix: a sample is predicted positive iff p > threshold.
 * With weights, each cell is the sum of the weights of its samples. Feed the result to any metric's
 * `value` to evaluate a model with exactly the metric it was trained on.
 *
 * @example
 * ```ts
 * metrics.mcc.value(confusionMatrix([1, 0, 1], [0.9, 0.2, 0.4])); // TP 1, FN 1, FP 0, TN 1
 * ```
 * @throws {@link AnyLossError} for any invalid argument.
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: ConfusionMatrixOptions): ConfusionCells {
  const batch = readBatch(yTrue, yPred, options, { amplification: DEFAULT_AMPLIFICATION, fromLogits: false }, OPTIONS);
  const threshold = readThreshold(options?.threshold);
  // Summed in a scaled unit, so that weights × class weights cannot overflow on the way.
  return unscaleBatchCells(
    batch,
    scaledPasses(batch, (sampleScale) => hardCells(batch, threshold, sampleScale)),
  );
}

/** The hard cells with the sample weights times `sampleScale`, and the running summaries of the weights. */
function hardCells(batch: BatchInput, threshold: number, sampleScale: number): WeightedPass {
  const { yTrue, yPred, sampleWeight, positiveWeight, negativeWeight, fromLogits } = batch;
  let truePositives = 0;
  let falseNegatives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let lowest = 0;
  let highest = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const input = yPred[i] as number;
    if (!isValidPrediction(input, fromLogits)) invalidPrediction(i, input, fromLogits);
    const probability = fromLogits ? sigmoid(input) : input;
    let weight = 1;
    if (sampleWeight !== undefined) {
      const given = sampleWeight[i] as number;
      lowest = Math.min(lowest, given);
      highest = Math.max(highest, given);
      weight = given * sampleScale;
    }
    const positive = probability > threshold;
    const label = yTrue[i];
    if (label === 1) {
      weight *= positiveWeight;
      if (positive) truePositives += weight;
      else falseNegatives += weight;
    } else if (label === 0) {
      weight *= negativeWeight;
      if (positive) falsePositives += weight;
      else trueNegatives += weight;
    } else {
      invalidLabel(i, label);
    }
  }
  return { cells: { truePositives, falseNegatives, falsePositives, trueNegatives }, lowest, highest };
}

import type { TrainingLoss } from '../losses.js';
import { makeBatches, type FitOptions, type TrainedModel, type TrainingData, type TrainingTrace } from './types.js';

/** A single logistic unit z = w·x + b, p = σ(z). */
export interface LogisticModel extends TrainedModel {
  /** Feature weights. */
  readonly weights: Float64Array;
  /** Bias. */
  readonly bias: number;
}

/**
 * Loss and gradient of a logistic unit on a batch: ∂loss/∂w = Xᵀ·∂loss/∂z, ∂loss/∂b = Σ ∂loss/∂z, where
 * ∂loss/∂z comes from the training loss (for AnyLoss, from `@anyloss/core`).
 *
 * @param parameters - `[w_0 … w_{width−1}, b]`.
 * @param gradient - output, same layout as `parameters`.
 * @returns the batch loss.
 */
export function logisticLossAndGradient(
  parameters: Float64Array,
  data: TrainingData,
  loss: TrainingLoss,
  gradient: Float64Array,
): number {
  const { features, labels, rows, width } = data;
  const logits = new Float64Array(rows);
  const bias = parameters[width] as number;
  for (let i = 0; i < rows; i++) {
    let z = bias;
    const offset = i * width;
    for (let j = 0; j < width; j++) z += (parameters[j] as number) * (features[offset + j] as number);
    logits[i] = z;
  }
  const logitGradient = new Float64Array(rows);
  const value = loss.lossAndGradient(labels, logits, logitGradient);
  gradient.fill(0);
  let biasGradient = 0;
  for (let i = 0; i < rows; i++) {
    const g = logitGradient[i] as number;
    if (g === 0) continue;
    biasGradient += g;
    const offset = i * width;
    for (let j = 0; j < width; j++) gradient[j] = (gradient[j] as number) + g * (features[offset + j] as number);
  }
  gradient[width] = biasGradient;
  return value;
}

/** Copies the given rows of `data` into a new, smaller {@link TrainingData}. */
export function selectRows(data: TrainingData, rows: ArrayLike<number>): TrainingData {
  const { width } = data;
  const features = new Float64Array(rows.length * width);
  const labels = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const source = rows[r] as number;
    features.set(data.features.subarray(source * width, (source + 1) * width), r * width);
    labels[r] = data.labels[source] as number;
  }
  return { features, labels, rows: rows.length, width };
}

/**
 * Trains a single logistic unit with plain gradient descent, the paper's single-unit protocol: weights and
 * bias start at 0; with `batchSize ≥ rows` every epoch is one full-batch step (1000 epochs = 1000 steps).
 */
export function fitLogistic(data: TrainingData, options: FitOptions): { model: LogisticModel; trace: TrainingTrace } {
  const { width, rows } = data;
  const parameters = new Float64Array(width + 1);
  const gradient = new Float64Array(width + 1);
  const lossPerEpoch = new Float64Array(options.epochs);
  const fullBatch = options.batchSize >= rows;
  let initialLoss = Number.NaN;
  let steps = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const batches = fullBatch ? [null] : makeBatches(rows, options.batchSize, options.random);
    let total = 0;
    for (const batch of batches) {
      const value = logisticLossAndGradient(parameters, batch === null ? data : selectRows(data, batch), options.loss, gradient);
      if (steps === 0) initialLoss = value;
      total += value;
      for (let j = 0; j <= width; j++) parameters[j] = (parameters[j] as number) - options.learningRate * (gradient[j] as number);
      steps++;
    }
    lossPerEpoch[epoch] = total / batches.length;
  }
  const weights = parameters.slice(0, width);
  const bias = parameters[width] as number;
  return {
    model: {
      weights,
      bias,
      predictLogits(features, count) {
        const out = new Float64Array(count);
        for (let i = 0; i < count; i++) {
          let z = bias;
          for (let j = 0; j < width; j++) z += (weights[j] as number) * (features[i * width + j] as number);
          out[i] = z;
        }
        return out;
      },
    },
    trace: { lossPerEpoch, initialLoss, steps },
  };
}

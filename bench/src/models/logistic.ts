import type { TrainingLoss } from '../losses.js';
import { makeBatches, type FitOptions, type TrainedModel, type TrainingData, type TrainingTrace } from './types.js';

/**
 * A single logistic unit z = w·x + b, p = σ(z) — or, with K outputs (the loss's `outputs`), softmax regression
 * z = Wᵀx + b, p = softmax(z).
 */
export interface LogisticModel extends TrainedModel {
  /** Feature weights, `width × outputs` row-major (feature j, output k at `j·outputs + k`). */
  readonly weights: Float64Array;
  /** Bias of the first (binary: the only) output. */
  readonly bias: number;
  /** Bias of each output. */
  readonly biases: Float64Array;
}

/**
 * Loss and gradient of a logistic unit (or softmax regression, when `loss.outputs` = K > 1) on a batch:
 * ∂loss/∂W = Xᵀ·∂loss/∂Z, ∂loss/∂b = Σ_rows ∂loss/∂Z, where ∂loss/∂Z comes from the training loss (for AnyLoss,
 * from `@anyloss/core`).
 *
 * @param parameters - `[W (width × outputs, row-major), b (outputs)]`; binary: `[w_0 … w_{width−1}, b]`.
 * @param gradient - output, same layout as `parameters`.
 * @returns the batch loss.
 */
export function logisticLossAndGradient(parameters: Float64Array, data: TrainingData, loss: TrainingLoss, gradient: Float64Array): number {
  const { features, labels, rows, width } = data;
  const outputs = loss.outputs;
  const logits = new Float64Array(rows * outputs);
  for (let i = 0; i < rows; i++) {
    const offset = i * width;
    for (let k = 0; k < outputs; k++) {
      let z = parameters[width * outputs + k] as number;
      for (let j = 0; j < width; j++) z += (parameters[j * outputs + k] as number) * (features[offset + j] as number);
      logits[i * outputs + k] = z;
    }
  }
  const logitGradient = new Float64Array(rows * outputs);
  const value = loss.lossAndGradient(labels, logits, logitGradient);
  gradient.fill(0);
  for (let k = 0; k < outputs; k++) {
    let biasGradient = 0;
    for (let i = 0; i < rows; i++) {
      const g = logitGradient[i * outputs + k] as number;
      if (g === 0) continue;
      biasGradient += g;
      const offset = i * width;
      for (let j = 0; j < width; j++)
        gradient[j * outputs + k] = (gradient[j * outputs + k] as number) + g * (features[offset + j] as number);
    }
    gradient[width * outputs + k] = biasGradient;
  }
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
 * Trains a single logistic unit (softmax regression when the loss has K > 1 outputs) with plain gradient descent,
 * the paper's single-unit protocol: weights and biases start at 0; with `batchSize ≥ rows` every epoch is one
 * full-batch step (1000 epochs = 1000 steps). `initialOutputBias` sets the (first) bias instead of 0.
 */
export function fitLogistic(data: TrainingData, options: FitOptions): { model: LogisticModel; trace: TrainingTrace } {
  const { width, rows } = data;
  const outputs = options.loss.outputs;
  const size = (width + 1) * outputs;
  const parameters = new Float64Array(size);
  if (options.initialOutputBias !== undefined) parameters[width * outputs] = options.initialOutputBias;
  const gradient = new Float64Array(size);
  const lossPerEpoch = new Float64Array(options.epochs);
  const fullBatch = options.batchSize >= rows;
  let initialLoss = Number.NaN;
  let steps = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    options.loss.beginEpoch?.(epoch, options.epochs);
    const batches = fullBatch ? [null] : makeBatches(rows, options.batchSize, options.random);
    let total = 0;
    for (const batch of batches) {
      const value = logisticLossAndGradient(parameters, batch === null ? data : selectRows(data, batch), options.loss, gradient);
      if (steps === 0) initialLoss = value;
      total += value;
      for (let j = 0; j < size; j++) parameters[j] = (parameters[j] as number) - options.learningRate * (gradient[j] as number);
      steps++;
    }
    lossPerEpoch[epoch] = total / batches.length;
  }
  const weights = parameters.slice(0, width * outputs);
  const biases = parameters.slice(width * outputs);
  return {
    model: {
      weights,
      bias: biases[0] as number,
      biases,
      outputs,
      predictLogits(features, count) {
        const out = new Float64Array(count * outputs);
        for (let i = 0; i < count; i++) {
          for (let k = 0; k < outputs; k++) {
            let z = biases[k] as number;
            for (let j = 0; j < width; j++) z += (weights[j * outputs + k] as number) * (features[i * width + j] as number);
            out[i * outputs + k] = z;
          }
        }
        return out;
      },
    },
    trace: { lossPerEpoch, initialLoss, steps },
  };
}

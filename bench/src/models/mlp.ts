import { sigmoid } from '@anyloss/core';
import type { TrainingLoss } from '../losses.js';
import type { Random } from '../random.js';
import { selectRows } from './logistic.js';
import { makeBatches, type FitOptions, type TrainedModel, type TrainingData, type TrainingTrace } from './types.js';

/** Batch-normalisation ε (the Keras default the paper's code used). */
export const BATCH_NORM_EPSILON = 1e-3;

/**
 * Shape of the paper's small network: Dense(hidden) → [BatchNorm] → sigmoid → Dense(1) → sigmoid, or with K
 * outputs Dense(hidden) → [BatchNorm] → sigmoid → Dense(K) → softmax (multi-class).
 */
export interface MlpShape {
  /** Input features. */
  readonly width: number;
  /** Hidden units (the paper: 2). */
  readonly hidden: number;
  /** Whether a batch-normalisation layer sits between the first dense layer and its sigmoid. */
  readonly batchNorm: boolean;
  /** Logits of the output layer; default 1 (binary). */
  readonly outputs?: number;
}

/**
 * Offsets of each parameter block inside the flat parameter vector:
 * `[W1 (width × hidden, row-major), b1 (hidden), γ (hidden), β (hidden), w2 (hidden × outputs, row-major), b2 (outputs)]`.
 */
export function mlpLayout(shape: MlpShape): { W1: number; b1: number; gamma: number; beta: number; w2: number; b2: number; size: number } {
  const { width, hidden } = shape;
  const W1 = 0;
  const b1 = width * hidden;
  const gamma = b1 + hidden;
  const beta = gamma + hidden;
  const outputs = shape.outputs ?? 1;
  const w2 = beta + hidden;
  const b2 = w2 + hidden * outputs;
  return { W1, b1, gamma, beta, w2, b2, size: b2 + outputs };
}

/** Glorot-uniform weights (seeded), zero biases, γ = 1, β = 0 — the Keras defaults. */
export function initMlpParameters(shape: MlpShape, random: Random): Float64Array {
  const layout = mlpLayout(shape);
  const parameters = new Float64Array(layout.size);
  const limit1 = Math.sqrt(6 / (shape.width + shape.hidden));
  for (let k = 0; k < shape.width * shape.hidden; k++) parameters[layout.W1 + k] = (2 * random() - 1) * limit1;
  const outputs = shape.outputs ?? 1;
  const limit2 = Math.sqrt(6 / (shape.hidden + outputs));
  for (let j = 0; j < shape.hidden; j++) {
    parameters[layout.gamma + j] = 1;
    for (let c = 0; c < outputs; c++) parameters[layout.w2 + j * outputs + c] = (2 * random() - 1) * limit2;
  }
  return parameters;
}

/** Pre-activations h = X·W1 + b1 of the first layer, row-major `rows × hidden`. */
function firstLayer(parameters: Float64Array, shape: MlpShape, data: TrainingData): Float64Array {
  const { width, hidden } = shape;
  const layout = mlpLayout(shape);
  const h = new Float64Array(data.rows * hidden);
  for (let i = 0; i < data.rows; i++) {
    for (let j = 0; j < hidden; j++) {
      let sum = parameters[layout.b1 + j] as number;
      for (let k = 0; k < width; k++) sum += (data.features[i * width + k] as number) * (parameters[layout.W1 + k * hidden + j] as number);
      h[i * hidden + j] = sum;
    }
  }
  return h;
}

/** Per-unit mean and variance of `h` over the rows. */
function columnMoments(h: Float64Array, rows: number, hidden: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(hidden);
  const variance = new Float64Array(hidden);
  for (let i = 0; i < rows; i++) for (let j = 0; j < hidden; j++) mean[j] = (mean[j] as number) + (h[i * hidden + j] as number) / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < hidden; j++) {
      const d = (h[i * hidden + j] as number) - (mean[j] as number);
      variance[j] = (variance[j] as number) + (d * d) / rows;
    }
  }
  return { mean, variance };
}

/**
 * Loss and exact gradient of the MLP on one batch, batch normalisation in training mode (batch statistics,
 * differentiated through). ∂loss/∂z comes from the training loss; the rest is ordinary back-propagation.
 *
 * @param gradient - output, same layout as `parameters` (see {@link mlpLayout}).
 * @returns the batch loss.
 */
export function mlpLossAndGradient(
  parameters: Float64Array,
  shape: MlpShape,
  data: TrainingData,
  loss: TrainingLoss,
  gradient: Float64Array,
): number {
  const { hidden } = shape;
  const outputs = shape.outputs ?? 1;
  const { rows, width } = data;
  const layout = mlpLayout(shape);
  const h = firstLayer(parameters, shape, data);
  const normalised = new Float64Array(h.length);
  const deviation = new Float64Array(hidden);
  if (shape.batchNorm) {
    const { mean, variance } = columnMoments(h, rows, hidden);
    for (let j = 0; j < hidden; j++) deviation[j] = Math.sqrt((variance[j] as number) + BATCH_NORM_EPSILON);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < hidden; j++)
        normalised[i * hidden + j] = ((h[i * hidden + j] as number) - (mean[j] as number)) / (deviation[j] as number);
    }
  }
  const activation = new Float64Array(h.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < hidden; j++) {
      const a = shape.batchNorm
        ? (parameters[layout.gamma + j] as number) * (normalised[i * hidden + j] as number) + (parameters[layout.beta + j] as number)
        : (h[i * hidden + j] as number);
      activation[i * hidden + j] = sigmoid(a);
    }
  }
  const logits = outputLayer(parameters, layout, activation, rows, hidden, outputs);
  const logitGradient = new Float64Array(rows * outputs);
  const value = loss.lossAndGradient(data.labels, logits, logitGradient);

  gradient.fill(0);
  const preActivationGradient = new Float64Array(h.length); // ∂loss/∂a
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < outputs; c++)
      gradient[layout.b2 + c] = (gradient[layout.b2 + c] as number) + (logitGradient[i * outputs + c] as number);
    for (let j = 0; j < hidden; j++) {
      const u = activation[i * hidden + j] as number;
      let back = 0; // ∂loss/∂u_ij = Σ_c ∂loss/∂z_ic · w2_jc
      for (let c = 0; c < outputs; c++) {
        const g = logitGradient[i * outputs + c] as number;
        gradient[layout.w2 + j * outputs + c] = (gradient[layout.w2 + j * outputs + c] as number) + g * u;
        back += g * (parameters[layout.w2 + j * outputs + c] as number);
      }
      preActivationGradient[i * hidden + j] = back * u * (1 - u);
    }
  }
  let hGradient = preActivationGradient; // ∂loss/∂h
  if (shape.batchNorm) {
    hGradient = new Float64Array(h.length);
    for (let j = 0; j < hidden; j++) {
      const gamma = parameters[layout.gamma + j] as number;
      let sumA = 0;
      let sumAN = 0;
      for (let i = 0; i < rows; i++) {
        const da = preActivationGradient[i * hidden + j] as number;
        const xn = normalised[i * hidden + j] as number;
        sumA += da;
        sumAN += da * xn;
      }
      gradient[layout.beta + j] = sumA;
      gradient[layout.gamma + j] = sumAN;
      // ∂loss/∂ĥ = γ·∂loss/∂a; back through (h − μ)/√(σ² + ε) with batch statistics.
      const scale = gamma / ((deviation[j] as number) * rows);
      for (let i = 0; i < rows; i++) {
        const da = preActivationGradient[i * hidden + j] as number;
        const xn = normalised[i * hidden + j] as number;
        hGradient[i * hidden + j] = scale * (rows * da - sumA - xn * sumAN);
      }
    }
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < hidden; j++) {
      const dh = hGradient[i * hidden + j] as number;
      gradient[layout.b1 + j] = (gradient[layout.b1 + j] as number) + dh;
      for (let k = 0; k < width; k++) {
        gradient[layout.W1 + k * hidden + j] =
          (gradient[layout.W1 + k * hidden + j] as number) + dh * (data.features[i * width + k] as number);
      }
    }
  }
  return value;
}

/** Logits z_ic = b2_c + Σ_j u_ij·w2_jc of the output layer, row-major rows × outputs. */
function outputLayer(
  parameters: Float64Array,
  layout: ReturnType<typeof mlpLayout>,
  activation: Float64Array,
  rows: number,
  hidden: number,
  outputs: number,
): Float64Array {
  const logits = new Float64Array(rows * outputs);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < outputs; c++) {
      let z = parameters[layout.b2 + c] as number;
      for (let j = 0; j < hidden; j++) z += (activation[i * hidden + j] as number) * (parameters[layout.w2 + j * outputs + c] as number);
      logits[i * outputs + c] = z;
    }
  }
  return logits;
}

/** The trained MLP with the batch-normalisation statistics it uses at inference. */
export interface MlpModel extends TrainedModel {
  /** Final parameters (layout of {@link mlpLayout}). */
  readonly parameters: Float64Array;
  /** Network shape. */
  readonly shape: MlpShape;
}

/** Options of {@link fitMlp}: the shared ones plus the network shape. */
export interface MlpFitOptions extends FitOptions {
  /** Hidden units; default 2 (the paper) for a binary loss, K for a multi-class loss with K outputs. */
  readonly hidden?: number;
  /** Batch normalisation; default true (the paper). */
  readonly batchNorm?: boolean;
}

/**
 * Trains the paper's small MLP with Adam (β1 0.9, β2 0.999, ε 1e-7, the Keras defaults) on shuffled
 * mini-batches. At inference, batch normalisation uses the mean and variance of the whole training fold
 * under the final weights (exact population statistics instead of Keras's moving averages).
 */
export function fitMlp(data: TrainingData, options: MlpFitOptions): { model: MlpModel; trace: TrainingTrace } {
  const outputs = options.loss.outputs;
  const shape: MlpShape = {
    width: data.width,
    hidden: options.hidden ?? (outputs > 1 ? outputs : 2),
    batchNorm: options.batchNorm ?? true,
    outputs,
  };
  const layout = mlpLayout(shape);
  const parameters = initMlpParameters(shape, options.random);
  if (options.initialOutputBias !== undefined) parameters[layout.b2] = options.initialOutputBias;
  const gradient = new Float64Array(layout.size);
  const firstMoment = new Float64Array(layout.size);
  const secondMoment = new Float64Array(layout.size);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-7;
  const lossPerEpoch = new Float64Array(options.epochs);
  let initialLoss = Number.NaN;
  let steps = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    options.loss.beginEpoch?.(epoch, options.epochs);
    const batches = makeBatches(data.rows, options.batchSize, options.random);
    let total = 0;
    for (const batch of batches) {
      const batchData = batch.length === data.rows ? data : selectRows(data, batch);
      const value = mlpLossAndGradient(parameters, shape, batchData, options.loss, gradient);
      if (steps === 0) initialLoss = value;
      total += value;
      steps++;
      const correction1 = 1 - beta1 ** steps;
      const correction2 = 1 - beta2 ** steps;
      for (let k = 0; k < layout.size; k++) {
        const g = gradient[k] as number;
        firstMoment[k] = beta1 * (firstMoment[k] as number) + (1 - beta1) * g;
        secondMoment[k] = beta2 * (secondMoment[k] as number) + (1 - beta2) * g * g;
        const mHat = (firstMoment[k] as number) / correction1;
        const vHat = (secondMoment[k] as number) / correction2;
        parameters[k] = (parameters[k] as number) - (options.learningRate * mHat) / (Math.sqrt(vHat) + epsilon);
      }
    }
    lossPerEpoch[epoch] = total / batches.length;
  }
  const moments = shape.batchNorm ? columnMoments(firstLayer(parameters, shape, data), data.rows, shape.hidden) : null;
  return {
    model: {
      parameters,
      shape,
      outputs,
      predictLogits(features, rows) {
        const h = firstLayer(parameters, shape, { features, labels: new Float64Array(rows), rows, width: shape.width });
        const activation = new Float64Array(h.length);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < shape.hidden; j++) {
            let a = h[i * shape.hidden + j] as number;
            if (moments !== null) {
              const normalised = (a - (moments.mean[j] as number)) / Math.sqrt((moments.variance[j] as number) + BATCH_NORM_EPSILON);
              a = (parameters[layout.gamma + j] as number) * normalised + (parameters[layout.beta + j] as number);
            }
            activation[i * shape.hidden + j] = sigmoid(a);
          }
        }
        return outputLayer(parameters, layout, activation, rows, shape.hidden, outputs);
      },
    },
    trace: { lossPerEpoch, initialLoss, steps },
  };
}

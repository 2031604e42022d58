import type { TrainingLoss } from '../losses.js';
import type { Random } from '../random.js';

/** Training data in the layout every model uses: a row-major matrix plus labels (0/1, or class indices 0..K−1). */
export interface TrainingData {
  /** `rows × width` standardised features, row-major. */
  readonly features: Float64Array;
  /** 0/1 label per row (binary), or the class index 0..K−1 (multi-class). */
  readonly labels: Float64Array;
  /** Number of rows. */
  readonly rows: number;
  /** Number of features per row. */
  readonly width: number;
}

/** Options shared by the plain-TypeScript models. */
export interface FitOptions {
  /** The loss to minimise. */
  readonly loss: TrainingLoss;
  /** Passes over the training data. */
  readonly epochs: number;
  /** Rows per gradient step; `rows` (or more) = full batch. */
  readonly batchSize: number;
  /** Step size. */
  readonly learningRate: number;
  /** Stream for initialisation and batch shuffling. */
  readonly random: Random;
  /**
   * Initial bias of the (binary) output unit, e.g. the class prior's logit log(π/(1−π)); default 0 for the logistic
   * unit and the MLP's output layer (their usual initialisation).
   */
  readonly initialOutputBias?: number;
}

/** What training recorded. */
export interface TrainingTrace {
  /** Training loss per epoch: the mean of that epoch's batch losses (before each batch's update). */
  readonly lossPerEpoch: Float64Array;
  /** Loss of the untrained model on the first batch it saw, the start of the curve. */
  readonly initialLoss: number;
  /** Gradient steps taken. */
  readonly steps: number;
}

/** A trained model: maps standardised rows to logits z (binary: p = σ(z); multi-class: p = softmax(z)). */
export interface TrainedModel {
  /** Logits per row: 1 (binary) or K (multi-class). */
  readonly outputs: number;
  /** Logits of a row-major `rows × width` matrix: one per row, or row-major `rows × outputs`. */
  predictLogits(features: Float64Array, rows: number): Float64Array;
}

/**
 * Splits `0..rows-1` into ⌈rows / batchSize⌉ batches of near-equal size (sizes differ by at most one, so there
 * is never a stray batch of one row), shuffled with `random` unless it is full-batch.
 */
export function makeBatches(rows: number, batchSize: number, random: Random): Int32Array[] {
  const count = Math.max(1, Math.ceil(rows / Math.max(1, batchSize)));
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  if (count > 1) {
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swap = order[i] as number;
      order[i] = order[j] as number;
      order[j] = swap;
    }
  }
  const batches: Int32Array[] = [];
  for (let b = 0; b < count; b++) {
    batches.push(order.subarray(Math.floor((b * rows) / count), Math.floor(((b + 1) * rows) / count)));
  }
  return batches;
}

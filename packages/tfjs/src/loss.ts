import { AnyLossError, anyLoss, type ClassWeight, type Metric, type PredictionKind } from '@anyloss/core';
import {
  assertMetric,
  assertOptions,
  binaryLossPlan,
  multiOutputLossPlan,
  readClassWeight,
  readFrom,
  readOutput,
} from '@anyloss/core/internal';
import { multiclassAnyLoss, type Average, type MulticlassAmplifier, type MulticlassOutput } from '@anyloss/core/multiclass';
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { readValidate } from './tensor-arguments.js';
import { lossWithGradient } from './loss-with-gradient.js';
import { assertNoMulticlassOptions, readAverage } from './multiclass-tensors.js';
import { encodeLossDescriptor, LOSS_DESCRIPTOR_KEY } from './serialization.js';
import { binaryBatch, multiOutputBatch } from './tensor-batch.js';
import { tfOps } from './tensor-ops.js';

/**
 * The default amplification scale L of this adapter. Reason: measured — small MLPs trained with Adam on mini-batches
 * in float32 learn best with a small L (the paper's full-batch value stays available as `{ amplification: 73 }`).
 * See the README, "Choosing the amplification" (from `pnpm bench -- tfjs-amplification` at the repository root).
 */
export const DEFAULT_TFJS_AMPLIFICATION = 5;

/** Options of {@link createLoss}, fixed for the life of the loss. */
export interface CreateLossOptions {
  /**
   * The amplification scale L of A(p) = σ(L·(p − 0.5)); default {@link DEFAULT_TFJS_AMPLIFICATION} (measured for
   * mini-batch Adam in float32). The paper's full-batch value 73 is always available. Larger L makes the soft
   * cells closer to hard counts (the loss value tracks the hard metric more closely) but trained worse here.
   */
  readonly amplification?: number;
  /** Whether the model outputs probabilities (default, e.g. a sigmoid output layer) or logits (a linear output). */
  readonly from?: PredictionKind;
  /**
   * Per-class weights `{ 0: negatives, 1: positives }` (default 1 each). They scale whole cells of the soft
   * confusion matrix, so they are exact with mini-batches. Use this, not `fit({ classWeight })`: tfjs applies
   * fit's class weights by multiplying the (scalar) batch loss by the batch's mean weight, which only rescales
   * the step.
   */
  readonly classWeight?: ClassWeight;
  /**
   * Check label values (exactly 0 or 1), predictions (probabilities in [0, 1], finite logits) and sample weights
   * (finite, ≥ 0) on every call, folded into the one small read of the cells (two more numbers). On failure the
   * batch is read once more to name the first bad element in an {@link AnyLossError}. Default: on under a test
   * runner (`NODE_ENV === 'test'`), off otherwise. Shape, rank and dtype are always checked (no read needed).
   */
  readonly validateLabels?: boolean;
  /**
   * Multi-output models: how the per-class metrics are combined, `'macro'`, `'weighted'` or `'micro'` (core's
   * `Average`). Giving it switches the loss to a multi-class (softmax) or multi-label (sigmoid) model with
   * predictions `[batch, K]`, K ≥ 2, and labels as one-hot / multi-hot rows `[batch, K]` (or, for softmax,
   * class indices `[batch]`). There is no default: without it the loss is binary, and a `[batch, K]` prediction
   * is an error that says to pass it.
   */
  readonly average?: Average;
  /** With `average`: `'softmax'` (default, one class per sample) or `'sigmoid'` (multi-label, K independent outputs). */
  readonly output?: MulticlassOutput;
  /**
   * With `average`: core's amplifier, `'softmax'` (default for softmax outputs: ŷ = softmax(L·z) or
   * softmax(L·log p), agrees with argmax) or `'one-vs-rest'` (ŷ = σ(L(p − 0.5)) per class; the only one for sigmoid).
   * With `average`, the default `amplification` is core's: `DEFAULT_SOFTMAX_AMPLIFICATION` for the softmax
   * amplifier, `DEFAULT_AMPLIFICATION` for one-vs-rest.
   */
  readonly amplifier?: MulticlassAmplifier;
}

/**
 * A tfjs loss function `(yTrue, yPred) => tf.Scalar` for `model.compile({ loss })`, plus an optional third
 * argument for custom training loops: per-sample weights, a float32 tensor of shape `[batch]` or `[batch, 1]`.
 */
export interface AnyLossFunction {
  (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Scalar;
  /** The metric this loss optimises (`1 − metric`). */
  readonly metric: Metric;
  /** The amplification scale L. */
  readonly amplification: number;
  /** What the model outputs. */
  readonly from: PredictionKind;
  /** The per-class weights `[negative, positive]` (binary; `[1, 1]` for multi-output losses). */
  readonly classWeight: readonly [number, number];
  /** The average of a multi-output loss; undefined for a binary loss. */
  readonly average: Average | undefined;
  /** The output kind of a multi-output loss; undefined for a binary loss. */
  readonly output: MulticlassOutput | undefined;
  /** The amplifier of a multi-output loss; undefined for a binary loss (which uses σ(L(p − 0.5))). */
  readonly amplifier: MulticlassAmplifier | undefined;
}

const LOSS_OPTIONS = ['amplification', 'from', 'classWeight', 'validateLabels', 'average', 'output', 'amplifier'] as const;
const MULTICLASS_ONLY = ['output', 'amplifier'] as const;

/**
 * Turns a confusion-matrix metric into a TensorFlow.js loss, `1 − metric(soft confusion matrix)`, for
 * `model.compile({ loss })` or a custom training loop.
 *
 * Per step: the amplified predictions and the four soft cells are computed with tensor ops on the active
 * backend (cpu, wasm, webgl), the four cells are read back in ONE small read (4 numbers, 6 with
 * `validateLabels`), core evaluates the metric and its partial derivatives, and `tf.customGrad` supplies the
 * gradient `w · c(y) · L·A·(1 − A)` (times `p(1 − p)` for logits) as tensor ops. `1 − A` is computed as
 * `σ(−s)`, never as a subtraction, so confident predictions keep their gradient in float32.
 *
 * With `options.average` the loss is for a multi-class (softmax) or multi-label (sigmoid) model with predictions
 * `[batch, K]`: per-class one-vs-rest soft cells (a 4K-number read), core's averaged metric and per-class
 * partials (`averageMetric`, `averagedPartials`), and the gradient pushed back through core's amplifier as tensor
 * ops. Shapes `[batch]` and `[batch, 1]` without `average` stay binary; `[batch, K ≥ 2]` requires `average`.
 *
 * @example
 * ```ts
 * model.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1), metrics: [createMetric(metrics.f1)] });
 * // a softmax output layer with K units, labels one-hot [batch, K]:
 * model.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1, { average: 'macro' }) });
 * ```
 * @param metric - a built-in from `metrics`, `fBeta(β)`, or `defineMetric(...)`.
 * @param options - see {@link CreateLossOptions}.
 * @throws {@link AnyLossError} for a bad metric or option; the returned function throws it for bad tensors.
 */
export function createLoss(metric: Metric, options?: CreateLossOptions): AnyLossFunction {
  assertMetric(metric);
  assertOptions(options, LOSS_OPTIONS);
  const average = readAverage(options?.average);
  if (average !== undefined) return createMulticlassLoss(metric, average, options);
  assertNoMulticlassOptions(options, MULTICLASS_ONLY);
  const amplification = options?.amplification ?? DEFAULT_TFJS_AMPLIFICATION;
  const fromLogits = readFrom(options?.from);
  // Core validates the metric and the amplification (at most MAX_AMPLIFICATION, far inside float32) with its own rules and messages.
  anyLoss(metric, { amplification, from: fromLogits ? 'logits' : 'probabilities' });
  const classWeight = readClassWeight(options?.classWeight);
  const validate = readValidate(options?.validateLabels);
  const plan = binaryLossPlan(tfOps, { metric, amplification, fromLogits, classWeight, validate });
  const loss = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Scalar =>
    lossWithGradient(plan, binaryBatch(yTrue, yPred, sampleWeight));
  const from: PredictionKind = fromLogits ? 'logits' : 'probabilities';
  return decorate(loss, { metric, amplification, from, classWeight, average: undefined, output: undefined, amplifier: undefined });
}

/** The multi-output branch of {@link createLoss}: settings checked (and defaulted) by core's `multiclassAnyLoss`. */
function createMulticlassLoss(metric: Metric, average: Average, options: CreateLossOptions | undefined): AnyLossFunction {
  if (options?.classWeight !== undefined) {
    throw new AnyLossError(
      'INVALID_OPTION',
      'options.classWeight is binary ({ 0, 1 }); multi-output losses take per-sample weights (the third argument) ' +
        "or average: 'weighted'.",
      { argument: 'options.classWeight', value: options.classWeight },
    );
  }
  const output = readOutput(options?.output);
  const fromLogits = readFrom(options?.from);
  const from: PredictionKind = fromLogits ? 'logits' : 'probabilities';
  // Core checks the combination (e.g. the softmax amplifier needs softmax outputs) and supplies the defaults.
  const reference = multiclassAnyLoss(metric, {
    average,
    output,
    from,
    ...(options?.amplifier === undefined ? {} : { amplifier: options.amplifier }),
    ...(options?.amplification === undefined ? {} : { amplification: options.amplification }),
  });
  const { amplifier, amplification } = reference;
  const plan = multiOutputLossPlan(tfOps, {
    metric,
    average,
    output,
    amplifier,
    amplification,
    fromLogits,
    validate: readValidate(options?.validateLabels),
  });
  const loss = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Scalar =>
    lossWithGradient(plan, multiOutputBatch(yTrue, yPred, sampleWeight, output));
  return decorate(loss, { metric, amplification, from, classWeight: [1, 1], average, output, amplifier });
}

/** The read-only settings {@link decorate} attaches: every property of {@link AnyLossFunction}. */
type LossProperties = Pick<AnyLossFunction, 'metric' | 'amplification' | 'from' | 'classWeight' | 'average' | 'output' | 'amplifier'>;

/** Names the loss function and attaches its read-only settings and its one enumerable property, the descriptor. */
function decorate(loss: (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Scalar, properties: LossProperties): AnyLossFunction {
  const { metric, amplification, from, classWeight, average, output, amplifier } = properties;
  const prefix = average === undefined ? 'anyLoss' : `anyLoss_${average}`;
  Object.defineProperty(loss, 'name', { value: `${prefix}_${metric.name}` });
  Object.defineProperties(loss, {
    metric: { value: metric },
    amplification: { value: amplification },
    from: { value: from },
    classWeight: { value: Object.freeze([...classWeight]) },
    average: { value: average },
    output: { value: output },
    amplifier: { value: amplifier },
    // The one enumerable property: tfjs-layers serialises a function loss as the map of its own enumerable
    // string properties, so `model.save(..., { includeOptimizer: true })` stores this descriptor and
    // `loadModel` can rebuild the loss. See serialization.ts.
    [LOSS_DESCRIPTOR_KEY]: {
      value: encodeLossDescriptor({
        metric: metric.name,
        amplification,
        from,
        classWeight: { 0: classWeight[0], 1: classWeight[1] },
        ...(average === undefined || output === undefined || amplifier === undefined ? {} : { average, output, amplifier }),
      }),
      enumerable: true,
    },
  });
  return loss as AnyLossFunction;
}

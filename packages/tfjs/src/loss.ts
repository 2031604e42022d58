import { AnyLossError, isAnyLossError, anyLoss, chainRuleCoefficients, softConfusionMatrix, type ClassWeight, type ConfusionCells, type Metric, type PredictionKind } from '@anyloss/core';
import {
  abs,
  add,
  concat,
  customGrad,
  dispose,
  matMul,
  mul,
  neg,
  relu,
  reshape,
  scalar,
  sigmoid,
  sub,
  sum,
  tanh,
  tidy,
  type GradSaveFunc,
  type Scalar,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { multiclassAnyLoss, type Average, type MulticlassAmplifier, type MulticlassOutput } from '@anyloss/core/multiclass';
import { assertMetric, assertOptions, readClassWeight, readFrom } from '@anyloss/core/internal';
import { assertBinaryTensor, fitsFloat32, gradientOverflow, validationDefault } from './internal.js';
import { multiclassLoss } from './multiclass-loss.js';
import { assertNoMulticlassOptions, readAverage, readOutput } from './multiclass-tensors.js';
import { encodeLossDescriptor, LOSS_DESCRIPTOR_KEY } from './serialization.js';

/**
 * The default amplification scale L of this adapter, chosen by measurement (README, "Choosing the
 * amplification"; `pnpm --filter @anyloss/tfjs bench amplification`): small MLPs trained with Adam on
 * mini-batches in float32 on the repo's 14 imbalanced datasets, for several L. The paper's full-batch value stays
 * available as `{ amplification: 73 }`.
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
  // Core validates the metric and the amplification with its own rules and messages.
  anyLoss(metric, { amplification, from: fromLogits ? 'logits' : 'probabilities' });
  assertFloat32Amplification(amplification);
  const [negativeWeight, positiveWeight] = readClassWeight(options?.classWeight);
  const validate = readValidate(options?.validateLabels);
  const settings: LossSettings = { metric, amplification, fromLogits, negativeWeight, positiveWeight, validate };

  const loss = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Scalar => computeLoss(settings, yTrue, yPred, sampleWeight);
  const from: PredictionKind = fromLogits ? 'logits' : 'probabilities';
  return decorate(loss, {
    metric,
    amplification,
    from,
    classWeight: [negativeWeight, positiveWeight],
    average: undefined,
    output: undefined,
    amplifier: undefined,
  });
}

/** The tensors are float32: an amplification beyond float32's range would make every step ±Infinity or NaN. */
function assertFloat32Amplification(amplification: number): void {
  if (!fitsFloat32(amplification)) {
    throw new AnyLossError(
      'INVALID_AMPLIFICATION',
      `options.amplification must be at most 3.4e38 (the largest float32, the precision of the tensors), got ${amplification}.`,
      { argument: 'options.amplification', value: amplification },
    );
  }
}

function readValidate(value: unknown): boolean {
  const validate = value ?? validationDefault();
  if (typeof validate !== 'boolean') {
    throw new AnyLossError('INVALID_OPTION', `options.validateLabels must be true or false, got ${String(validate)}.`, {
      argument: 'options.validateLabels',
      value: validate,
    });
  }
  return validate;
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
  assertFloat32Amplification(amplification);
  const settings = { metric, average, output, amplifier, amplification, fromLogits, validate: readValidate(options?.validateLabels) };
  const loss = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Scalar => multiclassLoss(settings, yTrue, yPred, sampleWeight);
  return decorate(loss, { metric, amplification, from, classWeight: [1, 1], average, output, amplifier });
}

interface LossProperties {
  readonly metric: Metric;
  readonly amplification: number;
  readonly from: PredictionKind;
  readonly classWeight: readonly [number, number];
  readonly average: Average | undefined;
  readonly output: MulticlassOutput | undefined;
  readonly amplifier: MulticlassAmplifier | undefined;
}

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

interface LossSettings {
  readonly metric: Metric;
  readonly amplification: number;
  readonly fromLogits: boolean;
  readonly negativeWeight: number;
  readonly positiveWeight: number;
  readonly validate: boolean;
}

function computeLoss(settings: LossSettings, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | undefined): Scalar {
  const n = assertBinaryTensor(yPred, 'yPred');
  assertBinaryTensor(yTrue, 'yTrue', { size: n, of: 'yPred' });
  if (sampleWeight !== undefined) assertBinaryTensor(sampleWeight, 'sampleWeight', { size: n, of: 'yPred' });
  const { metric, amplification, fromLogits, negativeWeight, positiveWeight, validate } = settings;

  const forward = (prediction: Tensor, save: GradSaveFunc): { value: Scalar; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor } => {
    // Everything but the value and the tensors the gradient needs is freed here, so a call outside tf.tidy
    // (a custom loop) leaks nothing either.
    // Row layout [1, n] throughout: stacking rows (concat on axis 0) and a matMul with transposeB are fast on
    // every backend, while concat on axis 1 is very slow on wasm (measured: 13 ms vs 0.3 ms at n = 65536).
    const [readout, labels, amplified, complement, weights] = tidy(() => {
      const p = reshape(prediction, [1, n]);
      const y = reshape(yTrue, [1, n]);
      const w = sampleWeight === undefined ? undefined : reshape(sampleWeight, [1, n]);
      // s = L·(p − 0.5); for logits p − 0.5 = tanh(z/2)/2, exact near z = 0 and finite for every z.
      const s = fromLogits ? mul(tanh(mul(p, 0.5)), amplification / 2) : mul(sub(p, 0.5), amplification);
      const a = sigmoid(s); // A(p)
      const c = sigmoid(neg(s)); // 1 − A(p), as σ(−s)
      // [[TP, FN], [FP, TN]] = [y; 1 − y] · [A; 1 − A]ᵀ, with weighted rows when there are sample weights.
      let split = concat([y, sub(1, y)], 0);
      if (w !== undefined) split = mul(split, w);
      const cellMatrix = reshape(matMul(split, concat([a, c], 0), false, true), [4]);
      let out = cellMatrix;
      if (validate) {
        // Σ|y(y − 1)| is 0 iff every label is 0 or 1; the prediction check is 0 iff every probability is in
        // [0, 1] (Σ relu(−p) + relu(p − 1)) or every logit is finite (Σ (z − z) is NaN otherwise); the weight
        // check Σ relu(−w) + (w − w) is 0 iff every weight is finite and ≥ 0. NaN propagates through all.
        const labelCheck = sum(abs(mul(y, sub(y, 1))));
        let predictionCheck = fromLogits ? sum(sub(p, p)) : sum(add(relu(neg(p)), relu(sub(p, 1))));
        if (w !== undefined) predictionCheck = add(predictionCheck, sum(add(relu(neg(w)), sub(w, w))));
        out = concat([cellMatrix, reshape(labelCheck, [1]), reshape(predictionCheck, [1])]);
      }
      return [out, y, a, c, w] as const;
    });
    const data = readout.dataSync(); // the one device→host read of the step
    readout.dispose();
    const kept = [labels, amplified, complement, ...(weights === undefined ? [] : [weights])];
    let metricValue: number;
    let coefficients: { readonly positive: number; readonly negative: number };
    try {
      const cells = readCells(data, validate, negativeWeight, positiveWeight, () =>
        reportBadValues(yTrue, prediction, sampleWeight, fromLogits),
      );
      metricValue = metric.value(cells);
      coefficients = chainRuleCoefficients(metric.partials(cells));
    } catch (error) {
      dispose(kept); // nothing outlives a failed call
      if (isNegativeCellError(error)) reportNegativeCells(error, yTrue, prediction, sampleWeight, fromLogits);
      throw error;
    }
    const { positive, negative } = coefficients;
    const positiveCoefficient = positive * positiveWeight;
    const negativeCoefficient = negative * negativeWeight;
    if (!fitsFloat32(positiveCoefficient * amplification) || !fitsFloat32(negativeCoefficient * amplification)) {
      dispose(kept);
      throw gradientOverflow(data, sampleWeight !== undefined);
    }
    const value = scalar(1 - metricValue);
    save(fromLogits ? [...kept, prediction] : kept);
    dispose(kept); // `save` kept clones when a gradient is being recorded; without one nothing is needed
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]): Tensor => {
        const [y, a, c] = saved as [Tensor, Tensor, Tensor];
        // ∂loss/∂p_i = w_i · c(y_i) · L·A_i·(1 − A_i), c(y) = c(0) + y·(c(1) − c(0)); for logits also · p(1 − p).
        const coefficient = add(mul(y, positiveCoefficient - negativeCoefficient), negativeCoefficient);
        let gradient = mul(mul(a, c), mul(coefficient, mul(dy, amplification)));
        let next = 3;
        if (weights !== undefined) gradient = mul(gradient, saved[next++] as Tensor);
        if (fromLogits) {
          const z = reshape(saved[next] as Tensor, [1, n]);
          gradient = mul(gradient, mul(sigmoid(z), sigmoid(neg(z))));
        }
        return reshape(gradient, prediction.shape);
      },
    };
  };
  // tfjs types the custom function as variadic over (...inputs, save); this one has exactly one input.
  const withGradient = customGrad(((prediction: Tensor, save: GradSaveFunc) => forward(prediction, save)) as unknown as Parameters<
    typeof customGrad
  >[0]);
  return withGradient(yPred) as Scalar;
}

function readCells(
  data: ArrayLike<number>,
  validate: boolean,
  negativeWeight: number,
  positiveWeight: number,
  onBadValues: () => never,
): ConfusionCells {
  const truePositives = (data[0] as number) * positiveWeight;
  const falseNegatives = (data[1] as number) * positiveWeight;
  const falsePositives = (data[2] as number) * negativeWeight;
  const trueNegatives = (data[3] as number) * negativeWeight;
  const finite =
    Number.isFinite(truePositives) && Number.isFinite(falseNegatives) && Number.isFinite(falsePositives) && Number.isFinite(trueNegatives);
  if (!finite || (validate && !(data[4] === 0 && data[5] === 0))) onBadValues();
  // float32 sums of non-negative terms are non-negative; a weight < 0 with validation off could make a cell
  // negative, which core's metric rejects with INVALID_CELLS.
  return { truePositives, falseNegatives, falsePositives, trueNegatives };
}

/** True for core's error about a negative cell (what labels outside {0, 1} or negative weights cause). */
export function isNegativeCellError(error: unknown): error is AnyLossError {
  return isAnyLossError(error) && error.code === 'INVALID_CELLS' && /cells/i.test(error.argument);
}

/**
 * With `validateLabels` off, a label outside {0, 1} or a negative sample weight can make a soft cell negative,
 * which core's metric rejects (`cells.falsePositives must be … ≥ 0`) without naming the input. Reads the batch
 * (only then) and reports the first bad element of `yTrue` or `sampleWeight` instead, with the cause.
 */
function reportNegativeCells(cause: AnyLossError, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | undefined, fromLogits: boolean): never {
  const why = `it made a cell of the soft confusion matrix negative (${cause.message.replace(/\.$/, '')})`;
  try {
    reportBadValues(yTrue, yPred, sampleWeight, fromLogits);
  } catch (found) {
    if (isAnyLossError(found) && found.code !== 'INVALID_CELLS') {
      throw new AnyLossError(found.code, `${found.message} With validateLabels off, ${why}.`, {
        argument: found.argument,
        ...(found.index === undefined ? {} : { index: found.index }),
        value: found.value,
      });
    }
  }
  throw new AnyLossError(
    'INVALID_CELLS',
    `yTrue: ${why}; labels must be 0 or 1 and sample weights ≥ 0 (turn on validateLabels to check every batch).`,
    { argument: 'yTrue', value: cause.value },
  );
}

/**
 * Reads the batch (only when a check failed) and lets core find and report the first bad element, so the
 * messages and codes are core's. Falls back to a summary error if core finds nothing (e.g. a sum that
 * overflowed float32).
 */
function reportBadValues(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | undefined, fromLogits: boolean): never {
  const labels = yTrue.dataSync();
  const predictions = yPred.dataSync();
  const weights = sampleWeight?.dataSync();
  try {
    softConfusionMatrix(labels, predictions, {
      from: fromLogits ? 'logits' : 'probabilities',
      ...(weights === undefined ? {} : { sampleWeight: weights }),
    });
  } catch (error) {
    if (isAnyLossError(error) && error.argument === 'options.sampleWeight') {
      throw new AnyLossError(error.code, error.message.replace('options.sampleWeight', 'sampleWeight'), {
        argument: 'sampleWeight',
        ...(error.index === undefined ? {} : { index: error.index }),
        value: error.value,
      });
    }
    throw error;
  }
  throw new AnyLossError(
    'INVALID_CELLS',
    'the soft confusion matrix of this batch is not finite (a float32 overflow?); check yPred and sampleWeight.',
    { argument: 'yPred' },
  );
}

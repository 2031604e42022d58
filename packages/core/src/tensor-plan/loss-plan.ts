import { chainRuleCoefficients } from '../chain-rule.js';
import type { AnyLossError } from '../errors.js';
import { readMetric, type Metric } from '../metric.js';
import type { MulticlassAmplifier } from '../multiclass/amplifiers.js';
import { averagedPartials, averageMetric, type Average } from '../multiclass/average.js';
import type { MulticlassOutput } from '../multiclass/batch.js';
import { multiclassAnyLoss } from '../multiclass/multiclass-loss.js';
import { softConfusionMatrix } from '../soft-confusion-matrix.js';
import { amplifyTensor, type AmplifiedTensors, type TensorAmplifier } from './amplify-tensor.js';
import { binaryCellTensor, perClassCellTensor } from './cell-tensor.js';
import { fitsFloat32 } from './float32.js';
import { binaryGradientTensor, perClassGradientTensor, type BackwardTensors } from './gradient-tensor.js';
import { allCellsFinite, gradientOverflowError, negativeCellError, readBinaryCells, readClassCells } from './readout.js';
import type { TensorOps } from './tensor-ops.js';
import { classIndexViolation, labelViolation, oneHotViolation, predictionViolation } from './violation-tensor.js';

/** One batch in a plan's layout: binary rows `[1, n]`, or multi-output `[n, K]` with weights `[n, 1]`. */
export interface TensorBatch<T> {
  /** Labels: 0/1 rows `[1, n]`, or one-hot / multi-hot `[n, K]`. */
  readonly labels: T;
  /** Class indices as a float tensor `[n]`, when the caller gave indices (for their check only). */
  readonly indices: T | undefined;
  readonly weights: T | undefined;
  /** K (1 for a binary batch). */
  readonly classes: number;
}

/** What the host makes of the forward pass's readout. */
export type LossReadout<C> =
  /** The loss `1 − metric` and the chain-rule coefficients the backward pass needs. */
  | { readonly kind: 'loss'; readonly loss: number; readonly coefficients: C }
  /** A check failed or a cell is not finite: read the batch and let `checkOnHost` name the first bad element. */
  | { readonly kind: 'invalid' }
  /** A cell is negative (labels outside {0, 1} or negative weights in an unchecked batch); `cause` says which. */
  | { readonly kind: 'negative-cell'; readonly cause: AnyLossError };

/**
 * Everything a tensor adapter computes for an AnyLoss loss, as tensor ops (`ops`) and host arithmetic, so that the
 * adapter only moves tensors: per step, `forward` on the device, ONE read of its small `readout` (the 4 or 4K soft
 * cells, plus two check values when validating), `evaluate` on the host (core's metric, averages and chain rule),
 * then `backward` on the device with the upstream gradient `dy`.
 *
 * @typeParam C - the chain-rule coefficients `evaluate` hands to `backward`.
 */
export interface TensorLossPlan<T, C> {
  /** Whether `backward` reads the predictions (logits, or the softmax amplifier from probabilities). */
  readonly needsPrediction: boolean;
  /** How error messages name the cells: `'the soft confusion matrix'` or `'a soft confusion matrix'`. */
  readonly cellsName: string;
  /** The readout and the amplified tensors `backward` needs; `prediction` in the plan's layout. */
  forward(prediction: T, batch: TensorBatch<T>): AmplifiedTensors<T> & { readonly readout: T };
  /**
   * The loss and coefficients from the read values.
   * @throws {@link AnyLossError} when the coefficients times L overflow float32 (sample weights near 0).
   */
  evaluate(readout: ArrayLike<number>, batch: { readonly classes: number; readonly weighted: boolean }): LossReadout<C>;
  /** ∂loss/∂prediction in the plan's layout. */
  backward(dy: T, tensors: BackwardTensors<T>, coefficients: C, batch: { readonly classes: number }): T;
  /**
   * Core's own validation of the batch, read back from the device (labels flat, as class indices or 0/1 values):
   * throws core's error naming the first bad label, prediction or weight, and returns when it finds none.
   */
  checkOnHost(labels: ArrayLike<number>, predictions: ArrayLike<number>, weights: ArrayLike<number> | undefined, classes: number): void;
}

/** The settings of a binary loss. */
export interface BinaryLossPlanSettings {
  readonly metric: Metric;
  readonly amplification: number;
  readonly fromLogits: boolean;
  /** `[negative, positive]` class weights. */
  readonly classWeight: readonly [number, number];
  /** Fold the label, prediction and weight checks into the readout. */
  readonly validate: boolean;
}

/** The binary loss `1 − metric(soft cells)` on rows `[1, n]` (see {@link TensorLossPlan}). */
export function binaryLossPlan<T>(
  ops: TensorOps<T>,
  settings: BinaryLossPlanSettings,
): TensorLossPlan<T, { readonly positive: number; readonly negative: number }> {
  const { amplification, fromLogits, validate } = settings;
  const metric = readMetric(settings.metric);
  const [negativeWeight, positiveWeight] = settings.classWeight;
  const amplifier: TensorAmplifier = { amplifier: 'one-vs-rest', output: 'sigmoid', fromLogits, amplification, classes: 1 };
  return {
    needsPrediction: fromLogits,
    cellsName: 'the soft confusion matrix',
    forward(prediction, { labels, weights }) {
      const amplified = amplifyTensor(ops, prediction, amplifier);
      const cells = binaryCellTensor(ops, labels, weights, amplified);
      if (!validate) return { ...amplified, readout: cells };
      const checks = [
        labelViolation(ops, labels),
        predictionViolation(ops, prediction, weights, { fromLogits, rowsSumToOne: false, classes: 1 }),
      ];
      return { ...amplified, readout: ops.concat([cells, ...checks.map((check) => ops.flatten(check))]) };
    },
    evaluate(data, { weighted }) {
      const cells = readBinaryCells(data, negativeWeight, positiveWeight);
      if (!allCellsFinite([cells]) || (validate && !(data[4] === 0 && data[5] === 0))) return { kind: 'invalid' };
      const cause = negativeCellError([cells]);
      if (cause !== undefined) return { kind: 'negative-cell', cause };
      const loss = 1 - metric.value(cells);
      const { positive, negative } = chainRuleCoefficients(metric.partials(cells));
      const coefficients = { positive: positive * positiveWeight, negative: negative * negativeWeight };
      if (!fitsFloat32(coefficients.positive * amplification) || !fitsFloat32(coefficients.negative * amplification)) {
        throw gradientOverflowError(Array.from(data).slice(0, 4), weighted);
      }
      return { kind: 'loss', loss, coefficients };
    },
    backward(dy, tensors, coefficients) {
      return binaryGradientTensor(ops, dy, tensors, coefficients, settings);
    },
    checkOnHost(labels, predictions, weights) {
      softConfusionMatrix(labels, predictions, {
        from: fromLogits ? 'logits' : 'probabilities',
        ...(weights === undefined ? {} : { sampleWeight: weights }),
      });
    },
  };
}

/** The settings of a multi-output loss (checked and defaulted by core's `multiclassAnyLoss`). */
export interface MultiOutputLossPlanSettings {
  readonly metric: Metric;
  readonly average: Average;
  readonly output: MulticlassOutput;
  readonly amplifier: MulticlassAmplifier;
  readonly amplification: number;
  readonly fromLogits: boolean;
  /** Fold the label, prediction and weight checks into the readout. */
  readonly validate: boolean;
}

/**
 * The multi-class (softmax) or multi-label (sigmoid) loss `1 − averaged metric` of the per-class soft cells on
 * `[n, K]` (see {@link TensorLossPlan}). The coefficients are float32, the precision of the tensors they become.
 */
export function multiOutputLossPlan<T>(
  ops: TensorOps<T>,
  settings: MultiOutputLossPlanSettings,
): TensorLossPlan<T, { readonly positive: Float32Array; readonly negative: Float32Array }> {
  const { average, output, amplifier, amplification, fromLogits, validate } = settings;
  const metric = readMetric(settings.metric);
  const amplifierOf = (classes: number): TensorAmplifier => ({ amplifier, output, fromLogits, amplification, classes });
  return {
    needsPrediction: fromLogits || amplifier === 'softmax',
    cellsName: 'a soft confusion matrix',
    forward(prediction, { labels, indices, weights, classes }) {
      const amplified = amplifyTensor(ops, prediction, amplifierOf(classes));
      const cells = perClassCellTensor(ops, labels, weights, amplified);
      if (!validate) return { ...amplified, readout: cells };
      let labelCheck: T;
      if (indices !== undefined) labelCheck = classIndexViolation(ops, indices, classes);
      else labelCheck = output === 'softmax' ? oneHotViolation(ops, labels) : labelViolation(ops, labels);
      const rowsSumToOne = output === 'softmax';
      const predictionCheck = predictionViolation(ops, prediction, weights, { fromLogits, rowsSumToOne, classes });
      return { ...amplified, readout: ops.concat([cells, ops.flatten(labelCheck), ops.flatten(predictionCheck)]) };
    },
    evaluate(data, { classes, weighted }) {
      const perClass = readClassCells(data, classes);
      if (!allCellsFinite(perClass) || (validate && !(data[4 * classes] === 0 && data[4 * classes + 1] === 0))) return { kind: 'invalid' };
      // Checked for every class, also those an average leaves out.
      const cause = negativeCellError(perClass);
      if (cause !== undefined) return { kind: 'negative-cell', cause };
      const loss = 1 - averageMetric(metric, perClass, average);
      const coefficients = averagedPartials(metric, perClass, average).map(chainRuleCoefficients);
      const positive = Float32Array.from(coefficients, (coefficient) => coefficient.positive);
      const negative = Float32Array.from(coefficients, (coefficient) => coefficient.negative);
      if (![...positive, ...negative].every((coefficient) => fitsFloat32(coefficient * amplification))) {
        throw gradientOverflowError(Array.from(data).slice(0, 4 * classes), weighted);
      }
      return { kind: 'loss', loss, coefficients: { positive, negative } };
    },
    backward(dy, tensors, coefficients, { classes }) {
      return perClassGradientTensor(ops, dy, tensors, coefficients, amplifierOf(classes));
    },
    checkOnHost(labels, predictions, weights, classes) {
      const reference = multiclassAnyLoss(metric, {
        average,
        output,
        amplifier,
        amplification,
        from: fromLogits ? 'logits' : 'probabilities',
        classes,
      });
      // Class indices (length n) or flat 0/1 rows (n·K): core tells them apart.
      reference.loss(Array.from(labels), predictions, weights === undefined ? undefined : { sampleWeight: weights });
    },
  };
}

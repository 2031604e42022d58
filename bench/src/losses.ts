import { AnyLossError, anyLoss, DEFAULT_AMPLIFICATION, metrics, sigmoid, type MetricName } from '@anyloss/core';
import { DEFAULT_SOFTMAX_AMPLIFICATION, multiclassAnyLoss, type Average, type MulticlassAmplifier } from '@anyloss/core/multiclass';

/** Names of the baseline losses (everything else is an AnyLoss metric name). */
export const BASELINE_LOSSES = ['bce', 'wbce', 'mse'] as const;

/** A baseline loss name. */
export type BaselineLossName = (typeof BASELINE_LOSSES)[number];

/** Baseline losses of multi-class targets: `cce`, categorical cross-entropy on the softmax of the K logits. */
export const MULTICLASS_BASELINE_LOSSES = ['cce'] as const;

/** A multi-class baseline loss name. */
export type MulticlassBaselineLossName = (typeof MULTICLASS_BASELINE_LOSSES)[number];

/**
 * A loss the benchmark can train with: a baseline (`bce`, `wbce`, `mse` for binary targets, `cce` for multi-class
 * ones), or the name of a core metric (= that AnyLoss; macro-averaged by default on multi-class targets).
 */
export type LossName = BaselineLossName | MulticlassBaselineLossName | MetricName;

/** A training loss evaluated on one batch, with its gradient with respect to the logits z (p = σ(z)). */
export interface TrainingLoss {
  /** The loss name, as given on the command line. */
  readonly name: LossName;
  /** True for AnyLoss losses (`1 − metric`). */
  readonly anyLoss: boolean;
  /** Logits per row: 1 for binary losses (p = σ(z)), K for multi-class ones (p = softmax(z)). */
  readonly outputs: number;
  /**
   * Writes ∂loss/∂z into `gradient` and returns the loss of the batch.
   * @param labels - 0/1 labels (binary) or class indices 0..K−1 (multi-class) of the batch.
   * @param logits - z of the batch: one per row (binary), or row-major rows × K (multi-class).
   * @param gradient - output buffer, same length as `logits`.
   */
  lossAndGradient(labels: Float64Array, logits: Float64Array, gradient: Float64Array): number;
}

/** Options of {@link createTrainingLoss}. */
export interface TrainingLossOptions {
  /**
   * AnyLoss amplification L (ignored by baselines); default 73 for binary targets and the one-vs-rest amplifier,
   * core's `DEFAULT_SOFTMAX_AMPLIFICATION` for the softmax amplifier.
   */
  readonly amplification?: number;
  /** Labels of the whole training fold: `wbce` takes its class weights from them. */
  readonly trainingLabels: ArrayLike<number>;
  /** Number of classes K; default 2 (binary: one logit per row). K ≥ 3 builds a multi-class loss on K logits. */
  readonly classes?: number;
  /** Multi-class averaging of per-class metrics; default `'macro'`. */
  readonly average?: Average;
  /** Multi-class amplifier; default `'softmax'` (core's default for softmax outputs). */
  readonly amplifier?: MulticlassAmplifier;
}

/** True if `name` is a loss this benchmark knows (binary or multi-class). */
export function isLossName(name: string): name is LossName {
  return (BASELINE_LOSSES as readonly string[]).includes(name) || (MULTICLASS_BASELINE_LOSSES as readonly string[]).includes(name) || Object.hasOwn(metrics, name);
}

/** All loss names, for help texts and error messages. */
export function lossNames(): string[] {
  return [...BASELINE_LOSSES, ...Object.keys(metrics), ...MULTICLASS_BASELINE_LOSSES];
}

/** The amplification L a loss uses when none is given: 73 (binary, one-vs-rest), or the softmax amplifier's default. */
export function defaultAmplification(classes: number, amplifier: MulticlassAmplifier = 'softmax'): number {
  return classes > 2 && amplifier === 'softmax' ? DEFAULT_SOFTMAX_AMPLIFICATION : DEFAULT_AMPLIFICATION;
}

/**
 * Mean categorical cross-entropy of rows × K logits against class indices, −(1/n)·Σ log softmax(z_i)[y_i],
 * computed stably (log-sum-exp); writes ∂/∂z_ik = (softmax(z_i)_k − [y_i = k])/n into `gradient`.
 */
export function categoricalCrossEntropy(labels: ArrayLike<number>, logits: ArrayLike<number>, classes: number, gradient: Float64Array): number {
  const n = labels.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[offset + k] as number);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp((logits[offset + k] as number) - max);
      gradient[offset + k] = e;
      sum += e;
    }
    const label = labels[i] as number;
    total += max + Math.log(sum) - (logits[offset + label] as number);
    for (let k = 0; k < classes; k++) gradient[offset + k] = ((gradient[offset + k] as number) / sum - (k === label ? 1 : 0)) / n;
  }
  return total / n;
}

function multiclassTrainingLoss(name: LossName, classes: number, options: TrainingLossOptions): TrainingLoss {
  if (name === 'cce') {
    return {
      name,
      anyLoss: false,
      outputs: classes,
      lossAndGradient: (labels, logits, gradient) => categoricalCrossEntropy(labels, logits, classes, gradient),
    };
  }
  if (!Object.hasOwn(metrics, name)) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `loss ${JSON.stringify(name)} is for binary targets; a target with ${classes} classes trains with cce (categorical cross-entropy) or a core metric name (macro AnyLoss).`,
      { argument: 'losses', value: name },
    );
  }
  const amplifier = options.amplifier ?? 'softmax';
  const loss = multiclassAnyLoss(metrics[name as MetricName], {
    average: options.average ?? 'macro',
    from: 'logits',
    amplifier,
    amplification: options.amplification ?? defaultAmplification(classes, amplifier),
    classes,
  });
  return {
    name,
    anyLoss: true,
    outputs: classes,
    lossAndGradient(labels, logits, gradient) {
      const result = loss.lossAndGradient(labels, logits);
      gradient.set(result.gradient);
      return result.loss;
    },
  };
}

/** log(1 + exp(x)) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Builds a training loss from its name:
 * - `bce` — mean binary cross-entropy, computed from logits (stable): ∂/∂z_i = (p_i − y_i)/n.
 * - `wbce` — class-weighted BCE with the "balanced" weights of the training fold, w_c = n/(2·n_c).
 * - `mse` — mean squared error on p = σ(z): ∂/∂z_i = 2(p_i − y_i)p_i(1 − p_i)/n.
 * - any core metric name — `anyLoss(metrics[name], { amplification, from: 'logits' })` from `@anyloss/core`,
 *   whose gradient is already ∂loss/∂z.
 *
 * With `classes ≥ 3` (K logits per row, softmax outputs):
 * - `cce` — mean categorical cross-entropy from logits: ∂/∂z_ik = (softmax(z_i)_k − [y_i = k])/n.
 * - any core metric name — `multiclassAnyLoss(metrics[name], { average, from: 'logits', amplifier,
 *   amplification, classes })` from `@anyloss/core/multiclass` (macro average and the softmax amplifier by default).
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` for an unknown name.
 */
export function createTrainingLoss(name: string, options: TrainingLossOptions): TrainingLoss {
  if (!isLossName(name)) {
    throw new AnyLossError('INVALID_OPTION', `unknown loss ${JSON.stringify(name)}; known losses are ${lossNames().join(', ')}.`, {
      argument: 'losses',
      value: name,
    });
  }
  const classes = options.classes ?? 2;
  if (classes > 2) return multiclassTrainingLoss(name, classes, options);
  if (name === 'cce') {
    throw new AnyLossError('INVALID_OPTION', 'loss "cce" (categorical cross-entropy) is for targets with 3 or more classes; use bce for a binary target.', {
      argument: 'losses',
      value: name,
    });
  }
  if (name === 'bce' || name === 'wbce') {
    let positiveWeight = 1;
    let negativeWeight = 1;
    if (name === 'wbce') {
      let positives = 0;
      const n = options.trainingLabels.length;
      for (let i = 0; i < n; i++) positives += options.trainingLabels[i] === 1 ? 1 : 0;
      positiveWeight = positives > 0 ? n / (2 * positives) : 1;
      negativeWeight = positives < n ? n / (2 * (n - positives)) : 1;
    }
    return {
      name,
      anyLoss: false,
      outputs: 1,
      lossAndGradient(labels, logits, gradient) {
        const n = labels.length;
        let total = 0;
        for (let i = 0; i < n; i++) {
          const y = labels[i] as number;
          const z = logits[i] as number;
          const weight = y === 1 ? positiveWeight : negativeWeight;
          total += weight * (softplus(z) - y * z);
          gradient[i] = (weight * (sigmoid(z) - y)) / n;
        }
        return total / n;
      },
    };
  }
  if (name === 'mse') {
    return {
      name,
      anyLoss: false,
      outputs: 1,
      lossAndGradient(labels, logits, gradient) {
        const n = labels.length;
        let total = 0;
        for (let i = 0; i < n; i++) {
          const p = sigmoid(logits[i] as number);
          const error = p - (labels[i] as number);
          total += error * error;
          gradient[i] = (2 * error * p * (1 - p)) / n;
        }
        return total / n;
      },
    };
  }
  const loss = anyLoss(metrics[name], { amplification: options.amplification ?? DEFAULT_AMPLIFICATION, from: 'logits' });
  return {
    name,
    anyLoss: true,
    outputs: 1,
    lossAndGradient(labels, logits, gradient) {
      return loss.lossAndGradient(labels, logits, { out: gradient }).loss;
    },
  };
}

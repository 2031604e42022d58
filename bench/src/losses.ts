import { AnyLossError, anyLoss, metrics, sigmoid, type MetricName } from '@anyloss/core';

/** Names of the baseline losses (everything else is an AnyLoss metric name). */
export const BASELINE_LOSSES = ['bce', 'wbce', 'mse'] as const;

/** A baseline loss name. */
export type BaselineLossName = (typeof BASELINE_LOSSES)[number];

/** A loss the benchmark can train with: a baseline, or the name of a core metric (= that AnyLoss). */
export type LossName = BaselineLossName | MetricName;

/** A training loss evaluated on one batch, with its gradient with respect to the logits z (p = σ(z)). */
export interface TrainingLoss {
  /** The loss name, as given on the command line. */
  readonly name: LossName;
  /** True for AnyLoss losses (`1 − metric`). */
  readonly anyLoss: boolean;
  /**
   * Writes ∂loss/∂z_i into `gradient` and returns the loss of the batch.
   * @param labels - 0/1 labels of the batch.
   * @param logits - z of the batch.
   * @param gradient - output buffer, same length.
   */
  lossAndGradient(labels: Float64Array, logits: Float64Array, gradient: Float64Array): number;
}

/** Options of {@link createTrainingLoss}. */
export interface TrainingLossOptions {
  /** AnyLoss amplification L (ignored by baselines). */
  readonly amplification: number;
  /** Labels of the whole training fold: `wbce` takes its class weights from them. */
  readonly trainingLabels: ArrayLike<number>;
}

/** True if `name` is a loss this benchmark knows. */
export function isLossName(name: string): name is LossName {
  return (BASELINE_LOSSES as readonly string[]).includes(name) || Object.hasOwn(metrics, name);
}

/** All loss names, for help texts and error messages. */
export function lossNames(): string[] {
  return [...BASELINE_LOSSES, ...Object.keys(metrics)];
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
 * @throws {@link AnyLossError} `INVALID_OPTION` for an unknown name.
 */
export function createTrainingLoss(name: string, options: TrainingLossOptions): TrainingLoss {
  if (!isLossName(name)) {
    throw new AnyLossError('INVALID_OPTION', `unknown loss ${JSON.stringify(name)}; known losses are ${lossNames().join(', ')}.`, {
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
  const loss = anyLoss(metrics[name], { amplification: options.amplification, from: 'logits' });
  return {
    name,
    anyLoss: true,
    lossAndGradient(labels, logits, gradient) {
      return loss.lossAndGradient(labels, logits, { out: gradient }).loss;
    },
  };
}

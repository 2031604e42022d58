import { DEFAULT_AMPLIFICATION } from './amplify.js';
import { applyChainRule } from './chain-rule.js';
import type { ConfusionCells } from './cells.js';
import { AnyLossError, describeValue } from './errors.js';
import type { Metric } from './metric.js';
import { accumulateCells, readBatch, type PredictionKind } from './soft-confusion-matrix.js';
import { assertAmplification, assertOptions, readFrom, type ClassWeight } from './validate.js';

/** Options of {@link anyLoss}, fixed for the life of the loss. */
export interface AnyLossOptions {
  /**
   * The amplification scale L of A(p) = σ(L·(p − 0.5)); default {@link DEFAULT_AMPLIFICATION}. A large L (the
   * paper's 73, for full-batch training in float64) makes the soft confusion matrix nearly the hard one but gives
   * gradient only to predictions near 0.5. For mini-batch training the adapters chose their own defaults by
   * measurement (`DEFAULT_TFJS_AMPLIFICATION` of `@anyloss/tfjs`, `TRAIN_DEFAULTS.amplification` of
   * `@anyloss/brain`); see the docs' recipe "Choosing L and the learning rate".
   */
  readonly amplification?: number;
  /** Whether `yPred` holds probabilities (default) or logits z with p = σ(z); the gradient is then ∂loss/∂z. */
  readonly from?: PredictionKind;
}

/** Per-call options of {@link AnyLoss.lossAndGradient} and {@link AnyLoss.loss}. */
export interface LossCallOptions {
  /** One finite, non-negative weight per sample; default 1 each. */
  readonly sampleWeight?: ArrayLike<number>;
  /** Per-class weights `{ 0: negatives, 1: positives }`, multiplied into the sample weights; default 1. */
  readonly classWeight?: ClassWeight;
}

/** Per-call options of {@link AnyLoss.lossAndGradient}. */
export interface LossAndGradientOptions extends LossCallOptions {
  /** A Float64Array of length n to write the gradient into (no allocation); default a new array. */
  readonly out?: Float64Array;
}

/** What {@link AnyLoss.lossAndGradient} returns. */
export interface LossAndGradient {
  /** `1 − metric(soft cells)`. */
  readonly loss: number;
  /** ∂loss/∂yPred_i (∂loss/∂z_i for logits), one per sample; `options.out` when given. */
  readonly gradient: Float64Array;
  /** The soft confusion matrix the loss was computed from. */
  readonly cells: ConfusionCells;
}

/** A metric turned into a training loss: `1 − metric(softConfusionMatrix(yTrue, yPred))`. */
export interface AnyLoss {
  /** The metric this loss optimises. */
  readonly metric: Metric;
  /** The amplification scale L. */
  readonly amplification: number;
  /** What `yPred` holds. */
  readonly from: PredictionKind;
  /** The loss value only (one pass, no gradient). */
  loss(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: LossCallOptions): number;
  /**
   * The loss, its gradient and the soft cells, in two passes over the batch and no per-sample allocation.
   * @throws {@link AnyLossError} for invalid input, naming the argument and the offending index and value.
   */
  lossAndGradient(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options?: LossAndGradientOptions): LossAndGradient;
}

/**
 * Checks that `metric` is a metric object (built-in, `fBeta(β)` or `defineMetric(...)`).
 * @throws {@link AnyLossError} `INVALID_METRIC` naming `argument`.
 */
export function assertMetric(metric: unknown, argument = 'metric'): asserts metric is Metric {
  const candidate = metric as Partial<Metric> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.value !== 'function' ||
    typeof candidate.partials !== 'function' ||
    typeof candidate.name !== 'string'
  ) {
    throw new AnyLossError(
      'INVALID_METRIC',
      `${argument} must be a metric (from metrics, fBeta or defineMetric), got ${describeValue(metric)}.`,
      { argument, value: metric },
    );
  }
}

/**
 * Turns a confusion-matrix metric into a differentiable loss, `1 − metric`, as in the AnyLoss paper:
 * predictions are amplified, `ŷ = σ(L·(p − 0.5))`, summed into a soft confusion matrix, and the metric's four
 * partial derivatives are pushed back to every sample by one shared chain rule.
 *
 * @example
 * ```ts
 * const loss = anyLoss(metrics.f1, { amplification: 73 });
 * const { loss: value, gradient } = loss.lossAndGradient([1, 0, 0], [0.8, 0.3, 0.6]);
 * ```
 * @param metric - a built-in from {@link metrics}, {@link fBeta}(β), or {@link defineMetric}(...).
 * @param options - amplification (default {@link DEFAULT_AMPLIFICATION}) and from (default 'probabilities').
 * @throws {@link AnyLossError} `INVALID_METRIC`, `INVALID_AMPLIFICATION`, `INVALID_OPTION`, `UNKNOWN_OPTION`.
 */
export function anyLoss(metric: Metric, options?: AnyLossOptions): AnyLoss {
  assertMetric(metric);
  assertOptions(options, ['amplification', 'from']);
  const amplification = options?.amplification ?? DEFAULT_AMPLIFICATION;
  assertAmplification(amplification);
  const fromLogits = readFrom(options?.from);
  const defaults = { amplification, fromLogits };

  const lossFromCells = (cells: ConfusionCells): number => 1 - metric.value(cells);

  return Object.freeze({
    metric,
    amplification,
    from: fromLogits ? 'logits' : 'probabilities',
    loss(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, callOptions?: LossCallOptions): number {
      assertOptions(callOptions, ['sampleWeight', 'classWeight']);
      return lossFromCells(accumulateCells(readBatch(yTrue, yPred, callOptions, defaults)));
    },
    lossAndGradient(
      yTrue: ArrayLike<number>,
      yPred: ArrayLike<number>,
      callOptions?: LossAndGradientOptions,
    ): LossAndGradient {
      assertOptions(callOptions, ['sampleWeight', 'classWeight', 'out']);
      const out = callOptions?.out;
      const { out: _out, ...batchOptions } = callOptions ?? {};
      const batch = readBatch(yTrue, yPred, batchOptions, defaults);
      const n = batch.yTrue.length;
      if (out !== undefined && !(out instanceof Float64Array && out.length === n)) {
        throw new AnyLossError(
          'INVALID_BUFFER',
          `options.out must be a Float64Array of length ${n}, got ${describeValue(out)} of length ${
            (out as { length?: unknown }).length
          }.`,
          { argument: 'options.out', value: out },
        );
      }
      const gradient = out ?? new Float64Array(n);
      const cells = accumulateCells(batch, gradient);
      const loss = lossFromCells(cells);
      applyChainRule(metric.partials(cells), gradient, {
        negative: batch.negativeWeight,
        positive: batch.positiveWeight,
      });
      return { loss, gradient, cells };
    },
  });
}

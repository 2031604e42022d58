import { DEFAULT_AMPLIFICATION } from './amplify.js';
import { applyChainRule, chainRuleCoefficients } from './chain-rule.js';
import type { ConfusionCells } from './cells.js';
import { mustBe } from './errors.js';
import { readMetric, type Metric } from './metric.js';
import { accumulateCells, readBatch, unscaleBatchCells, type PredictionKind } from './soft-confusion-matrix.js';
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
  /**
   * A Float64Array of length n to write the gradient into (no allocation); default a new array. It must not
   * share memory with `yTrue`, `yPred` or `sampleWeight`: the passes write it while they still read those
   * (an `INVALID_BUFFER` error, rather than copies that would defeat the point of `out`).
   */
  readonly out?: Float64Array;
}

/** True when the typed array `input` and `out` share bytes of one buffer. */
function overlaps(out: Float64Array, input: unknown): boolean {
  return (
    ArrayBuffer.isView(input) &&
    input.buffer === out.buffer &&
    input.byteOffset < out.byteOffset + out.byteLength &&
    out.byteOffset < input.byteOffset + input.byteLength
  );
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
 * Turns a confusion-matrix metric into a differentiable loss, `1 − metric`, as in the AnyLoss paper:
 * predictions are amplified, `ŷ = σ(L·(p − 0.5))`, summed into a soft confusion matrix, and the metric's four
 * partial derivatives are pushed back to every sample by one shared chain rule.
 *
 * @example
 * ```ts
 * const loss = anyLoss(metrics.f1, { amplification: 73 });
 * const { loss: value, gradient } = loss.lossAndGradient([1, 0, 0], [0.8, 0.3, 0.6]);
 * ```
 * A metric that is not from `defineMetric` (a hand-made `{ name, value, partials }` object) has its results
 * checked all the same: core wraps it in {@link defineMetric}. The metric is evaluated in a unit where the weighted
 * cells neither overflow nor underflow (an exact power of 4; see the docs' numerics page); the gradient is the true
 * ∂loss/∂input.
 *
 * @param metric - a built-in from {@link metrics}, {@link fBeta}(β), or {@link defineMetric}(...).
 * @param options - amplification (default {@link DEFAULT_AMPLIFICATION}, at most {@link MAX_AMPLIFICATION}) and from (default 'probabilities').
 * @throws {@link AnyLossError} `INVALID_METRIC`, `INVALID_AMPLIFICATION`, `INVALID_OPTION`, `UNKNOWN_OPTION`.
 */
export function anyLoss(metric: Metric, options?: AnyLossOptions): AnyLoss {
  const checked = readMetric(metric);
  assertOptions(options, ['amplification', 'from']);
  const amplification = options?.amplification ?? DEFAULT_AMPLIFICATION;
  assertAmplification(amplification);
  const fromLogits = readFrom(options?.from);
  const defaults = { amplification, fromLogits };

  return Object.freeze({
    metric,
    amplification,
    from: fromLogits ? 'logits' : 'probabilities',
    loss(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, callOptions?: LossCallOptions): number {
      const batch = readBatch(yTrue, yPred, callOptions, defaults, ['sampleWeight', 'classWeight']);
      const scaled = accumulateCells(batch);
      unscaleBatchCells(batch, scaled); // the same weights are an error here as in lossAndGradient
      return 1 - checked.value(scaled.cells);
    },
    lossAndGradient(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, callOptions?: LossAndGradientOptions): LossAndGradient {
      const batch = readBatch(yTrue, yPred, callOptions, defaults, ['sampleWeight', 'classWeight', 'out']);
      const n = batch.yTrue.length;
      const out = callOptions?.out;
      if (out !== undefined) {
        if (!(out instanceof Float64Array && out.length === n))
          mustBe('INVALID_BUFFER', 'options.out', `a Float64Array of length ${n}`, out);
        // The passes write the gradient while they still read the inputs.
        for (const [name, input] of [
          ['yTrue', yTrue],
          ['yPred', yPred],
          ['sampleWeight', batch.sampleWeight],
        ] as const) {
          if (overlaps(out, input)) mustBe('INVALID_BUFFER', 'options.out', `a Float64Array that shares no memory with ${name}`, out);
        }
      }
      const gradient = out ?? new Float64Array(n);
      // The metric sees the cells in the batch's scaled unit; its partials there, with the scaled weights the
      // accumulation wrote into the gradient buffer, give the true gradient (the scale cancels).
      const scaled = accumulateCells(batch, gradient);
      const cells = unscaleBatchCells(batch, scaled);
      const partials = checked.partials(scaled.cells);
      const { positiveWeight: positive, negativeWeight: negative } = batch;
      applyChainRule(partials, gradient, { negative, positive });
      // |gradient| ≤ (|c(1)|·positive + |c(0)|·negative)·L/4·(largest scaled weight ≤ 2⁶⁴): only a metric
      // with absurd partials can make it overflow, and only then is the gradient scanned.
      const { positive: up, negative: down } = chainRuleCoefficients(partials);
      if (!((Math.abs(up) * positive + Math.abs(down) * negative) * amplification * 2 ** 62 < Infinity)) {
        const index = gradient.findIndex((value) => !Number.isFinite(value));
        if (index >= 0) {
          mustBe(
            'INVALID_METRIC',
            'metric',
            `a metric whose partials keep ∂loss/∂yPred finite (yPred[${index}] overflows with ${JSON.stringify(partials)})`,
            metric.name,
          );
        }
      }
      return { loss: 1 - checked.value(scaled.cells), gradient, cells };
    },
  });
}

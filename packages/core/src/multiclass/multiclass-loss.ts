import { DEFAULT_AMPLIFICATION } from '../amplify.js';
import { unscaleCells } from '../cell-scale.js';
import type { ConfusionCells } from '../cells.js';
import { chainRuleCoefficients } from '../chain-rule.js';
import { AnyLossError } from '../errors.js';
import { readMetric, type Metric, type MetricPartials } from '../metric.js';
import { assertAmplification, assertOptions, readFrom } from '../validate.js';
import { amplifyBatch, type MulticlassAmplifier } from './amplifiers.js';
import { averagedPartials, averageMetric, type Average } from './average.js';
import { readMulticlassBatch, type Matrix, type MulticlassBatch, type MulticlassOutput } from './batch.js';
import { oneOf, readAverage, readClasses, readOutput } from './options.js';
import type { MultiOutputLossPlanSettings } from '../tensor-plan/loss-plan.js';

/** Options of {@link multiclassAnyLoss}, fixed for the life of the loss. */
export interface MulticlassAnyLossOptions {
  /** How per-class metrics are combined; default `'macro'`. */
  readonly average?: Average;
  /** `'softmax'` (default): one class per sample, rows of probabilities summing to 1. `'sigmoid'`: multi-label. */
  readonly output?: MulticlassOutput;
  /** Whether predictions are probabilities (default) or logits (softmax or sigmoid is applied inside). */
  readonly from?: 'probabilities' | 'logits';
  /** The amplifier; default `'softmax'` for softmax outputs (see {@link MulticlassAmplifier}); sigmoid outputs use one-vs-rest. */
  readonly amplifier?: MulticlassAmplifier;
  /** The amplification scale L; default {@link DEFAULT_AMPLIFICATION} for one-vs-rest, {@link DEFAULT_SOFTMAX_AMPLIFICATION} for the softmax amplifier (measured). */
  readonly amplification?: number;
  /** K, required when `yPred` is a flat row-major array. */
  readonly classes?: number;
}

/** Per-call options. */
export interface MulticlassCallOptions {
  /** One finite weight ≥ 0 per sample (row). */
  readonly sampleWeight?: ArrayLike<number>;
}

/** What {@link MulticlassAnyLoss.lossAndGradient} returns. */
export interface MulticlassLossAndGradient {
  /** `1 − averaged metric`. */
  readonly loss: number;
  /** ∂loss/∂yPred, flat row-major n×K. */
  readonly gradient: Float64Array;
  /** The same gradient as rows (views into `gradient`) when `yPred` was given as rows. */
  readonly gradientRows: Float64Array[] | undefined;
  /** The soft one-vs-rest cells of each class. */
  readonly cells: ConfusionCells[];
}

/** A metric turned into a multi-class or multi-label loss. */
export interface MulticlassAnyLoss {
  readonly metric: Metric;
  readonly average: Average;
  readonly output: MulticlassOutput;
  readonly amplifier: MulticlassAmplifier;
  readonly amplification: number;
  loss(yTrue: Matrix, yPred: Matrix, options?: MulticlassCallOptions): number;
  lossAndGradient(yTrue: Matrix, yPred: Matrix, options?: MulticlassCallOptions): MulticlassLossAndGradient;
}

/**
 * The softmax amplifier's default L. Reason: measured — on the repository's real multi-class datasets, macro-F1
 * AnyLoss did best overall with the softmax amplifier at this L, of the amplifiers and L tried. See the docs'
 * multi-class recipe (numbers in docs/reproduction/multiclass, from `pnpm bench -- multiclass-study`).
 */
export const DEFAULT_SOFTMAX_AMPLIFICATION = 3;

const OPTIONS = ['average', 'output', 'from', 'amplifier', 'amplification', 'classes'] as const;

/**
 * Per-class one-vs-rest cells from labels, amplified values and their complements (flat n×K) — soft cells in
 * training, hard ones (0/1 predictions) in evaluation — in the batch's scaled weight unit (see
 * {@link MulticlassBatch.sampleWeight}).
 */
export function perClassCells(batch: MulticlassBatch, amplified: Float64Array, complement: Float64Array): ConfusionCells[] {
  const { samples, classes, labels, sampleWeight } = batch;
  const cells: ConfusionCells[] = [];
  for (let k = 0; k < classes; k++) {
    let truePositives = 0;
    let falseNegatives = 0;
    let falsePositives = 0;
    let trueNegatives = 0;
    for (let i = 0; i < samples; i++) {
      const e = i * classes + k;
      const w = sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
      if (labels[e] === 1) {
        truePositives += w * (amplified[e] as number);
        falseNegatives += w * (complement[e] as number);
      } else {
        falsePositives += w * (amplified[e] as number);
        trueNegatives += w * (complement[e] as number);
      }
    }
    cells.push({ truePositives, falseNegatives, falsePositives, trueNegatives });
  }
  return cells;
}

/**
 * Turns a confusion-matrix metric into a multi-class (softmax) or multi-label (sigmoid) loss:
 * per-class one-vs-rest soft confusion matrices, combined by a macro, weighted or micro average;
 * `loss = 1 − average`. The gradient uses the same chain rule as the binary loss, per class.
 *
 * @example
 * ```ts
 * const loss = multiclassAnyLoss(metrics.f1, { average: 'macro' });
 * loss.lossAndGradient([2, 0, 1], [[0.1, 0.2, 0.7], [0.8, 0.1, 0.1], [0.3, 0.4, 0.3]]);
 * ```
 * @throws `AnyLossError` (from `@anyloss/core`) for a bad metric or option; the methods throw it for bad input.
 */
export function multiclassAnyLoss(metric: Metric, options?: MulticlassAnyLossOptions): MulticlassAnyLoss {
  const settings = readSettings(metric, options);
  const { average, output, amplifier, amplification } = settings;
  return Object.freeze({
    metric,
    average,
    output,
    amplifier,
    amplification,
    loss: (yTrue: Matrix, yPred: Matrix, callOptions?: MulticlassCallOptions) =>
      lossAndGradient(settings, yTrue, yPred, callOptions, false).loss,
    lossAndGradient: (yTrue: Matrix, yPred: Matrix, callOptions?: MulticlassCallOptions) =>
      lossAndGradient(settings, yTrue, yPred, callOptions, true),
  });
}

/** What a multi-class loss fixes at creation, checked and with defaults. */
interface Settings extends Omit<MultiOutputLossPlanSettings, 'validate'> {
  readonly classes: number | undefined;
}

/** Checks the metric and the options of {@link multiclassAnyLoss} and fills in the defaults. */
function readSettings(metric: Metric, options: MulticlassAnyLossOptions | undefined): Settings {
  const checked = readMetric(metric);
  assertOptions(options, OPTIONS);
  const average = readAverage(options?.average);
  const output = readOutput(options?.output);
  const amplifier = oneOf(
    options?.amplifier,
    ['one-vs-rest', 'softmax'] as const,
    'options.amplifier',
    output === 'softmax' ? 'softmax' : 'one-vs-rest',
  );
  if (amplifier === 'softmax' && output === 'sigmoid') {
    throw new AnyLossError(
      'INVALID_OPTION',
      "options.amplifier 'softmax' needs softmax outputs; multi-label (sigmoid) outputs use 'one-vs-rest'.",
      {
        argument: 'options.amplifier',
        value: amplifier,
      },
    );
  }
  const amplification = options?.amplification ?? (amplifier === 'softmax' ? DEFAULT_SOFTMAX_AMPLIFICATION : DEFAULT_AMPLIFICATION);
  assertAmplification(amplification);
  const fromLogits = readFrom(options?.from);
  const classes = readClasses(options?.classes);
  return { metric: checked, average, output, amplifier, amplification, fromLogits, classes };
}

/** The loss of a batch and, with `withGradient`, ∂loss/∂yPred. */
function lossAndGradient(
  settings: Settings,
  yTrue: Matrix,
  yPred: Matrix,
  callOptions: MulticlassCallOptions | undefined,
  withGradient: boolean,
): MulticlassLossAndGradient {
  const { metric, average, output, amplifier, amplification, fromLogits, classes } = settings;
  assertOptions(callOptions, ['sampleWeight']);
  const batch = readMulticlassBatch(yTrue, yPred, { classes, output, fromLogits, sampleWeight: callOptions?.sampleWeight });
  const amplifiedBatch = amplifyBatch(batch.predictions, batch.samples, batch.classes, { amplifier, output, fromLogits, amplification });
  // The metric sees the cells in the batch's weight unit (scale-invariant: the same loss, no overflow); the
  // caller gets them in its own.
  const scaled = perClassCells(batch, amplifiedBatch.amplified, amplifiedBatch.complement);
  const cells = scaled.map((classCells) => unscaleCells(classCells, batch.weightScale, 'options.sampleWeight'));
  const loss = 1 - averageMetric(metric, scaled, average);
  if (!withGradient) return { loss, gradient: new Float64Array(0), gradientRows: undefined, cells };
  const partials = averagedPartials(metric, scaled, average);
  const gradient = chainRuleGradient(batch, partials.map(chainRuleCoefficients));
  amplifiedBatch.backward(gradient);
  const bad = gradient.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw gradientOverflow(settings, batch, partials, bad);
  const k = batch.classes;
  const gradientRows = batch.rows ? Array.from({ length: batch.samples }, (_, i) => gradient.subarray(i * k, (i + 1) * k)) : undefined;
  return { loss, gradient, gradientRows, cells };
}

/** ∂loss/∂ŷ_ik = w_i · c_k(y_ik): the binary chain rule with class k's (averaged) partials. */
function chainRuleGradient(
  batch: MulticlassBatch,
  coefficients: readonly { readonly positive: number; readonly negative: number }[],
): Float64Array {
  const { samples, classes: k, labels, sampleWeight } = batch;
  const gradient = new Float64Array(samples * k);
  for (let i = 0; i < samples; i++) {
    const w = sampleWeight === undefined ? 1 : (sampleWeight[i] as number);
    for (let j = 0; j < k; j++) {
      const c = coefficients[j] as { positive: number; negative: number };
      gradient[i * k + j] = w * (labels[i * k + j] === 1 ? c.positive : c.negative);
    }
  }
  return gradient;
}

/** The error for a gradient element that overflowed float64: the softmax amplifier at L < 1, else the metric's partials. */
function gradientOverflow(settings: Settings, batch: MulticlassBatch, partials: readonly MetricPartials[], bad: number): AnyLossError {
  const { metric, amplifier, amplification, fromLogits } = settings;
  const p = batch.predictions[bad];
  // ŷ ∝ p^L has the derivative L·p^(L−1): unbounded as p → 0 when L < 1. Anything else is the metric's partials.
  if (amplifier === 'softmax' && !fromLogits && amplification < 1) {
    return new AnyLossError(
      'INVALID_AMPLIFICATION',
      `options.amplification = ${amplification} < 1 makes the softmax amplifier's gradient at yPred (flattened)[${bad}] = ${p} overflow ` +
        '(ŷ ∝ p^L has the derivative L·p^(L−1), unbounded as p → 0); use an amplification ≥ 1, or pass logits.',
      { argument: 'options.amplification', index: bad, value: amplification },
    );
  }
  const k = batch.classes;
  return new AnyLossError(
    'INVALID_METRIC',
    `metric ${JSON.stringify(metric.name)} has partials so large (${JSON.stringify(partials[bad % k])} for class ${bad % k}) ` +
      `that ∂loss/∂yPred (flattened)[${bad}] overflows float64.`,
    { argument: 'metric', index: bad, value: partials[bad % k] },
  );
}

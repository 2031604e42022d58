import { DEFAULT_AMPLIFICATION } from './amplify.js';
import { cellScale, unscaleCells } from './cell-scale.js';
import type { ConfusionCells } from './cells.js';
import {
  assertAmplification,
  assertArrayLike,
  assertNumberElements,
  assertOptions,
  invalidLabel,
  invalidPrediction,
  invalidWeight,
  isValidPrediction,
  isValidWeight,
  readClassWeight,
  readFrom,
  type ClassWeight,
} from './validate.js';

/** How predictions are given: probabilities p in [0, 1] (default) or raw scores (logits) z with p = σ(z). */
export type PredictionKind = 'probabilities' | 'logits';

/** Options of {@link softConfusionMatrix}. */
export interface SoftConfusionMatrixOptions {
  /** The amplification scale L of A(p) = σ(L·(p − 0.5)); default {@link DEFAULT_AMPLIFICATION}. */
  readonly amplification?: number;
  /** Whether `yPred` holds probabilities (default) or logits. */
  readonly from?: PredictionKind;
  /** One finite, non-negative weight per sample; default 1 each. */
  readonly sampleWeight?: ArrayLike<number>;
  /** Per-class weights `{ 0: negatives, 1: positives }`, multiplied into the sample weights; default 1. */
  readonly classWeight?: ClassWeight;
}

/**
 * Validated, normalised inputs shared by every pass over a batch. Weights are used in a unit where cells and
 * gradients neither overflow nor underflow: the class weights come already multiplied by `classScale`, and the
 * passes multiply the sample weights (kept as given) by a sample scale — each the {@link cellScale} of the largest
 * weight, 1 unless it lies outside [2⁻⁶⁴, 2⁶⁴]. Metrics are scale-invariant, so the loss and its gradient are the
 * same. The sample scale is found by the numeric pass itself (see {@link scaledPasses}).
 */
export interface BatchInput {
  readonly yTrue: ArrayLike<number>;
  readonly yPred: ArrayLike<number>;
  readonly sampleWeight: ArrayLike<number> | undefined;
  /** Class weights, times `classScale`. */
  readonly negativeWeight: number;
  readonly positiveWeight: number;
  readonly classScale: number;
  readonly amplification: number;
  readonly fromLogits: boolean;
}

/** Cells summed with the sample weights times `sampleScale` (and the class weights times the batch's `classScale`). */
export interface ScaledCells {
  readonly cells: ConfusionCells;
  /** The {@link cellScale} of the largest sample weight; 1 without sample weights. */
  readonly sampleScale: number;
}

/**
 * What one pass over a batch returns: its cells, and the running summaries of the sample weights it read —
 * `lowest` = min(0, w…) and `highest` = max(0, w…), branch-free, and NaN propagates through Math.min/max.
 */
export interface WeightedPass {
  readonly cells: ConfusionCells;
  readonly lowest: number;
  readonly highest: number;
}

/**
 * Runs a pass with the sample weights as given and checks the weights from its summaries (rescanning to throw
 * for the first invalid one). Only when the largest weight lies outside [2⁻⁶⁴, 2⁶⁴] (weights of extreme
 * magnitude: rare) does the pass run again, with the weights times their {@link cellScale}.
 */
export function scaledPasses(batch: BatchInput, pass: (sampleScale: number) => WeightedPass): ScaledCells {
  const first = pass(1);
  const weights = batch.sampleWeight;
  if (weights === undefined) return { cells: first.cells, sampleScale: 1 };
  if (!(first.lowest >= 0 && first.highest < Infinity)) {
    for (let i = 0; i < weights.length; i++) if (!isValidWeight(weights[i])) invalidWeight(i, weights[i]);
  }
  const sampleScale = cellScale(first.highest);
  return { cells: sampleScale === 1 ? first.cells : pass(sampleScale).cells, sampleScale };
}

const BATCH_OPTIONS = ['amplification', 'from', 'sampleWeight', 'classWeight'] as const;

/**
 * Validates a batch: array types, lengths, options and element types of plain arrays. Labels, predictions and
 * sample weights are checked inside the numeric passes, so valid input is read only once. `allowedOptions` lists
 * the option keys the caller accepts.
 */
export function readBatch(
  yTrue: unknown,
  yPred: unknown,
  options: unknown,
  defaults: { readonly amplification: number; readonly fromLogits: boolean },
  allowedOptions: readonly string[] = BATCH_OPTIONS,
): BatchInput {
  assertOptions(options, allowedOptions);
  const record = (options ?? {}) as Record<string, unknown>;
  assertArrayLike(yTrue, 'yTrue');
  assertArrayLike(yPred, 'yPred', { length: yTrue.length, of: 'yTrue' });
  const sampleWeight = record['sampleWeight'];
  if (sampleWeight !== undefined) {
    assertArrayLike(sampleWeight, 'options.sampleWeight', { length: yTrue.length, of: 'yTrue' });
  }
  const amplification = record['amplification'] ?? defaults.amplification;
  assertAmplification(amplification);
  const fromLogits = record['from'] === undefined ? defaults.fromLogits : readFrom(record['from']);
  const [negativeWeight, positiveWeight] = readClassWeight(record['classWeight']);
  assertNumberElements(yTrue, 'label', 'yTrue');
  assertNumberElements(yPred, fromLogits ? 'logit' : 'probability', 'yPred');
  if (sampleWeight !== undefined) assertNumberElements(sampleWeight, 'weight', 'options.sampleWeight');
  const classScale = cellScale(Math.max(negativeWeight, positiveWeight));
  return {
    yTrue,
    yPred,
    sampleWeight,
    negativeWeight: negativeWeight * classScale,
    positiveWeight: positiveWeight * classScale,
    classScale,
    amplification,
    fromLogits,
  };
}

/** Scaled cells (of {@link accumulateCells} or the hard matrix) in the caller's unit; see {@link unscaleCells}. */
export function unscaleBatchCells(batch: BatchInput, scaled: ScaledCells): ConfusionCells {
  return unscaleCells(unscaleCells(scaled.cells, scaled.sampleScale, 'options.sampleWeight'), batch.classScale, 'options.classWeight');
}

/**
 * Sums the four soft cells of a batch, validating every label, prediction and sample weight on the way. The cells
 * are in a scaled unit (sample weights times the returned `sampleScale`, class weights times `classScale`;
 * {@link unscaleBatchCells} converts back). The largest sample weight, which sets the sample scale, is a running
 * summary of the accumulation loop ({@link scaledPasses}).
 *
 * When `signedDerivatives` (length n) is given, it also stores, per sample, `(2y − 1)·w·dŷ/d(input)` there
 * (w = the scaled sample weight; class weights are left to the chain rule)
 * — `dŷ/dp = L·ŷ(1 − ŷ)`, times `p(1 − p)` for logits — which is all {@link applyChainRule} needs, so the
 * gradient pass reads neither labels nor weights and calls no transcendental function. Without it, a
 * temporary array of the same length takes its place (one allocation per call, none per sample).
 *
 * The work is two tight loops: the first only evaluates `e = exp(−L·(p − 0.5))`, the second does the rest
 * (for logits a third multiplies in dp/dz). A single fused loop was about 1.5× slower than a bare sigmoid
 * loop, because every `exp` call forced its four accumulators out of registers (measured with the package's
 * `bench` command).
 *
 * Numerics: ŷ = 1/(1 + e) and 1 − ŷ = e/(1 + e) — never a subtraction. For logits, p − 0.5 = tanh(z/2)/2
 * (full precision near z = 0, finite for every finite z) and p(1 − p) = e_z/(1 + e_z)² with e_z = exp(−|z|).
 */
export function accumulateCells(batch: BatchInput, signedDerivatives?: Float64Array): ScaledCells {
  const buffer = signedDerivatives ?? new Float64Array(batch.yTrue.length);
  const scaled = scaledPasses(batch, (sampleScale) => softPass(batch, buffer, sampleScale));
  if (batch.fromLogits && signedDerivatives !== undefined) multiplyLogisticSlope(batch.yPred, signedDerivatives);
  return scaled;
}

/** Loops 1 and 2 with the sample weights times `sampleScale`: the soft cells and the weights' summaries. */
function softPass(batch: BatchInput, buffer: Float64Array, sampleScale: number): WeightedPass {
  const n = batch.yTrue.length;
  if (batch.fromLogits) exponentiateLogits(batch.yPred, batch.amplification, n, buffer);
  else exponentiateProbabilities(batch.yPred, batch.amplification, n, buffer);
  const sums = accumulateExponentials(batch, buffer, sampleScale);
  // Class weights scale whole cells (TP and FN hold only positives, FP and TN only negatives), so they are
  // applied here and, for the gradient, to the chain-rule coefficients — not once per sample.
  const { positiveWeight, negativeWeight } = batch;
  const cells = {
    truePositives: positiveWeight * sums.truePositives,
    falseNegatives: positiveWeight * sums.falseNegatives,
    falsePositives: negativeWeight * sums.falsePositives,
    trueNegatives: negativeWeight * sums.trueNegatives,
  };
  return { cells, lowest: sums.lowest, highest: sums.highest };
}

// The loops below are separate functions on purpose: V8 then compiles each tight loop on its own, and the
// `exp` calls of loop 1 do not force the accumulators of loop 2 out of registers. Element checks are
// branch-free running summaries (a min, a max, a sum of |violations|) that NaN propagates through; only when
// a summary is off is the batch scanned again, to report the first bad element by index.

/** e^700: the largest exponential used, so that ŷ = 1/(1 + e) stays meaningful for any amplification. */
const EXPONENTIAL_CAP = Math.exp(700);

/** Loop 1 (probabilities): validates p ∈ [0, 1] and stores e = exp(−L·(p − 0.5)). */
function exponentiateProbabilities(yPred: ArrayLike<number>, amplification: number, n: number, block: Float64Array): void {
  let lowest = 0;
  let highest = 1;
  for (let i = 0; i < n; i++) {
    const probability = yPred[i] as number;
    lowest = Math.min(lowest, probability); // Math.min/max return NaN if any argument is NaN
    highest = Math.max(highest, probability);
    block[i] = Math.exp(-amplification * (probability - 0.5));
  }
  if (!(lowest >= 0 && highest <= 1)) reportInvalidPrediction(yPred, false);
  if (amplification > 1400) capExponentials(block, n);
}

/** Loop 1 (logits): validates z and stores e = exp(−L·(σ(z) − 0.5)), with σ(z) − 0.5 = tanh(z/2)/2. */
function exponentiateLogits(yPred: ArrayLike<number>, amplification: number, n: number, block: Float64Array): void {
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const logit = yPred[i] as number;
    largest = Math.max(largest, Math.abs(logit));
    block[i] = Math.exp(-amplification * 0.5 * Math.tanh(0.5 * logit));
  }
  if (!(largest < Infinity)) reportInvalidPrediction(yPred, true);
  if (amplification > 1400) capExponentials(block, n);
}

/** Slow path, after a running summary showed a bad prediction: throws for the first one. */
function reportInvalidPrediction(yPred: ArrayLike<number>, fromLogits: boolean): void {
  for (let i = 0; i < yPred.length; i++) {
    if (!isValidPrediction(yPred[i] as number, fromLogits)) invalidPrediction(i, yPred[i], fromLogits);
  }
}

/**
 * Only for L > 1400, where L·|p − 0.5| can exceed 700 and exp overflows: caps e at e^700. That changes
 * ŷ = 1/(1 + e) only where it is below 1e-304, and keeps 1 − ŷ = e·ŷ finite.
 */
function capExponentials(block: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) if ((block[i] as number) > EXPONENTIAL_CAP) block[i] = EXPONENTIAL_CAP;
}

/**
 * Loop 2: validates labels, amplifies, sums the cells, stores the signed derivative, and keeps the running
 * summaries of the sample weights (which {@link scaledPasses} checks).
 */
function accumulateExponentials(batch: BatchInput, block: Float64Array, sampleScale: number): ConfusionCells & Omit<WeightedPass, 'cells'> {
  const { yTrue, sampleWeight, amplification } = batch;
  const n = yTrue.length;
  let truePositives = 0;
  let falseNegatives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  let labelViolation = 0; // Σ |y·(y − 1)|: 0 iff every label is exactly 0 or 1 (NaN makes it NaN)
  let lowest = 0;
  let highest = 0;
  for (let i = 0; i < n; i++) {
    const label = yTrue[i] as number;
    labelViolation += Math.abs(label * (label - 1));
    let weight = 1;
    if (sampleWeight !== undefined) {
      const given = sampleWeight[i] as number;
      lowest = Math.min(lowest, given);
      highest = Math.max(highest, given);
      weight = given * sampleScale;
    }
    const e = block[i] as number;
    const amplified = 1 / (1 + e); // ŷ = σ(s)
    const weightedAmplified = weight * amplified;
    const weightedComplement = e * weightedAmplified; // w·(1 − ŷ) = w·σ(−s), by multiplication
    // label is exactly 0 or 1, so these splits are exact: each cell gets the whole term or none.
    const positiveAmplified = label * weightedAmplified;
    const positiveComplement = label * weightedComplement;
    truePositives += positiveAmplified;
    falseNegatives += positiveComplement;
    falsePositives += weightedAmplified - positiveAmplified;
    trueNegatives += weightedComplement - positiveComplement;
    block[i] = (2 * label - 1) * amplification * weightedComplement * amplified; // ±w·L·ŷ(1 − ŷ)
  }
  if (labelViolation !== 0) {
    for (let i = 0; i < n; i++) if (yTrue[i] !== 0 && yTrue[i] !== 1) invalidLabel(i, yTrue[i]);
  }
  return { truePositives, falseNegatives, falsePositives, trueNegatives, lowest, highest };
}

/** Multiplies each signed derivative by dp/dz = p(1 − p) = e_z/(1 + e_z)², with e_z = exp(−|z|) ≤ 1. */
function multiplyLogisticSlope(logits: ArrayLike<number>, signedDerivatives: Float64Array): void {
  for (let i = 0; i < signedDerivatives.length; i++) {
    const ez = Math.exp(-Math.abs(logits[i] as number));
    const rz = 1 / (1 + ez);
    signedDerivatives[i] = (signedDerivatives[i] as number) * ez * rz * rz;
  }
}

/**
 * The soft confusion matrix of AnyLoss: with ŷ = A(p) and weights w,
 * `TP = Σ w·y·ŷ`, `FN = Σ w·y·(1 − ŷ)`, `FP = Σ w·(1 − y)·ŷ`, `TN = Σ w·(1 − y)·(1 − ŷ)`.
 *
 * @param yTrue - labels, each exactly 0 or 1 (1 = positive class).
 * @param yPred - probabilities in [0, 1], or logits with `{ from: 'logits' }`.
 * @param options - amplification, from, sampleWeight, classWeight.
 * @throws {@link AnyLossError} for any invalid argument (see {@link AnyLossErrorCode}).
 */
export function softConfusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options?: SoftConfusionMatrixOptions,
): ConfusionCells {
  const batch = readBatch(yTrue, yPred, options, { amplification: DEFAULT_AMPLIFICATION, fromLogits: false });
  return unscaleBatchCells(batch, accumulateCells(batch));
}

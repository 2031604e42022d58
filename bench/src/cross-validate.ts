import { confusionMatrix, metrics, optimalThreshold, type MetricName } from '@anyloss/core';
import { multiclassMetric, type Average, type MulticlassAmplifier } from '@anyloss/core/multiclass';
import { fitStandardizer, standardizeRows, stratifiedKFold } from '@anyloss/datasets';
import type { BenchDataset } from './dataset.js';
import type { Engine, EngineName, FitOutcome, ModelName } from './engines.js';
import { convergenceFraction, evaluateMulticlassPredictions, evaluatePredictions } from './evaluate.js';
import type { AnyLossRecipe, LossName } from './losses.js';
import type { TrainingData } from './models/types.js';
import { deriveSeed } from './random.js';

/**
 * Everything one cross-validation unit (a dataset's fold, every loss) needs, as plain data so that it can be sent
 * to a worker thread. {@link runFoldUnit} is a deterministic function of it, the dataset and the fold index.
 */
export interface CrossValidationSettings {
  /** Binary (one logit, `evaluatePredictions`) or multi-class (K logits, `evaluateMulticlassPredictions`). */
  readonly task: 'binary' | 'multiclass';
  /** Losses, in order. */
  readonly losses: readonly LossName[];
  /** Model. */
  readonly model: ModelName;
  /** Engine name (workers load the engine by name). */
  readonly engine: EngineName;
  /** Stratified folds of the outer cross-validation. */
  readonly folds: number;
  /** Base seed. */
  readonly seed: number;
  /** Epochs per fit. */
  readonly epochs: number;
  /** Rows per step, a share of the training rows in (0, 1), or Infinity; undefined = each loss's default share. */
  readonly batchSize: number | undefined;
  /** Learning rate when not tuned. */
  readonly learningRate: number;
  /** AnyLoss amplification L. */
  readonly amplification: number;
  /** Recipe levers of the AnyLoss losses (binary only). */
  readonly recipe: AnyLossRecipe | undefined;
  /** Multi-class averaging and amplifier. */
  readonly average: Average | undefined;
  readonly amplifier: MulticlassAmplifier | undefined;
  /** The target metric: what `bce-thr`'s threshold maximises and what learning-rate tuning maximises. */
  readonly thresholdMetric: MetricName;
  /** Pick each loss's learning rate by inner cross-validation from `learningRateGrid`. */
  readonly tuneLearningRate: boolean;
  /** Candidate learning rates. */
  readonly learningRateGrid: readonly number[];
  /** Stratified folds of the inner cross-validation of learning-rate tuning. */
  readonly innerFolds: number;
  /**
   * Given learning rates, by dataset name, then loss, then fold index: they win over `learningRate` and tuning for
   * the (dataset, loss) pairs they list (e.g. rates tuned for the same loss, dataset and fold on another engine).
   */
  readonly learningRates?: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
}

/** What one loss gave on one fold. */
export interface LossFoldOutcome {
  /** Test metrics of the fold. */
  readonly metrics: Record<string, number>;
  /** Training seconds of the fold's fits (for `bce-thr`: the inner fit and the final fit). */
  readonly seconds: number;
  /** Seconds spent choosing the learning rate (0 without tuning). */
  readonly tuningSeconds: number;
  /** Convergence fraction of the final fit; null when the engine records no curve. */
  readonly convergence: number | null;
  /** Rows per step of the final fit. */
  readonly batchSize: number;
  /** Learning rate of the final fit (chosen, when tuned). */
  readonly learningRate: number;
  /** `bce-thr`: the threshold applied to the test scores (logits; predict positive iff z > threshold). */
  readonly threshold?: number;
  /** `bce-thr`: true when the inner validation part lacked a class and the fallback threshold (p = 0.5) was used. */
  readonly thresholdFallback?: boolean;
}

/** Rows per step for `rows` training rows: an integer, a share in (0, 1), or Infinity (full batch). */
export function resolveBatchSize(batchSize: number, rows: number): number {
  if (batchSize === Infinity) return rows;
  if (batchSize < 1) return Math.max(2, Math.round(batchSize * rows));
  return Math.min(rows, Math.floor(batchSize));
}

/**
 * The paper's batch sizes as a share of the training fold (Infinity = full batch): full batch for the logistic
 * unit; for the MLP full batch for balanced accuracy, ~50% for G-mean, 5% for everything else (accuracy,
 * F-scores and the baselines). Multi-class targets (`classes` ≥ 3): full batch for softmax regression and
 * {@link MULTICLASS_MLP_BATCH_FRACTION} for the MLP, every loss.
 */
export function defaultBatchFraction(model: ModelName, loss: LossName, classes = 2): number {
  if (model === 'logistic') return Infinity;
  if (classes > 2) return MULTICLASS_MLP_BATCH_FRACTION;
  if (loss === 'balancedAccuracy') return Infinity;
  if (loss === 'geometricMean') return 0.5;
  return 0.05;
}

/**
 * Share of the training fold per MLP step on multi-class targets, for every loss (CCE included): a macro average
 * needs most classes in every batch, and with 5% batches the rarest classes of weka-glass and weka-soybean (4–6% of
 * the rows) are missing from most batches.
 */
export const MULTICLASS_MLP_BATCH_FRACTION = 0.25;

/** Share of the training fold held out to choose `bce-thr`'s threshold: the first of 4 stratified folds (75/25). */
export const THRESHOLD_SPLIT_FOLDS = 4;

/** Whether a loss is an AnyLoss metric loss (the recipe levers apply to those only). */
function isMetricLoss(loss: LossName): boolean {
  return Object.hasOwn(metrics, loss);
}

/** Standardised training data and test rows for the given row indices of a dataset (statistics of `trainRows` only). */
function prepare(
  dataset: BenchDataset,
  trainRows: Int32Array,
  testRows: Int32Array,
): { train: TrainingData; testFeatures: Float64Array; testLabels: Int32Array } {
  const standardizer = fitStandardizer(dataset.features, trainRows);
  return {
    train: {
      features: standardizeRows(dataset.features, trainRows, standardizer),
      labels: Float64Array.from(trainRows, (row) => dataset.labels[row] as number),
      rows: trainRows.length,
      width: standardizer.mean.length,
    },
    testFeatures: standardizeRows(dataset.features, testRows, standardizer),
    testLabels: Int32Array.from(testRows, (row) => dataset.labels[row] as number),
  };
}

/** Maps row positions inside `rows` to dataset row indices. */
function subset(rows: Int32Array, positions: Int32Array): Int32Array {
  return Int32Array.from(positions, (position) => rows[position] as number);
}

/** Hard 0/1 "probabilities" for the rule score > threshold, so the evaluation's p > 0.5 reproduces it exactly. */
function thresholded(scores: Float64Array, threshold: number): Float64Array {
  return Float64Array.from(scores, (score) => (score > threshold ? 1 : 0));
}

/** True when every score is finite (a diverged fit gives NaN or infinite logits). */
function allFinite(scores: Float64Array): boolean {
  for (const score of scores) if (!Number.isFinite(score)) return false;
  return true;
}

/** True when `labels` hold both classes 0 and 1. */
function hasBothClasses(labels: ArrayLike<number>): boolean {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return positives > 0 && positives < labels.length;
}

/**
 * Cross-validates every loss on one fold of one dataset: the fold's training rows are standardised with their own
 * statistics, each loss gets a fresh model from the fold's seed, and the test rows are scored.
 *
 * - With `tuneLearningRate`, each loss's learning rate is chosen first by {@link chooseLearningRate} (unless
 *   `learningRates` gives it for that dataset, loss and fold).
 * - `bce-thr` trains BCE on the first 75% of a stratified 4-way split of the training rows (seeded), picks the
 *   threshold maximising the target metric on the other 25% with core's `optimalThreshold`, retrains BCE on the whole
 *   training fold and applies that threshold to the test logits. When the 25% part lacks positives or negatives the
 *   threshold falls back to 0 on the logits (p > 0.5, plain BCE), and the outcome says so.
 *
 * @param onFit - called after each loss's fold is done.
 */
export async function runFoldUnit(
  settings: CrossValidationSettings,
  dataset: BenchDataset,
  foldIndex: number,
  engine: Engine,
  onFit?: (loss: LossName) => void,
): Promise<LossFoldOutcome[]> {
  const folds = stratifiedKFold(dataset.labels, settings.folds, deriveSeed(settings.seed, dataset.name, 'folds'));
  const fold = folds[foldIndex] as (typeof folds)[number];
  const { train, testFeatures, testLabels } = prepare(dataset, fold.train, fold.test);
  const modelSeed = deriveSeed(settings.seed, dataset.name, foldIndex, 'model');
  const outcomes: LossFoldOutcome[] = [];
  for (const loss of settings.losses) {
    let learningRate = settings.learningRate;
    let tuningSeconds = 0;
    const given = settings.learningRates?.[dataset.name]?.[loss]?.[foldIndex];
    if (given !== undefined) learningRate = given;
    else if (settings.tuneLearningRate) {
      const started = performance.now();
      learningRate = await chooseLearningRate(settings, dataset, fold.train, foldIndex, loss, engine);
      tuningSeconds = (performance.now() - started) / 1000;
    }
    const batchSize = resolveBatchSize(settings.batchSize ?? defaultBatchFraction(settings.model, loss, dataset.classes), train.rows);
    const started = performance.now();
    let threshold: { value: number; fallback: boolean } | undefined;
    if (loss === 'bce-thr') threshold = await chooseThreshold(settings, dataset, fold.train, foldIndex, learningRate, engine);
    const outcome = await fitScores(settings, dataset, engine, loss, train, testFeatures, testLabels.length, learningRate, modelSeed);
    const seconds = (performance.now() - started) / 1000;
    const scores = threshold === undefined ? outcome.testScores : thresholded(outcome.testScores, threshold.value);
    const kind = threshold === undefined ? outcome.scoreKind : 'probabilities';
    const values: Record<string, number> =
      settings.task === 'binary'
        ? evaluatePredictions(testLabels, scores, kind)
        : evaluateMulticlassPredictions(testLabels, scores, dataset.classes, kind);
    outcomes.push({
      metrics: values,
      seconds,
      tuningSeconds,
      convergence: outcome.trace === null ? null : convergenceFraction(outcome.trace.initialLoss, outcome.trace.lossPerEpoch),
      batchSize,
      learningRate,
      ...(threshold !== undefined ? { threshold: threshold.value, thresholdFallback: threshold.fallback } : {}),
    });
    onFit?.(loss);
  }
  return outcomes;
}

/** One fit of `loss` on `train`, scoring `testFeatures`. */
function fitScores(
  settings: CrossValidationSettings,
  dataset: BenchDataset,
  engine: Engine,
  loss: LossName,
  train: TrainingData,
  testFeatures: Float64Array,
  testRows: number,
  learningRate: number,
  seed: number,
): Promise<FitOutcome> {
  return engine.fit({
    model: settings.model,
    loss,
    train,
    testFeatures,
    testRows,
    epochs: settings.epochs,
    batchSize: resolveBatchSize(settings.batchSize ?? defaultBatchFraction(settings.model, loss, dataset.classes), train.rows),
    learningRate,
    amplification: settings.amplification,
    seed,
    ...(settings.recipe !== undefined && isMetricLoss(loss) ? { recipe: settings.recipe } : {}),
    ...(settings.task === 'multiclass' ? { classes: dataset.classes } : {}),
    ...(settings.average !== undefined ? { average: settings.average } : {}),
    ...(settings.amplifier !== undefined ? { amplifier: settings.amplifier } : {}),
  });
}

/** `bce-thr`'s threshold (see {@link runFoldUnit}). */
async function chooseThreshold(
  settings: CrossValidationSettings,
  dataset: BenchDataset,
  trainRows: Int32Array,
  foldIndex: number,
  learningRate: number,
  engine: Engine,
): Promise<{ value: number; fallback: boolean }> {
  const trainLabels = Int32Array.from(trainRows, (row) => dataset.labels[row] as number);
  const split = stratifiedKFold(trainLabels, THRESHOLD_SPLIT_FOLDS, deriveSeed(settings.seed, dataset.name, foldIndex, 'threshold'))[0];
  if (split === undefined) throw new Error('unreachable: a stratified split has folds');
  const validationLabels = Int32Array.from(split.test, (position) => trainLabels[position] as number);
  const inner = prepare(dataset, subset(trainRows, split.train), subset(trainRows, split.test));
  const outcome = await fitScores(
    settings,
    dataset,
    engine,
    'bce-thr',
    inner.train,
    inner.testFeatures,
    split.test.length,
    learningRate,
    deriveSeed(settings.seed, dataset.name, foldIndex, 'model'),
  );
  const fallback = outcome.scoreKind === 'logits' ? 0 : 0.5;
  if (!hasBothClasses(validationLabels) || !allFinite(outcome.testScores)) return { value: fallback, fallback: true };
  return { value: optimalThreshold(validationLabels, outcome.testScores, metrics[settings.thresholdMetric]).threshold, fallback: false };
}

/**
 * Learning-rate tuning: stratified `innerFolds`-fold cross-validation of the outer training fold (seeded per
 * dataset and fold); for each rate of the grid, each inner part is fitted on the rest (standardised with its own
 * statistics) and scored by the target metric — at the usual decision (p > 0.5; argmax, macro average for
 * multi-class), or for `bce-thr` at the best threshold of that inner part (`optimalThreshold(...).value`). The rate
 * with the highest mean over the inner parts wins; ties go to the smaller rate. A rate whose fit gives a non-finite
 * score (divergence) is out; if every rate is, the untuned rate is kept. In a `bce-thr` fold a fit that diverges
 * also triggers the threshold fallback.
 */
export async function chooseLearningRate(
  settings: CrossValidationSettings,
  dataset: BenchDataset,
  trainRows: Int32Array,
  foldIndex: number,
  loss: LossName,
  engine: Engine,
): Promise<number> {
  const trainLabels = Int32Array.from(trainRows, (row) => dataset.labels[row] as number);
  const innerFolds = stratifiedKFold(trainLabels, settings.innerFolds, deriveSeed(settings.seed, dataset.name, foldIndex, 'tuning'));
  const metric = metrics[settings.thresholdMetric];
  const prepared = innerFolds.map((inner) => prepare(dataset, subset(trainRows, inner.train), subset(trainRows, inner.test)));
  const seed = deriveSeed(settings.seed, dataset.name, foldIndex, 'model');
  let best = { rate: Number.NaN, score: -Infinity };
  for (const rate of [...settings.learningRateGrid].sort((a, b) => a - b)) {
    let total = 0;
    for (const part of prepared) {
      const outcome = await fitScores(settings, dataset, engine, loss, part.train, part.testFeatures, part.testLabels.length, rate, seed);
      if (!allFinite(outcome.testScores)) {
        total = -Infinity; // this rate diverged
        break;
      }
      if (settings.task === 'multiclass') {
        total += multiclassMetric(metric, part.testLabels, outcome.testScores, {
          from: outcome.scoreKind,
          classes: dataset.classes,
          average: 'macro',
        });
      } else if (loss === 'bce-thr') {
        total += optimalThreshold(part.testLabels, outcome.testScores, metric).value;
      } else {
        total += metric.value(confusionMatrix(part.testLabels, outcome.testScores, { from: outcome.scoreKind }));
      }
    }
    const score = total / prepared.length;
    if (score > best.score) best = { rate, score };
  }
  return Number.isFinite(best.score) ? best.rate : settings.learningRate;
}

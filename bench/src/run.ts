import { AnyLossError, DEFAULT_AMPLIFICATION } from '@anyloss/core';
import type { Average, MulticlassAmplifier } from '@anyloss/core/multiclass';
import type { BenchDataset } from './dataset.js';
import type { Engine, ModelName } from './engines.js';
import {
  convergenceFraction,
  evaluateMulticlassPredictions,
  evaluatePredictions,
  meanMetrics,
  MULTICLASS_REPORTED_METRICS,
  type MetricValues,
  type MulticlassMetricValues,
  type MulticlassReportedMetric,
  REPORTED_METRICS,
  type ReportedMetric,
} from './evaluate.js';
import { stratifiedKFold } from './folds.js';
import { BASELINE_LOSSES, defaultAmplification, type LossName } from './losses.js';
import { deriveSeed } from './random.js';
import { fitStandardizer, standardizeRows } from './standardize.js';

/**
 * Learning rate of the logistic unit's full-batch gradient descent, the same for every loss and dataset.
 * Chosen once by a sweep over {0.03, 0.1, 0.3, 1} on four tuning datasets (see README, "Learning rates").
 */
export const DEFAULT_LOGISTIC_LEARNING_RATE = 0.3;
/** Adam learning rate of the MLP, the same for every loss and dataset (see README, "Learning rates"). */
export const DEFAULT_MLP_LEARNING_RATE = 0.01;

/**
 * Learning rates of multi-class runs, the same for every loss and dataset: the ones the amplifier study
 * (`anyloss-bench multiclass-study`) chose on its held-out split, per model.
 */
export const DEFAULT_MULTICLASS_LEARNING_RATES: Readonly<Record<ModelName, number>> = Object.freeze({ logistic: 1, mlp: 0.03 });

/** Default epochs: 1000 full-batch steps for the logistic unit, 100 epochs for the MLP (the paper). */
export const DEFAULT_EPOCHS: Readonly<Record<ModelName, number>> = Object.freeze({ logistic: 1000, mlp: 100 });

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

/** What {@link runBenchmark} needs. */
export interface BenchmarkConfig {
  /** Datasets to run. */
  readonly datasets: readonly BenchDataset[];
  /** Losses to compare. */
  readonly losses: readonly LossName[];
  /** Model to train. */
  readonly model: ModelName;
  /** Engine that trains it. */
  readonly engine: Engine;
  /** Folds of stratified cross-validation. */
  readonly folds: number;
  /** Base seed: folds, initialisation and shuffling all derive from it. */
  readonly seed: number;
  /** Epochs; default {@link DEFAULT_EPOCHS}. */
  readonly epochs?: number;
  /** Rows per step (an integer ≥ 1), a share of the fold (a number in (0, 1)), or Infinity for full batch. */
  readonly batchSize?: number;
  /** Step size; default per model. */
  readonly learningRate?: number;
  /** AnyLoss amplification L; default 73 (multi-class: core's default for the amplifier, 3 for softmax). */
  readonly amplification?: number;
  /** Called after every fit. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Train and test on the first n folds only (a held-out split for learning-rate tuning); default all folds. */
  readonly onlyFirstFolds?: number;
}

/** Progress after one fit. */
export interface ProgressEvent {
  /** Fits finished. */
  readonly done: number;
  /** Fits in total. */
  readonly total: number;
  /** Dataset of the fit just finished. */
  readonly dataset: string;
  /** Loss of the fit just finished. */
  readonly loss: LossName;
}

/** Mean test scores of one loss on one dataset over the folds, plus timings and training-curve facts. */
export interface BenchmarkResult {
  /** Dataset name. */
  readonly dataset: string;
  /** Loss name. */
  readonly loss: LossName;
  /** Model name. */
  readonly model: ModelName;
  /** Engine name. */
  readonly engine: string;
  /** Number of folds. */
  readonly folds: number;
  /** Mean test metrics over the folds. */
  readonly metrics: MetricValues;
  /** Training seconds summed over the folds (wall clock, excludes evaluation). */
  readonly seconds: number;
  /** Training seconds per epoch (mean over folds). */
  readonly secondsPerEpoch: number;
  /** Epochs per fit. */
  readonly epochs: number;
  /** Rows per gradient step in the first fold. */
  readonly batchSize: number;
  /** Learning rate used. */
  readonly learningRate: number;
  /** Rows of the dataset. */
  readonly rows: number;
  /** Share of the positive (minority) class. */
  readonly positiveShare: number;
  /** Mean over folds of the fraction of the final training-loss decrease reached after 10% of the epochs. */
  readonly convergence: number;
  /** Test metrics of each fold, in fold order (for paired comparisons). */
  readonly foldMetrics: Record<ReportedMetric, number[]>;
}

function resolveBatchSize(batchSize: number, rows: number): number {
  if (batchSize === Infinity) return rows;
  if (batchSize < 1) return Math.max(2, Math.round(batchSize * rows));
  return Math.min(rows, Math.floor(batchSize));
}

/** What a multi-class run needs beyond {@link BenchmarkConfig}. */
export interface MulticlassBenchmarkConfig extends BenchmarkConfig {
  /** Averaging of the per-class metrics in AnyLoss; default `'macro'`. */
  readonly average?: Average;
  /** The AnyLoss amplifier; default `'softmax'`. */
  readonly amplifier?: MulticlassAmplifier;
}

/** Mean test scores of one loss on one multi-class dataset over the folds (same shape as the binary result). */
export interface MulticlassBenchmarkResult extends Omit<BenchmarkResult, 'metrics' | 'foldMetrics' | 'positiveShare'> {
  /** Mean test metrics over the folds: macro-F1, macro balanced accuracy (macro recall), argmax accuracy. */
  readonly metrics: MulticlassMetricValues;
  /** Test metrics of each fold, in fold order. */
  readonly foldMetrics: Record<MulticlassReportedMetric, number[]>;
  /** Number of classes K. */
  readonly classes: number;
  /** Share of the rarest class. */
  readonly minorityShare: number;
  /** AnyLoss averaging (also recorded for `cce`, which ignores it). */
  readonly average: Average;
  /** AnyLoss amplifier (also recorded for `cce`, which ignores it). */
  readonly amplifier: MulticlassAmplifier;
  /** AnyLoss amplification L (also recorded for `cce`, which ignores it). */
  readonly amplification: number;
}

/** What every task's result has in common, generic in its metric names. */
interface CrossValidated<M extends string> {
  readonly dataset: BenchDataset;
  readonly loss: LossName;
  readonly common: Omit<BenchmarkResult, 'metrics' | 'foldMetrics' | 'positiveShare' | 'dataset' | 'loss'>;
  readonly metrics: Record<M, number>;
  readonly foldMetrics: Record<M, number[]>;
}

/** The task-specific part of a cross-validation: classes, fit options and evaluation. */
interface Task<M extends string> {
  readonly names: readonly M[];
  readonly amplification: number;
  readonly defaultLearningRate: number;
  fit(dataset: BenchDataset): { readonly classes?: number; readonly average?: Average; readonly amplifier?: MulticlassAmplifier };
  evaluate(labels: Int32Array, scores: Float64Array, kind: 'logits' | 'probabilities', dataset: BenchDataset): Record<M, number>;
}

async function crossValidate<M extends string>(config: BenchmarkConfig, task: Task<M>): Promise<CrossValidated<M>[]> {
  const results: CrossValidated<M>[] = [];
  const epochs = config.epochs ?? DEFAULT_EPOCHS[config.model];
  const learningRate = config.learningRate ?? task.defaultLearningRate;
  const foldCount = Math.min(config.folds, config.onlyFirstFolds ?? config.folds);
  const total = config.datasets.length * config.losses.length * foldCount;
  let done = 0;
  for (const dataset of config.datasets) {
    const folds = stratifiedKFold(dataset.labels, config.folds, deriveSeed(config.seed, dataset.name, 'folds'));
    const perLoss = config.losses.map(() => ({ metrics: [] as Record<M, number>[], seconds: 0, convergence: [] as number[], batchSize: 0 }));
    for (let f = 0; f < foldCount; f++) {
      const fold = folds[f] as (typeof folds)[number];
      const standardizer = fitStandardizer(dataset.features, fold.train);
      const width = standardizer.mean.length;
      const train = {
        features: standardizeRows(dataset.features, fold.train, standardizer),
        labels: Float64Array.from(fold.train, (row) => dataset.labels[row] as number),
        rows: fold.train.length,
        width,
      };
      const testFeatures = standardizeRows(dataset.features, fold.test, standardizer);
      const testLabels = Int32Array.from(fold.test, (row) => dataset.labels[row] as number);
      for (let l = 0; l < config.losses.length; l++) {
        const loss = config.losses[l] as LossName;
        const accumulator = perLoss[l] as (typeof perLoss)[number];
        const batchSize = resolveBatchSize(config.batchSize ?? defaultBatchFraction(config.model, loss, dataset.classes), train.rows);
        if (f === 0) accumulator.batchSize = batchSize;
        const started = performance.now();
        const outcome = await config.engine.fit({
          model: config.model,
          loss,
          train,
          testFeatures,
          testRows: fold.test.length,
          epochs,
          batchSize,
          learningRate,
          amplification: task.amplification,
          seed: deriveSeed(config.seed, dataset.name, f, 'model'),
          ...task.fit(dataset),
        });
        accumulator.seconds += (performance.now() - started) / 1000;
        accumulator.metrics.push(task.evaluate(testLabels, outcome.testScores, outcome.scoreKind, dataset));
        if (outcome.trace !== null) accumulator.convergence.push(convergenceFraction(outcome.trace.initialLoss, outcome.trace.lossPerEpoch));
        done++;
        config.onProgress?.({ done, total, dataset: dataset.name, loss });
      }
    }
    config.losses.forEach((loss, l) => {
      const accumulator = perLoss[l] as (typeof perLoss)[number];
      const finite = accumulator.convergence.filter(Number.isFinite);
      const foldMetrics = {} as Record<M, number[]>;
      for (const name of task.names) foldMetrics[name] = accumulator.metrics.map((values) => values[name]);
      results.push({
        dataset,
        loss,
        metrics: meanMetrics(accumulator.metrics, task.names),
        foldMetrics,
        common: {
          model: config.model,
          engine: config.engine.name,
          folds: config.folds,
          seconds: accumulator.seconds,
          secondsPerEpoch: accumulator.seconds / (foldCount * epochs),
          epochs,
          batchSize: accumulator.batchSize,
          learningRate,
          rows: dataset.labels.length,
          convergence: finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN,
        },
      });
    });
  }
  return results;
}

/**
 * Runs stratified k-fold cross-validation of every loss on every (binary) dataset: per fold, features are
 * standardised with the training fold's statistics only, and a fresh model is trained per loss from the same seed.
 * Every number except the timings is a deterministic function of the config.
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` for a multi-class dataset (use {@link runMulticlassBenchmark}) or `cce`.
 */
export async function runBenchmark(config: BenchmarkConfig): Promise<BenchmarkResult[]> {
  for (const dataset of config.datasets) {
    if (dataset.classes > 2) {
      throw new AnyLossError('INVALID_OPTION', `dataset ${JSON.stringify(dataset.name)} has ${dataset.classes} classes; runBenchmark is binary, use runMulticlassBenchmark.`, {
        argument: 'datasets',
        value: dataset.name,
      });
    }
  }
  if (config.losses.includes('cce')) {
    throw new AnyLossError('INVALID_OPTION', 'loss "cce" (categorical cross-entropy) is for targets with 3 or more classes; use bce for binary targets.', {
      argument: 'losses',
      value: 'cce',
    });
  }
  const validated = await crossValidate<ReportedMetric>(config, {
    names: REPORTED_METRICS,
    amplification: config.amplification ?? DEFAULT_AMPLIFICATION,
    defaultLearningRate: config.model === 'logistic' ? DEFAULT_LOGISTIC_LEARNING_RATE : DEFAULT_MLP_LEARNING_RATE,
    fit: () => ({}),
    evaluate: (labels, scores, kind) => evaluatePredictions(labels, scores, kind),
  });
  return validated.map(({ dataset, loss, common, metrics, foldMetrics }) => ({
    dataset: dataset.name,
    loss,
    model: common.model,
    engine: common.engine,
    folds: common.folds,
    metrics: metrics as MetricValues,
    seconds: common.seconds,
    secondsPerEpoch: common.secondsPerEpoch,
    epochs: common.epochs,
    batchSize: common.batchSize,
    learningRate: common.learningRate,
    rows: common.rows,
    positiveShare: dataset.positiveShare,
    convergence: common.convergence,
    foldMetrics,
  }));
}

/**
 * The multi-class benchmark: the same cross-validation with K-way softmax models (softmax regression for
 * `logistic`, a K-unit softmax output layer for `mlp`) on the core engine, losses `cce` or a core metric name
 * (AnyLoss with `average` and `amplifier`), scored by {@link evaluateMulticlassPredictions} (argmax).
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` for a binary-only loss, a non-core engine, or a dataset with fewer
 *   than 3 classes.
 */
export async function runMulticlassBenchmark(config: MulticlassBenchmarkConfig): Promise<MulticlassBenchmarkResult[]> {
  if (config.engine.name !== 'core') {
    throw new AnyLossError('INVALID_OPTION', `engine ${config.engine.name} runs binary targets only in this benchmark; multi-class targets use --engine core.`, {
      argument: 'engine',
      value: config.engine.name,
    });
  }
  for (const loss of config.losses) {
    if ((BASELINE_LOSSES as readonly string[]).includes(loss)) {
      throw new AnyLossError('INVALID_OPTION', `loss ${JSON.stringify(loss)} is for binary targets; multi-class targets train with cce (categorical cross-entropy) or a core metric name (AnyLoss).`, {
        argument: 'losses',
        value: loss,
      });
    }
  }
  const average = config.average ?? 'macro';
  const amplifier = config.amplifier ?? 'softmax';
  const amplification = config.amplification ?? defaultAmplification(3, amplifier);
  for (const dataset of config.datasets) {
    if (dataset.classes < 3) {
      throw new AnyLossError('INVALID_OPTION', `dataset ${JSON.stringify(dataset.name)} has ${dataset.classes} classes; the multi-class benchmark needs 3 or more (binary targets use runBenchmark).`, {
        argument: 'datasets',
        value: dataset.name,
      });
    }
  }
  const validated = await crossValidate<MulticlassReportedMetric>(config, {
    names: MULTICLASS_REPORTED_METRICS,
    amplification,
    defaultLearningRate: DEFAULT_MULTICLASS_LEARNING_RATES[config.model],
    fit: (dataset) => ({ classes: dataset.classes, average, amplifier }),
    evaluate: (labels, scores, kind, dataset) => evaluateMulticlassPredictions(labels, scores, dataset.classes, kind),
  });
  return validated.map(({ dataset, loss, common, metrics, foldMetrics }) => ({
    dataset: dataset.name,
    loss,
    ...common,
    metrics,
    foldMetrics,
    classes: dataset.classes,
    minorityShare: minorityShareOf(dataset.labels, dataset.classes),
    average,
    amplifier,
    amplification,
  }));
}

/** Share of the rarest of `classes` classes in `labels`. */
export function minorityShareOf(labels: ArrayLike<number>, classes: number): number {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i] as number] = (counts[labels[i] as number] ?? 0) + 1;
  return labels.length > 0 ? Math.min(...counts) / labels.length : Number.NaN;
}

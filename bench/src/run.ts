import { DEFAULT_AMPLIFICATION } from '@anyloss/core';
import type { BenchDataset } from './dataset.js';
import type { Engine, ModelName } from './engines.js';
import { convergenceFraction, evaluatePredictions, meanMetrics, type MetricValues, REPORTED_METRICS, type ReportedMetric } from './evaluate.js';
import { stratifiedKFold } from './folds.js';
import type { LossName } from './losses.js';
import { deriveSeed } from './random.js';
import { fitStandardizer, standardizeRows } from './standardize.js';

/**
 * Learning rate of the logistic unit's full-batch gradient descent, the same for every loss and dataset.
 * Chosen once by a sweep over {0.03, 0.1, 0.3, 1} on four tuning datasets (see README, "Learning rates").
 */
export const DEFAULT_LOGISTIC_LEARNING_RATE = 0.3;
/** Adam learning rate of the MLP, the same for every loss and dataset (see README, "Learning rates"). */
export const DEFAULT_MLP_LEARNING_RATE = 0.01;

/** Default epochs: 1000 full-batch steps for the logistic unit, 100 epochs for the MLP (the paper). */
export const DEFAULT_EPOCHS: Readonly<Record<ModelName, number>> = Object.freeze({ logistic: 1000, mlp: 100 });

/**
 * The paper's batch sizes as a share of the training fold (Infinity = full batch): full batch for the logistic
 * unit; for the MLP full batch for balanced accuracy, ~50% for G-mean, 5% for everything else (accuracy,
 * F-scores and the baselines).
 */
export function defaultBatchFraction(model: ModelName, loss: LossName): number {
  if (model === 'logistic') return Infinity;
  if (loss === 'balancedAccuracy') return Infinity;
  if (loss === 'geometricMean') return 0.5;
  return 0.05;
}

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
  /** AnyLoss amplification L; default 73. */
  readonly amplification?: number;
  /** Called after every fit. */
  readonly onProgress?: (event: ProgressEvent) => void;
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

/**
 * Runs stratified k-fold cross-validation of every loss on every dataset: per fold, features are standardised
 * with the training fold's statistics only, and a fresh model is trained per loss from the same seed. Every
 * number except the timings is a deterministic function of the config.
 */
export async function runBenchmark(config: BenchmarkConfig): Promise<BenchmarkResult[]> {
  const results: BenchmarkResult[] = [];
  const epochs = config.epochs ?? DEFAULT_EPOCHS[config.model];
  const learningRate =
    config.learningRate ?? (config.model === 'logistic' ? DEFAULT_LOGISTIC_LEARNING_RATE : DEFAULT_MLP_LEARNING_RATE);
  const amplification = config.amplification ?? DEFAULT_AMPLIFICATION;
  const total = config.datasets.length * config.losses.length * config.folds;
  let done = 0;
  for (const dataset of config.datasets) {
    const folds = stratifiedKFold(dataset.labels, config.folds, deriveSeed(config.seed, dataset.name, 'folds'));
    const perLoss = config.losses.map(() => ({ metrics: [] as MetricValues[], seconds: 0, convergence: [] as number[], batchSize: 0 }));
    for (let f = 0; f < folds.length; f++) {
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
        const batchSize = resolveBatchSize(config.batchSize ?? defaultBatchFraction(config.model, loss), train.rows);
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
          amplification,
          seed: deriveSeed(config.seed, dataset.name, f, 'model'),
        });
        accumulator.seconds += (performance.now() - started) / 1000;
        accumulator.metrics.push(evaluatePredictions(testLabels, outcome.testScores, outcome.scoreKind));
        if (outcome.trace !== null) accumulator.convergence.push(convergenceFraction(outcome.trace.initialLoss, outcome.trace.lossPerEpoch));
        done++;
        config.onProgress?.({ done, total, dataset: dataset.name, loss });
      }
    }
    config.losses.forEach((loss, l) => {
      const accumulator = perLoss[l] as (typeof perLoss)[number];
      const finite = accumulator.convergence.filter(Number.isFinite);
      const foldMetrics = {} as Record<ReportedMetric, number[]>;
      for (const name of REPORTED_METRICS) foldMetrics[name] = accumulator.metrics.map((values) => values[name]);
      results.push({
        dataset: dataset.name,
        loss,
        model: config.model,
        engine: config.engine.name,
        folds: config.folds,
        metrics: meanMetrics(accumulator.metrics),
        seconds: accumulator.seconds,
        secondsPerEpoch: accumulator.seconds / (config.folds * epochs),
        epochs,
        batchSize: accumulator.batchSize,
        learningRate,
        rows: dataset.labels.length,
        positiveShare: dataset.positiveShare,
        convergence: finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN,
        foldMetrics,
      });
    });
  }
  return results;
}

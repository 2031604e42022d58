import { availableParallelism } from 'node:os';
import { AnyLossError, DEFAULT_AMPLIFICATION, metrics, type MetricName } from '@anyloss/core';
import type { Average, MulticlassAmplifier } from '@anyloss/core/multiclass';
import {
  defaultBatchFraction,
  MULTICLASS_MLP_BATCH_FRACTION,
  type CrossValidationSettings,
  type LossFoldOutcome,
} from './cross-validate.js';
import type { BenchDataset } from './dataset.js';
import type { Engine, EngineName, ModelName } from './engines.js';
import {
  meanMetrics,
  MULTICLASS_REPORTED_METRICS,
  type MetricValues,
  type MulticlassMetricValues,
  type MulticlassReportedMetric,
  REPORTED_METRICS,
  type ReportedMetric,
} from './evaluate.js';
import { BASELINE_LOSSES, defaultAmplification, MULTICLASS_BASELINE_LOSSES, type AnyLossRecipe, type LossName } from './losses.js';
import { runFoldJobs, type FoldJob, type FoldPool } from './pool.js';

export { defaultBatchFraction, MULTICLASS_MLP_BATCH_FRACTION };

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
 * Learning rates `--tune-learning-rate` chooses from, per engine and model: the optimiser's usual range around the
 * default (gradient descent for the logistic unit, Adam for the MLP; brain.js's SGD with momentum for `brain`).
 */
export const LEARNING_RATE_GRIDS: Readonly<Record<EngineName, Readonly<Record<ModelName, readonly number[]>>>> = Object.freeze({
  core: { logistic: [0.1, 0.3, 1, 3], mlp: [0.003, 0.01, 0.03, 0.1] },
  tfjs: { logistic: [0.1, 0.3, 1, 3], mlp: [0.003, 0.01, 0.03, 0.1] },
  brain: { logistic: [0.1, 0.3, 1], mlp: [0.1, 0.3, 1] },
});

/** Inner folds of learning-rate tuning (stratified, on the outer training fold). */
export const DEFAULT_INNER_FOLDS = 3;

/** The target metric of `bce-thr` and of learning-rate tuning unless `thresholdMetric` says otherwise. */
export const DEFAULT_THRESHOLD_METRIC: MetricName = 'f1';

/** Default number of worker threads of the command line: the machine's cores (`os.availableParallelism()`). */
export function defaultWorkers(): number {
  return availableParallelism();
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
  /** AnyLoss amplification L; default 73 (multi-class: core's default for the amplifier, 3 for softmax). */
  readonly amplification?: number;
  /** Called after every fit. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Train and test on the first n folds only (a held-out split for learning-rate tuning); default all folds. */
  readonly onlyFirstFolds?: number;
  /**
   * Recipe levers of the binary AnyLoss losses (amplification `'none'`, gradient normalisation, hybrid BCE weight,
   * prior bias, amplification schedule); baselines ignore them. Default: none (the plain AnyLoss).
   */
  readonly recipe?: AnyLossRecipe;
  /** The target metric: what `bce-thr`'s threshold maximises and learning-rate tuning's criterion; default `f1`. */
  readonly thresholdMetric?: MetricName;
  /** Choose each loss's learning rate per fold by inner cross-validation (see `chooseLearningRate`); default false. */
  readonly tuneLearningRate?: boolean;
  /** Candidate rates of tuning; default {@link LEARNING_RATE_GRIDS} of the engine and model. */
  readonly learningRateGrid?: readonly number[];
  /** Inner folds of tuning; default {@link DEFAULT_INNER_FOLDS}. */
  readonly innerFolds?: number;
  /**
   * Worker threads running the (dataset, fold) units; default 1 (this thread). Results do not depend on it; workers
   * load the engine by its name.
   */
  readonly workers?: number;
  /** What worker threads printed (each distinct line once, after the run); default process.stderr. */
  readonly onWorkerOutput?: (text: string) => void;
  /** A pool to run the jobs in (its worker count wins over `workers`); default a fresh one for this run. */
  readonly pool?: FoldPool;
  /** Given learning rates by dataset, loss and fold, winning over `learningRate` and tuning where they apply. */
  readonly learningRates?: CrossValidationSettings['learningRates'];
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
  /** With learning-rate tuning: the rate chosen for each fold (then `learningRate` is the one chosen most often). */
  readonly learningRates?: number[];
  /** With learning-rate tuning: seconds spent choosing the rates, summed over folds. */
  readonly tuningSeconds?: number;
  /** `bce-thr`: the metric its threshold maximises. */
  readonly thresholdMetric?: MetricName;
  /** `bce-thr`: the threshold on the logits of each fold (predict positive iff z > threshold; −∞ = every row positive). */
  readonly thresholds?: number[];
  /** `bce-thr`: folds whose inner validation part lacked a class, so the fallback threshold (p > 0.5) was used. */
  readonly thresholdFallbacks?: number;
  /** The recipe levers of an AnyLoss loss, when the run set any. */
  readonly recipe?: AnyLossRecipe;
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
  /** AnyLoss averaging (also recorded for `cce` and `wcce`, which ignore it). */
  readonly average: Average;
  /** AnyLoss amplifier (also recorded for `cce` and `wcce`, which ignore it). */
  readonly amplifier: MulticlassAmplifier;
  /** AnyLoss amplification L (also recorded for `cce` and `wcce`, which ignore it). */
  readonly amplification: number;
}

/** What every task's result has in common, generic in its metric names. */
export interface CrossValidated<M extends string> {
  readonly dataset: BenchDataset;
  readonly loss: LossName;
  readonly common: Omit<BenchmarkResult, 'metrics' | 'foldMetrics' | 'positiveShare' | 'dataset' | 'loss'>;
  readonly metrics: Record<M, number>;
  readonly foldMetrics: Record<M, number[]>;
}

/** The value chosen most often (ties: the smaller). */
function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = Number.NaN;
  let bestCount = 0;
  for (const [value, count] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The plain-data settings of a run (defaults filled in, options validated), as every fold job receives them.
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` for a bad `thresholdMetric`, `innerFolds` or `workers`.
 */
export function crossValidationSettings(
  config: BenchmarkConfig,
  task: 'binary' | 'multiclass',
  amplification: number,
  defaultLearningRate: number,
  extra: Pick<CrossValidationSettings, 'average' | 'amplifier'>,
): CrossValidationSettings {
  const thresholdMetric = config.thresholdMetric ?? DEFAULT_THRESHOLD_METRIC;
  if (!Object.hasOwn(metrics, thresholdMetric)) {
    throw new AnyLossError('INVALID_OPTION', `thresholdMetric ${JSON.stringify(thresholdMetric)} is not a core metric name.`, {
      argument: 'thresholdMetric',
      value: thresholdMetric,
    });
  }
  const innerFolds = config.innerFolds ?? DEFAULT_INNER_FOLDS;
  if (!Number.isInteger(innerFolds) || innerFolds < 2) {
    throw new AnyLossError('INVALID_OPTION', `innerFolds must be an integer ≥ 2, got ${String(innerFolds)}.`, {
      argument: 'innerFolds',
      value: innerFolds,
    });
  }
  const workers = config.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new AnyLossError('INVALID_OPTION', `workers must be an integer ≥ 1, got ${String(workers)}.`, {
      argument: 'workers',
      value: workers,
    });
  }
  return {
    task,
    losses: config.losses,
    model: config.model,
    engine: config.engine.name,
    folds: config.folds,
    seed: config.seed,
    epochs: config.epochs ?? DEFAULT_EPOCHS[config.model],
    batchSize: config.batchSize,
    learningRate: config.learningRate ?? defaultLearningRate,
    amplification,
    recipe: config.recipe,
    thresholdMetric,
    tuneLearningRate: config.tuneLearningRate ?? false,
    learningRateGrid: config.learningRateGrid ?? LEARNING_RATE_GRIDS[config.engine.name][config.model],
    innerFolds,
    ...(config.learningRates !== undefined ? { learningRates: config.learningRates } : {}),
    ...extra,
  };
}

/** The binary settings of a run (see {@link crossValidationSettings}): what `runBenchmark` sends to its fold jobs. */
export function binarySettings(config: BenchmarkConfig): CrossValidationSettings {
  return crossValidationSettings(
    config,
    'binary',
    config.amplification ?? DEFAULT_AMPLIFICATION,
    config.model === 'logistic' ? DEFAULT_LOGISTIC_LEARNING_RATE : DEFAULT_MLP_LEARNING_RATE,
    { average: undefined, amplifier: undefined },
  );
}

/** Averages one loss's fold outcomes on one dataset into the fields every result shares. */
export function summarizeFolds<M extends string>(
  settings: CrossValidationSettings,
  dataset: BenchDataset,
  loss: LossName,
  folds: readonly LossFoldOutcome[],
  names: readonly M[],
): CrossValidated<M> {
  const foldMetrics = {} as Record<M, number[]>;
  for (const name of names) foldMetrics[name] = folds.map((fold) => fold.metrics[name] as number);
  const seconds = folds.reduce((sum, fold) => sum + fold.seconds, 0);
  const finite = folds.map((fold) => fold.convergence).filter((value): value is number => value !== null && Number.isFinite(value));
  const rates = folds.map((fold) => fold.learningRate);
  const thresholds = folds.filter((fold) => fold.threshold !== undefined);
  return {
    dataset,
    loss,
    metrics: meanMetrics(
      folds.map((fold) => fold.metrics as Record<M, number>),
      names,
    ),
    foldMetrics,
    common: {
      model: settings.model,
      engine: settings.engine,
      folds: settings.folds,
      seconds,
      secondsPerEpoch: seconds / (folds.length * settings.epochs),
      epochs: settings.epochs,
      batchSize: folds[0]?.batchSize ?? 0,
      learningRate: settings.tuneLearningRate || settings.learningRates !== undefined ? mode(rates) : settings.learningRate,
      rows: dataset.labels.length,
      convergence: finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN,
      ...(settings.tuneLearningRate || settings.learningRates?.[dataset.name]?.[loss] !== undefined
        ? { learningRates: rates, tuningSeconds: folds.reduce((sum, fold) => sum + fold.tuningSeconds, 0) }
        : {}),
      ...(thresholds.length > 0
        ? {
            thresholdMetric: settings.thresholdMetric,
            thresholds: thresholds.map((fold) => fold.threshold as number),
            thresholdFallbacks: thresholds.filter((fold) => fold.thresholdFallback === true).length,
          }
        : {}),
      ...(settings.recipe !== undefined && Object.hasOwn(metrics, loss) ? { recipe: settings.recipe } : {}),
    },
  };
}

/** A binary {@link BenchmarkResult} from the summary of one loss on one dataset. */
export function binaryResult({ dataset, loss, common, metrics: values, foldMetrics }: CrossValidated<ReportedMetric>): BenchmarkResult {
  const { model, engine, folds, seconds, secondsPerEpoch, epochs, batchSize, learningRate, rows, convergence, ...extra } = common;
  return {
    dataset: dataset.name,
    loss,
    model,
    engine,
    folds,
    metrics: values as MetricValues,
    seconds,
    secondsPerEpoch,
    epochs,
    batchSize,
    learningRate,
    rows,
    positiveShare: dataset.positiveShare,
    convergence,
    foldMetrics,
    ...extra,
  };
}

/**
 * Cross-validates every loss on every dataset: one job per (dataset, fold) with every loss (`runFoldUnit`), run in
 * this thread or in `config.workers` worker threads, then the folds' outcomes averaged per dataset and loss.
 */
async function crossValidate<M extends string>(
  config: BenchmarkConfig,
  settings: CrossValidationSettings,
  names: readonly M[],
): Promise<CrossValidated<M>[]> {
  const foldCount = Math.min(config.folds, config.onlyFirstFolds ?? config.folds);
  const jobs: FoldJob[] = [];
  for (const dataset of config.datasets) for (let f = 0; f < foldCount; f++) jobs.push({ settings, dataset, foldIndex: f });
  const total = jobs.length * config.losses.length;
  let done = 0;
  const onFit = (job: FoldJob, loss: LossName): void => {
    done++;
    config.onProgress?.({ done, total, dataset: job.dataset.name, loss });
  };
  const outcomes =
    config.pool !== undefined
      ? await config.pool.run(jobs, { onFit })
      : await runFoldJobs(jobs, {
          workers: config.workers ?? 1,
          engine: config.engine,
          onFit,
          ...(config.onWorkerOutput !== undefined ? { onWorkerOutput: config.onWorkerOutput } : {}),
        });
  const results: CrossValidated<M>[] = [];
  config.datasets.forEach((dataset, d) => {
    const perFold = outcomes.slice(d * foldCount, (d + 1) * foldCount);
    config.losses.forEach((loss, l) =>
      results.push(
        summarizeFolds(
          settings,
          dataset,
          loss,
          perFold.map((fold) => fold[l] as LossFoldOutcome),
          names,
        ),
      ),
    );
  });
  return results;
}

/**
 * Refuses a binary dataset with fewer rows of a class than folds: stratified folds deal each class round-robin, so
 * some test folds would hold no positive (or no negative), and their scores — F1 = 0 without a positive — would be
 * averaged in as if the model had failed.
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` naming the dataset, the class count and the largest usable `folds`.
 */
export function assertFoldsHaveBothClasses(dataset: BenchDataset, folds: number): void {
  let positives = 0;
  for (let i = 0; i < dataset.labels.length; i++) positives += dataset.labels[i] === 1 ? 1 : 0;
  const negatives = dataset.labels.length - positives;
  const fewest = Math.min(positives, negatives);
  if (fewest >= folds) return;
  const kind =
    positives <= negatives
      ? `positive rows (class 1 = ${JSON.stringify(dataset.classNames[1] ?? '1')})`
      : `negative rows (class 0 = ${JSON.stringify(dataset.classNames[0] ?? '0')})`;
  throw new AnyLossError(
    'INVALID_OPTION',
    `dataset ${JSON.stringify(dataset.name)} has ${fewest} ${kind}, fewer than the ${folds} folds: ${folds - fewest} test fold(s) would hold none, and their scores (F1 = 0 without a positive) would be averaged in. ${
      fewest >= 2 ? `Use --folds ${fewest} or fewer.` : 'Cross-validation needs at least 2 rows of each class.'
    }`,
    { argument: 'folds', value: folds },
  );
}

/**
 * Runs stratified k-fold cross-validation of every loss on every (binary) dataset: per fold, features are
 * standardised with the training fold's statistics only, and a fresh model is trained per loss from the same seed.
 * Every number except the timings is a deterministic function of the config.
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` for a multi-class dataset (use {@link runMulticlassBenchmark}), `cce`, `wcce`, or
 *   a dataset with fewer rows of a class than folds ({@link assertFoldsHaveBothClasses}).
 */
export async function runBenchmark(config: BenchmarkConfig): Promise<BenchmarkResult[]> {
  for (const dataset of config.datasets) {
    if (dataset.classes > 2) {
      throw new AnyLossError(
        'INVALID_OPTION',
        `dataset ${JSON.stringify(dataset.name)} has ${dataset.classes} classes; runBenchmark is binary, use runMulticlassBenchmark.`,
        {
          argument: 'datasets',
          value: dataset.name,
        },
      );
    }
  }
  for (const dataset of config.datasets) assertFoldsHaveBothClasses(dataset, config.folds);
  const multiclassOnly = config.losses.find((loss) => (MULTICLASS_BASELINE_LOSSES as readonly string[]).includes(loss));
  if (multiclassOnly !== undefined) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `loss ${JSON.stringify(multiclassOnly)} (${multiclassOnly === 'cce' ? '' : 'class-weighted '}categorical cross-entropy) is for targets with 3 or more classes; use ${multiclassOnly === 'cce' ? 'bce' : 'wbce'} for binary targets.`,
      {
        argument: 'losses',
        value: multiclassOnly,
      },
    );
  }
  const validated = await crossValidate<ReportedMetric>(config, binarySettings(config), REPORTED_METRICS);
  return validated.map(binaryResult);
}

/**
 * The multi-class benchmark: the same cross-validation with K-way softmax models (softmax regression for
 * `logistic`, a K-unit softmax output layer for `mlp`) on the core engine, losses `cce`, `wcce` or a core metric name
 * (AnyLoss with `average` and `amplifier`), scored by {@link evaluateMulticlassPredictions} (argmax).
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` for a binary-only loss, a non-core engine, or a dataset with fewer
 *   than 3 classes.
 */
export async function runMulticlassBenchmark(config: MulticlassBenchmarkConfig): Promise<MulticlassBenchmarkResult[]> {
  if (config.engine.name !== 'core') {
    throw new AnyLossError(
      'INVALID_OPTION',
      `engine ${config.engine.name} runs binary targets only in this benchmark; multi-class targets use --engine core.`,
      {
        argument: 'engine',
        value: config.engine.name,
      },
    );
  }
  for (const loss of config.losses) {
    if ((BASELINE_LOSSES as readonly string[]).includes(loss)) {
      throw new AnyLossError(
        'INVALID_OPTION',
        `loss ${JSON.stringify(loss)} is for binary targets; multi-class targets train with cce (categorical cross-entropy), wcce (class-weighted cce) or a core metric name (AnyLoss).`,
        {
          argument: 'losses',
          value: loss,
        },
      );
    }
  }
  const average = config.average ?? 'macro';
  const amplifier = config.amplifier ?? 'softmax';
  const amplification = config.amplification ?? defaultAmplification(3, amplifier);
  for (const dataset of config.datasets) {
    if (dataset.classes < 3) {
      throw new AnyLossError(
        'INVALID_OPTION',
        `dataset ${JSON.stringify(dataset.name)} has ${dataset.classes} classes; the multi-class benchmark needs 3 or more (binary targets use runBenchmark).`,
        {
          argument: 'datasets',
          value: dataset.name,
        },
      );
    }
  }
  if (config.recipe !== undefined) {
    throw new AnyLossError(
      'INVALID_OPTION',
      'recipe levers (amplification none, gradient normalisation, BCE weight, prior bias, amplification schedule) are for binary targets only.',
      {
        argument: 'recipe',
        value: config.recipe,
      },
    );
  }
  const settings = crossValidationSettings(config, 'multiclass', amplification, DEFAULT_MULTICLASS_LEARNING_RATES[config.model], {
    average,
    amplifier,
  });
  const validated = await crossValidate<MulticlassReportedMetric>(config, settings, MULTICLASS_REPORTED_METRICS);
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

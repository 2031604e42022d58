/**
 * `@anyloss/bench` — the AnyLoss benchmark and reproduction suite as a library (the command is `anyloss-bench`).
 *
 * @packageDocumentation
 */
export { stratifiedKFold } from './folds.js';
export type { Fold } from './folds.js';
export { fitStandardizer, standardizeRows } from './standardize.js';
export type { Standardizer } from './standardize.js';
export { createRandom, deriveSeed, shuffleInPlace } from './random.js';
export type { Random } from './random.js';
export { createTrainingLoss, isLossName, lossNames, BASELINE_LOSSES } from './losses.js';
export type { BaselineLossName, LossName, TrainingLoss, TrainingLossOptions } from './losses.js';
export { fitLogistic, logisticLossAndGradient } from './models/logistic.js';
export type { LogisticModel } from './models/logistic.js';
export { fitMlp, mlpLossAndGradient, mlpLayout, initMlpParameters } from './models/mlp.js';
export type { MlpModel, MlpShape, MlpFitOptions } from './models/mlp.js';
export type { FitOptions, TrainedModel, TrainingData, TrainingTrace } from './models/types.js';
export { evaluatePredictions, meanMetrics, convergenceFraction, REPORTED_METRICS } from './evaluate.js';
export type { MetricValues, ReportedMetric } from './evaluate.js';
export { coreEngine, loadEngine, ENGINE_NAMES, MODEL_NAMES } from './engines.js';
export type { Engine, EngineName, FitOutcome, FitRequest, ModelName } from './engines.js';
export { loadCorpusDataset, corpusDatasetNames, positiveShareOf, EXCLUDED_DATASETS } from './dataset.js';
export type { BenchDataset } from './dataset.js';
export { datasetFromCsv, isMissing } from './csv.js';
export type { CsvDataset, CsvOptions } from './csv.js';
export {
  runBenchmark,
  defaultBatchFraction,
  DEFAULT_EPOCHS,
  DEFAULT_LOGISTIC_LEARNING_RATE,
  DEFAULT_MLP_LEARNING_RATE,
} from './run.js';
export type { BenchmarkConfig, BenchmarkResult, ProgressEvent } from './run.js';
export {
  bestOrTied,
  notWorseThanBce,
  pairedPermutationPValue,
  gainByImbalance,
  meanScoresByLoss,
  timeRelativeToBce,
  convergenceByLoss,
  TIE_TOLERANCE,
  IMBALANCE_GROUPS,
} from './analysis.js';
export type { BestOrTiedCount } from './analysis.js';

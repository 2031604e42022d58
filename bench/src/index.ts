/**
 * `@anyloss/bench` — the AnyLoss benchmark and reproduction suite as a library (the command is `anyloss-bench`).
 *
 * @packageDocumentation
 */
export { createRandom, deriveSeed } from './random.js';
export type { Random } from './random.js';
export {
  createTrainingLoss,
  isLossName,
  lossNames,
  categoricalCrossEntropy,
  balancedClassWeights,
  defaultAmplification,
  BASELINE_LOSSES,
  MULTICLASS_BASELINE_LOSSES,
  CROSS_ENTROPY_LOSSES,
  FOCAL_GAMMA,
  focalAlpha,
  focalLoss,
  softCellsLoss,
  normalizeBatchGradient,
  scheduledAmplification,
} from './losses.js';
export type { AnyLossRecipe, BaselineLossName, LossName, MulticlassBaselineLossName, TrainingLoss, TrainingLossOptions } from './losses.js';
export { runFoldUnit, chooseLearningRate, resolveBatchSize, THRESHOLD_SPLIT_FOLDS } from './cross-validate.js';
export type { CrossValidationSettings, LossFoldOutcome } from './cross-validate.js';
export { runFoldJobs } from './pool.js';
export type { FoldJob, PoolOptions } from './pool.js';
export { fitLogistic, logisticLossAndGradient } from './models/logistic.js';
export type { LogisticModel } from './models/logistic.js';
export { fitMlp, mlpLossAndGradient, mlpLayout, initMlpParameters } from './models/mlp.js';
export type { MlpModel, MlpShape, MlpFitOptions } from './models/mlp.js';
export type { FitOptions, TrainedModel, TrainingData, TrainingTrace } from './models/types.js';
export {
  evaluatePredictions,
  evaluateMulticlassPredictions,
  meanMetrics,
  convergenceFraction,
  REPORTED_METRICS,
  MULTICLASS_REPORTED_METRICS,
} from './evaluate.js';
export type { MetricValues, MulticlassMetricValues, MulticlassReportedMetric, ReportedMetric } from './evaluate.js';
export { coreEngine, loadEngine, priorBiasOf, ENGINE_NAMES, MODEL_NAMES } from './engines.js';
export type { Engine, EngineName, FitOutcome, FitRequest, ModelName } from './engines.js';
export {
  loadCorpusDataset,
  corpusDatasetNames,
  corpusDatasetTask,
  positiveShareOf,
  EXCLUDED_DATASETS,
  EXCLUDED_MULTICLASS_DATASETS,
} from './dataset.js';
export type { BenchDataset, BenchTask, Collection } from './dataset.js';
export { datasetFromCsv, datasetFromCsvFile, isMissing, MAX_DETECTED_CLASSES, MAX_ONE_HOT_LEVELS } from './csv.js';
export type { CsvDataset, CsvOptions } from './csv.js';
export {
  runBenchmark,
  runMulticlassBenchmark,
  minorityShareOf,
  MULTICLASS_MLP_BATCH_FRACTION,
  defaultBatchFraction,
  DEFAULT_EPOCHS,
  DEFAULT_LOGISTIC_LEARNING_RATE,
  DEFAULT_MLP_LEARNING_RATE,
  DEFAULT_MULTICLASS_LEARNING_RATES,
  DEFAULT_INNER_FOLDS,
  DEFAULT_THRESHOLD_METRIC,
  LEARNING_RATE_GRIDS,
  defaultWorkers,
} from './run.js';
export type { BenchmarkConfig, BenchmarkResult, MulticlassBenchmarkConfig, MulticlassBenchmarkResult, ProgressEvent } from './run.js';
export {
  runMulticlassStudy,
  studyReport,
  bestDesign,
  designMean,
  headToHead,
  decideDefault,
  STUDY_DESIGNS,
  TUNED_DESIGNS,
  TUNED_BASELINES,
  DEFAULT_CANDIDATES,
  DECISION_ALPHA,
  STUDY_LEARNING_RATES,
  STUDY_EPOCHS,
  IMBALANCED_MULTICLASS_DATASETS,
} from './multiclass-study.js';
export type {
  CandidateRow,
  DefaultDecision,
  HeadToHeadRow,
  MulticlassStudyOptions,
  StudyDesign,
  StudyRecord,
  StudyResult,
  SweepLine,
  TunedPart,
} from './multiclass-study.js';
export { multiclassResultsTable, multiclassReportSection, multiclassLossLabel } from './multiclass-table.js';
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
export {
  runRecipeStudy,
  recipeReport,
  recipeCorpus,
  splitCorpus,
  datasetPermutationPValue,
  describeCandidate,
  verdict,
  wallTime,
  RECIPE_SPLIT_SEED,
  STUDY_TARGETS,
  LEVER_GAIN,
  IMBALANCED_BELOW,
  PERMUTATION_DRAWS,
  PRE_STUDY_DEFAULTS,
} from './recipe-study.js';
export type {
  Candidate,
  CorpusSplit,
  HeadToHead,
  Lever,
  RecipeStudyOptions,
  RecipeStudyRecord,
  SearchLine,
  SearchOutcome,
  StudyTarget,
  TargetReport,
} from './recipe-study.js';
export { binaryResult, binarySettings, crossValidationSettings, summarizeFolds } from './run.js';
export type { CrossValidated } from './run.js';
export { createFoldPool } from './pool.js';
export type { FoldPool, RunCallbacks } from './pool.js';

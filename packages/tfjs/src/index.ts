/**
 * AnyLoss for TensorFlow.js: train `tf.LayersModel`s on F1, balanced accuracy, MCC or any confusion-matrix
 * metric (`createLoss`), log hard metrics (`createMetric`) and exact epoch-level metrics (`epochMetrics`), and
 * save models compiled with them (`saveModel`) for plain-tfjs inference or to resume training (`loadModel`). A thin adapter over `@anyloss/core`, which it
 * re-exports: all metric math (values, partial derivatives, the chain rule) is core's.
 *
 * @packageDocumentation
 */
export * from '@anyloss/core';
export { createLoss, DEFAULT_TFJS_AMPLIFICATION } from './loss.js';
export type { AnyLossFunction, CreateLossOptions } from './loss.js';
export { createMetric } from './metric.js';
export type { AnyLossMetricFunction, CreateMetricOptions } from './metric.js';
export { epochMetrics } from './epoch-metrics.js';
export type { EpochEvaluation, EpochMetricsCallback, EpochMetricsOptions, PredictingModel } from './epoch-metrics.js';
export { EPOCH_METRICS_DEFAULTS } from './epoch-metrics-options.js';
export { loadModel } from './load-model.js';
export type { CompilableModel, LoadLayersModel, LoadModelOptions } from './load-model.js';
export type { LossDescriptor } from './serialization.js';
export { DEFAULT_SOFTMAX_AMPLIFICATION } from '@anyloss/core/multiclass';
export type { Average, MulticlassAmplifier, MulticlassOutput } from '@anyloss/core/multiclass';
export { saveModel } from './save-model.js';
export type { SavableModel, SaveModelOptions, StoredTrainingState } from './save-model.js';

/**
 * AnyLoss for TensorFlow.js: train `tf.LayersModel`s on F1, balanced accuracy, MCC or any confusion-matrix
 * metric (`createLoss`), log hard metrics (`createMetric`) and exact epoch-level metrics (`epochMetrics`), and
 * save models compiled with them (`saveModel`) for plain-tfjs inference or to resume training (`loadModel`). A thin adapter over `@anyloss/core`, which it
 * re-exports: all metric math (values, partial derivatives, the chain rule) is core's.
 *
 * @packageDocumentation
 */
import type { io } from '@tensorflow/tfjs-core';
import { createLoss } from './loss.js';
import { createMetric } from './metric.js';
import { loadModelWith, type CompilableModel, type LoadModelOptions } from './serialization.js';

export * from '@anyloss/core';
export { createLoss, DEFAULT_TFJS_AMPLIFICATION } from './loss.js';
export type { AnyLossFunction, CreateLossOptions } from './loss.js';
export { createMetric } from './metric.js';
export type { AnyLossMetricFunction, CreateMetricOptions } from './metric.js';
export { epochMetrics } from './epoch-metrics.js';
export type { EpochEvaluation, EpochMetricsCallback, EpochMetricsOptions, PredictingModel } from './epoch-metrics.js';
export { EPOCH_METRICS_DEFAULTS } from './epoch-metrics-options.js';
export type { CompilableModel, LoadLayersModel, LoadModelOptions, LossDescriptor, SavedMetricAverage } from './serialization.js';
export { DEFAULT_SOFTMAX_AMPLIFICATION } from '@anyloss/core/multiclass';
export type { Average, MulticlassAmplifier, MulticlassOutput } from '@anyloss/core/multiclass';
export { saveModel } from './save-model.js';
export type { SavableModel, SaveModelOptions, StoredTrainingState } from './save-model.js';

/**
 * Loads a model saved with `saveModel(model, destination)` — or with `model.save(handler, { includeOptimizer: true })`,
 * the format of earlier versions — and compiles it again with its AnyLoss loss (rebuilt from the descriptor the
 * save stored), its metrics (AnyLoss metrics rebuilt by name, tfjs built-ins left to tfjs) and its optimizer with
 * the saved state, so `fit` continues where it stopped. Artifacts saved without the optimizer carry no training
 * configuration: they load uncompiled, as with `tf.loadLayersModel`.
 *
 * @example
 * ```ts
 * await saveModel(model, 'indexeddb://my-model');
 * const resumed = await loadModel('indexeddb://my-model', { loadLayersModel: tf.loadLayersModel });
 * await resumed.fit(x, y, { epochs: 5 });
 * ```
 * @param source - a URL (`indexeddb://…`, `localstorage://…`, `http…`, or any registered scheme) or a tf.io handler.
 * @param options - `loss` (override), `metrics` (custom metrics by name), `loadLayersModel`, `loadOptions`.
 * @throws {@link AnyLossError} when the source cannot be read (saying which sources work), or the loss or a metric
 *   cannot be rebuilt (naming what to pass); a failure inside TensorFlow.js is its `cause`.
 */
export function loadModel<M extends CompilableModel = CompilableModel>(
  source: string | io.IOHandler,
  options?: LoadModelOptions<M>,
): Promise<M> {
  return loadModelWith<M>(
    source,
    options,
    (metric, descriptor) =>
      descriptor.average === undefined
        ? createLoss(metric, { amplification: descriptor.amplification, from: descriptor.from, classWeight: descriptor.classWeight })
        : createLoss(metric, {
            amplification: descriptor.amplification,
            from: descriptor.from,
            average: descriptor.average,
            ...(descriptor.output === undefined ? {} : { output: descriptor.output }),
            ...(descriptor.amplifier === undefined ? {} : { amplifier: descriptor.amplifier }),
          }),
    (metric, multiclass) => createMetric(metric, multiclass),
  );
}

/**
 * `@anyloss/brain` — train brain.js `NeuralNetwork`s on F1, balanced accuracy, MCC or any confusion-matrix
 * metric (AnyLoss, Han, Moniz & Chawla, KDD 2024), for brain.js 1.6.x and 2.x, without patching brain.js.
 * Multi-output nets (K ≥ 2 output nodes) train on a macro, weighted or micro average with `@anyloss/core/multiclass`,
 * for either task: multi-class (one class per row) or multi-label (any set of classes per row). Re-exports all of `@anyloss/core` (metrics, anyLoss, confusionMatrix, AnyLossError, ...).
 *
 * @packageDocumentation
 */
export * from '@anyloss/core';
export { train } from './train.js';
export { trainAsync } from './train-async.js';
export { TRAIN_DEFAULTS } from './options.js';
export type { TrainOptions, TrainStatus, Average, Task } from './options.js';
export type { TrainResult } from './trainer.js';
export type { BrainNeuralNetwork, BrainTrainingRow } from './network.js';
export type { GradientScale } from './gradient-scale.js';
export { withSeededRandom } from './with-seeded-random.js';

/**
 * `@anyloss/core/internal` — what the AnyLoss adapters (`@anyloss/tfjs`, `@anyloss/brain`) take from core and
 * their users do not need: the validation rules and messages (so every package reports bad input alike), and
 * the tensor plans — every formula a tensor adapter evaluates on its device (amplifier, cell sums, checks,
 * chain rule, the amplifiers' backward passes), written once against the ops the adapter supplies.
 *
 * Not part of the public API: no semver guarantee, it changes with the adapters. Applications import
 * `@anyloss/core` (and `@anyloss/core/multiclass`, `@anyloss/core/testing`).
 *
 * @packageDocumentation
 */
export { assertCells } from '../cells.js';
export { cellScale } from '../cell-scale.js';
export { describeValue, mustBe } from '../errors.js';
export { assertMetric, readMetric } from '../metric.js';
export { assertAmplification, assertOptions, isArrayLike, readClassWeight, readFrom, readThreshold } from '../validate.js';
export { argmaxOneHotRows } from '../multiclass/argmax.js';
export { readAverage, readOutput } from '../multiclass/options.js';
export { normalizeRows, rowNormalizationBackward } from '../multiclass/row-normalization.js';
export { FLOAT32_MAX, fitsFloat32 } from '../tensor-plan/float32.js';
export { binaryLossPlan, multiOutputLossPlan } from '../tensor-plan/loss-plan.js';
export type {
  BinaryLossPlanSettings,
  LossReadout,
  MultiOutputLossPlanSettings,
  TensorBatch,
  TensorLossPlan,
} from '../tensor-plan/loss-plan.js';
export { binaryMetricPlan, multiOutputMetricPlan } from '../tensor-plan/metric-plan.js';
export type { TensorMetricPlan } from '../tensor-plan/metric-plan.js';
export type { BackwardTensors } from '../tensor-plan/gradient-tensor.js';
export type { AmplifiedTensors } from '../tensor-plan/amplify-tensor.js';
export type { TensorOps } from '../tensor-plan/tensor-ops.js';

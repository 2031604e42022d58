/**
 * AnyLoss — any confusion-matrix metric as a differentiable training loss (Han, Moniz & Chawla, KDD 2024).
 *
 * Framework-agnostic core: amplification, soft and hard confusion matrices, every common metric with
 * closed-form partial derivatives, and the one chain rule that turns them into per-sample gradients.
 *
 * @packageDocumentation
 */
export { amplify, amplifyComplement, sigmoid, DEFAULT_AMPLIFICATION, PAPER_AMPLIFICATION } from './amplify.js';
export { anyLoss } from './any-loss.js';
export type { AnyLoss, AnyLossOptions, LossAndGradient, LossAndGradientOptions, LossCallOptions } from './any-loss.js';
export { CELL_NAMES } from './cells.js';
export type { CellName, ConfusionCells } from './cells.js';
export { applyChainRule, chainRuleCoefficients } from './chain-rule.js';
export { confusionMatrix } from './confusion-matrix.js';
export type { ConfusionMatrixOptions } from './confusion-matrix.js';
export { AnyLossError, isAnyLossError } from './errors.js';
export type { AnyLossErrorCode, AnyLossErrorDetails } from './errors.js';
export { defineMetric, ratio } from './metric.js';
export type { Metric, MetricDefinition, MetricPartials } from './metric.js';
export { metrics, fBeta } from './metrics/index.js';
export type { MetricName } from './metrics/index.js';
export { numericPartials } from './numeric-partials.js';
export { optimalThreshold } from './optimal-threshold.js';
export type { OptimalThreshold, OptimalThresholdOptions } from './optimal-threshold.js';
export { seededRandom } from './seeded-random.js';
export { softConfusionMatrix } from './soft-confusion-matrix.js';
export type { PredictionKind, SoftConfusionMatrixOptions } from './soft-confusion-matrix.js';
export { MAX_AMPLIFICATION } from './validate.js';
export type { ClassWeight } from './validate.js';

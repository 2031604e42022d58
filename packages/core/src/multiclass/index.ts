/**
 * `@anyloss/core/multiclass` — AnyLoss beyond two classes: multi-class (softmax) and multi-label (sigmoid)
 * losses with macro, weighted or micro averaging of per-class one-vs-rest soft confusion matrices, and the
 * matching hard evaluation. A separate entry point, so that the binary core stays small.
 *
 * @packageDocumentation
 */
export { anyLoss } from './any-loss.js';
export { multiclassAnyLoss, DEFAULT_SOFTMAX_AMPLIFICATION } from './multiclass-loss.js';
export type { MulticlassAnyLoss, MulticlassAnyLossOptions, MulticlassCallOptions, MulticlassLossAndGradient } from './multiclass-loss.js';
export { multiclassConfusionMatrix, multiclassMetric } from './confusion.js';
export type { MulticlassConfusion, MulticlassConfusionOptions } from './confusion.js';
export { averageMetric, averagedPartials, sumCells } from './average.js';
export type { Average } from './average.js';
export type { MulticlassAmplifier } from './amplifiers.js';
export type { Matrix, MulticlassOutput } from './batch.js';

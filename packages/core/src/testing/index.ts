/**
 * `@anyloss/core/testing` — the conformance suites every AnyLoss adapter runs against itself: one per contract.
 *
 * - {@link describeConformance} (binary): a fixed set of cases (every built-in metric; balanced, imbalanced,
 *   weighted, single-class and saturated batches; probabilities and logits; several amplification scales);
 * - {@link describeMulticlassConformance} (multi-class and multi-label): both amplifiers, softmax and sigmoid
 *   outputs, every average, weighted samples, absent classes, labels as rows and as class indices.
 *
 * Each computes core's float64 reference for every case and checks an adapter's loss and gradient against it.
 * Neither depends on a test runner: pass your runner's `describe` and `it`.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeConformance } from '@anyloss/core/testing';
 * describeConformance({ describe, it }, {
 *   name: 'my adapter',
 *   lossAndGradient: (c) => myAdapterLoss(c.metric, c),
 * }, { tolerance: { relative: 1e-3, absolute: 1e-6 } });
 * ```
 * @packageDocumentation
 */
export {
  compareWithReference,
  conformanceCases,
  describeConformance,
  referenceResult,
  type ConformanceCase,
  type ConformanceResult,
  type ConformanceSubject,
  type TestApi,
  type Tolerance,
} from './conformance.js';
export {
  describeMulticlassConformance,
  multiclassConformanceCase,
  multiclassConformanceCases,
  multiclassReferenceResult,
  type MulticlassCaseSpec,
  type MulticlassConformanceCase,
  type MulticlassConformanceSubject,
} from './multiclass.js';

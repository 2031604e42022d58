import { anyLoss, type LossAndGradient } from '../any-loss.js';
import type { Metric } from '../metric.js';
import { metrics } from '../metrics/index.js';
import { seededRandom } from '../seeded-random.js';
import type { PredictionKind } from '../soft-confusion-matrix.js';

/** One shared input: a metric, a batch and the loss settings. */
export interface ConformanceCase {
  /** A readable, unique name, e.g. `"f1 · imbalanced · L=20 · probabilities"`. */
  readonly name: string;
  readonly metric: Metric;
  readonly yTrue: readonly number[];
  /** Probabilities, or logits when `from` is `'logits'`. */
  readonly yPred: readonly number[];
  /** Per-sample weights, present only in the weighted cases. */
  readonly sampleWeight: readonly number[] | undefined;
  readonly amplification: number;
  readonly from: PredictionKind;
}

/** What an adapter returns for a case: the loss and ∂loss/∂yPred. */
export interface ConformanceResult {
  readonly loss: number;
  readonly gradient: ArrayLike<number>;
}

/** The implementation under test. */
export interface ConformanceSubject {
  /** Shown in the suite's title. */
  readonly name: string;
  /** Computes the loss and gradient of a case with the adapter (sync or async). */
  lossAndGradient(testCase: ConformanceCase): ConformanceResult | Promise<ConformanceResult>;
  /** Return false to skip a case the adapter cannot express (e.g. logits); default: all cases run. */
  supports?(testCase: ConformanceCase): boolean;
}

/** Allowed error: |actual − expected| ≤ absolute + relative·scale. */
export interface Tolerance {
  /** Relative to |expected loss| for the loss, to max |expected gradient| for the gradient. Default 1e-9. */
  readonly relative: number;
  /** Absolute floor. Default 1e-12. */
  readonly absolute: number;
}

/** The subset of a test runner's API the suite needs (vitest, jest, mocha and node:test all fit). */
export interface TestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => unknown): unknown;
}

interface Batch {
  readonly name: string;
  readonly yTrue: number[];
  readonly yPred: number[];
  readonly sampleWeight?: number[];
  readonly from: PredictionKind;
}

function makeBatches(): Batch[] {
  const batch = (name: string, seed: number, n: number, positiveShare: number, from: PredictionKind, weighted = false): Batch => {
    const next = seededRandom(seed);
    const yTrue: number[] = [];
    const yPred: number[] = [];
    const sampleWeight: number[] = [];
    for (let i = 0; i < n; i++) {
      const label = next() < positiveShare ? 1 : 0;
      yTrue.push(label);
      // Informative but noisy scores: positives lean high, negatives low.
      const score = (label === 1 ? 0.8 : -0.8) + 1.6 * (next() - 0.5) * 2;
      yPred.push(from === 'logits' ? 3 * score : 1 / (1 + Math.exp(-2 * score)));
      sampleWeight.push(0.25 + 2 * next());
    }
    return weighted ? { name, yTrue, yPred, sampleWeight, from } : { name, yTrue, yPred, from };
  };
  return [
    batch('balanced', 11, 32, 0.5, 'probabilities'),
    batch('imbalanced', 12, 64, 0.12, 'probabilities'),
    batch('weighted', 13, 48, 0.3, 'probabilities', true),
    batch('logits', 14, 40, 0.35, 'logits'),
    batch('weighted logits', 15, 40, 0.25, 'logits', true),
    { name: 'saturated', yTrue: [1, 1, 1, 0, 0, 0, 1, 0], yPred: [0, 1, 0.999, 0, 1, 0.001, 0.5, 0.5], from: 'probabilities' },
    { name: 'extreme logits', yTrue: [1, 0, 1, 0, 1, 0], yPred: [-40, 40, 25, -25, 0, 0.25], from: 'logits' },
    { name: 'negatives only', yTrue: [0, 0, 0, 0, 0, 0], yPred: [0.1, 0.7, 0.3, 0.45, 0.9, 0.05], from: 'probabilities' },
    { name: 'positives only', yTrue: [1, 1, 1, 1, 1], yPred: [0.6, 0.2, 0.95, 0.5, 0.35], from: 'probabilities' },
  ];
}

const AMPLIFICATIONS = [73, 20, 5] as const;

/**
 * The shared cases: every metric in `metricsToTest` (all built-ins unless given) on every batch, cycling L
 * through 73, 20 and 5 so that each metric sees each amplification scale.
 */
export function conformanceCases(metricsToTest: readonly Metric[] = Object.values(metrics)): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const batches = makeBatches();
  metricsToTest.forEach((metric, metricIndex) => {
    batches.forEach((batch, batchIndex) => {
      const amplification = AMPLIFICATIONS[(metricIndex + batchIndex) % AMPLIFICATIONS.length] as number;
      cases.push({
        name: `${metric.name} · ${batch.name} · L=${amplification} · ${batch.from}`,
        metric,
        yTrue: batch.yTrue,
        yPred: batch.yPred,
        sampleWeight: batch.sampleWeight,
        amplification,
        from: batch.from,
      });
    });
  });
  return cases;
}

/** Core's float64 reference result for a case. */
export function referenceResult(testCase: ConformanceCase): LossAndGradient {
  const loss = anyLoss(testCase.metric, { amplification: testCase.amplification, from: testCase.from });
  return loss.lossAndGradient(
    testCase.yTrue,
    testCase.yPred,
    testCase.sampleWeight === undefined ? undefined : { sampleWeight: testCase.sampleWeight },
  );
}

/**
 * Compares an adapter's result with the reference. Returns undefined when they agree within `tolerance`,
 * otherwise a description of the first disagreement (loss, length, or the worst gradient element).
 */
export function compareWithReference(
  actual: ConformanceResult,
  expected: ConformanceResult,
  tolerance: Tolerance = { relative: 1e-9, absolute: 1e-12 },
): string | undefined {
  const lossError = Math.abs(actual.loss - expected.loss);
  if (!(lossError <= tolerance.absolute + tolerance.relative * Math.abs(expected.loss))) {
    return `loss ${actual.loss} differs from the reference ${expected.loss} by ${lossError}`;
  }
  if (actual.gradient.length !== expected.gradient.length) {
    return `gradient has length ${actual.gradient.length}, the reference ${expected.gradient.length}`;
  }
  let scale = 0;
  for (let i = 0; i < expected.gradient.length; i++) scale = Math.max(scale, Math.abs(expected.gradient[i] as number));
  const allowed = tolerance.absolute + tolerance.relative * scale;
  let worst = -1;
  let worstError = 0;
  for (let i = 0; i < expected.gradient.length; i++) {
    const error = Math.abs((actual.gradient[i] as number) - (expected.gradient[i] as number));
    if (!(error <= worstError) || Number.isNaN(error)) {
      worst = i;
      worstError = Number.isNaN(error) ? Infinity : error;
    }
  }
  if (worst >= 0 && !(worstError <= allowed)) {
    return (
      `gradient[${worst}] = ${actual.gradient[worst]} differs from the reference ${expected.gradient[worst]} ` +
      `by ${worstError} (allowed ${allowed})`
    );
  }
  return undefined;
}

/**
 * Registers the conformance suite with a test runner: one test per case, each comparing the subject's loss
 * and gradient with core's float64 reference.
 *
 * @param api - the runner's `describe` and `it`.
 * @param subject - the adapter under test.
 * @param options - `tolerance` (default 1e-9 relative, 1e-12 absolute; float32 adapters need about 1e-3)
 *   and `cases` (default {@link conformanceCases}()).
 */
export function describeConformance(
  api: TestApi,
  subject: ConformanceSubject,
  options: { readonly tolerance?: Tolerance; readonly cases?: readonly ConformanceCase[] } = {},
): void {
  const cases = options.cases ?? conformanceCases();
  api.describe(`AnyLoss conformance: ${subject.name}`, () => {
    for (const testCase of cases) {
      if (subject.supports !== undefined && !subject.supports(testCase)) continue;
      api.it(testCase.name, async () => {
        const actual = await subject.lossAndGradient(testCase);
        const mismatch = compareWithReference(actual, referenceResult(testCase), options.tolerance);
        if (mismatch !== undefined) throw new Error(`${subject.name} · ${testCase.name}: ${mismatch}`);
      });
    }
  });
}

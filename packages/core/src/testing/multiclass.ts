import type { Metric } from '../metric.js';
import { metrics } from '../metrics/index.js';
import type { MulticlassAmplifier } from '../multiclass/amplifiers.js';
import type { Average } from '../multiclass/average.js';
import type { MulticlassOutput } from '../multiclass/batch.js';
import { multiclassAnyLoss, type MulticlassLossAndGradient } from '../multiclass/multiclass-loss.js';
import { seededRandom } from '../seeded-random.js';
import type { PredictionKind } from '../soft-confusion-matrix.js';
import { compareWithReference, type ConformanceResult, type TestApi, type Tolerance } from './conformance.js';

/** One shared multi-class or multi-label input: labels, predictions and the loss settings. */
export interface MulticlassConformanceCase {
  /** A readable, unique name, e.g. `"softmax · softmax · probabilities · macro · f1 · labels as rows"`. */
  readonly name: string;
  readonly metric: Metric;
  readonly average: Average;
  readonly output: MulticlassOutput;
  readonly amplifier: MulticlassAmplifier;
  /** L, or undefined for core's default for the amplifier. */
  readonly amplification: number | undefined;
  readonly from: PredictionKind;
  /** K. */
  readonly classes: number;
  /** How `yTrue` holds the labels: one-hot / multi-hot `'rows'`, or class `'indices'` (softmax outputs only). */
  readonly labels: 'rows' | 'indices';
  /** `n` rows of K labels, or `n` class indices. */
  readonly yTrue: readonly (readonly number[])[] | readonly number[];
  /** `n` rows of K predictions (probabilities or logits), each exactly representable in float32. */
  readonly yPred: readonly (readonly number[])[];
  /** One weight per sample (float32-exact), in the weighted cases. */
  readonly sampleWeight: readonly number[] | undefined;
}

/** What {@link multiclassConformanceCase} builds a case from. */
export interface MulticlassCaseSpec {
  readonly metric: Metric;
  readonly average: Average;
  readonly output: MulticlassOutput;
  readonly amplifier: MulticlassAmplifier;
  readonly amplification?: number;
  readonly from: PredictionKind;
  readonly weighted?: boolean;
  /** A class that no sample of the batch has (the zero-division policy). */
  readonly absent?: number;
  /** `'rows'` (default) or `'indices'` (softmax outputs). */
  readonly labels?: 'rows' | 'indices';
  readonly seed: number;
}

/**
 * A seeded, imbalanced batch of 48 samples and 4 classes (class shares ≈ 50/25/15/10 %) with informative, noisy
 * predictions, rounded to float32 so that float32 adapters see exactly the numbers of the float64 reference.
 */
export function multiclassConformanceCase(spec: MulticlassCaseSpec): MulticlassConformanceCase {
  const n = 48;
  const k = 4;
  const next = seededRandom(spec.seed);
  const shares = [0.5, 0.25, 0.15, 0.1];
  const rows: number[][] = [];
  const indices: number[] = [];
  const yPred: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(k).fill(0);
    if (spec.output === 'softmax') {
      let u = next();
      let label = 0;
      while (label < k - 1 && u >= (shares[label] ?? 0)) u -= shares[label++] ?? 0;
      if (label === spec.absent) label = (label + 1) % k;
      row[label] = 1;
      indices.push(label);
    } else {
      for (let j = 0; j < k; j++) row[j] = j !== spec.absent && next() < (shares[j] ?? 0) + 0.1 ? 1 : 0;
    }
    rows.push(row);
    // informative noisy scores
    const scores = row.map((label) => 1.6 * label + 1.8 * (next() - 0.5));
    let prediction: number[];
    if (spec.from === 'logits') prediction = scores.map((z) => Math.fround(2 * z));
    else if (spec.output === 'sigmoid') prediction = scores.map((z) => Math.fround(1 / (1 + Math.exp(-2 * z))));
    else {
      const largest = Math.max(...scores);
      const e = scores.map((z) => Math.exp(2 * (z - largest)));
      const total = e.reduce((a, b) => a + b, 0);
      prediction = e.map((v) => Math.fround(v / total));
    }
    yPred.push(prediction);
  }
  const sampleWeight = spec.weighted ? Array.from({ length: n }, () => Math.fround(0.2 + 2 * next())) : undefined;
  const labels = spec.labels ?? 'rows';
  const name = [
    spec.output,
    spec.amplifier,
    spec.from,
    spec.average,
    spec.metric.name,
    ...(spec.amplification === undefined ? [] : [`L=${spec.amplification}`]),
    ...(spec.weighted ? ['weighted samples'] : []),
    ...(spec.absent === undefined ? [] : [`class ${spec.absent} absent`]),
    `labels as ${labels}`,
  ].join(' · ');
  return {
    name,
    metric: spec.metric,
    average: spec.average,
    output: spec.output,
    amplifier: spec.amplifier,
    amplification: spec.amplification,
    from: spec.from,
    classes: k,
    labels,
    yTrue: labels === 'indices' ? indices : rows,
    yPred,
    sampleWeight,
  };
}

/** The specs of the shared cases: both amplifiers, softmax and sigmoid outputs, probabilities and logits, every average, absent classes. */
const SPECS: readonly MulticlassCaseSpec[] = [
  { metric: metrics.f1, average: 'macro', output: 'softmax', amplifier: 'softmax', from: 'probabilities', seed: 1 },
  { metric: metrics.f1, average: 'macro', output: 'softmax', amplifier: 'softmax', from: 'probabilities', absent: 2, seed: 2 },
  {
    metric: metrics.balancedAccuracy,
    average: 'weighted',
    output: 'softmax',
    amplifier: 'softmax',
    from: 'logits',
    weighted: true,
    seed: 3,
  },
  { metric: metrics.mcc, average: 'micro', output: 'softmax', amplifier: 'softmax', from: 'logits', amplification: 4, seed: 4 },
  { metric: metrics.f1, average: 'macro', output: 'softmax', amplifier: 'one-vs-rest', from: 'probabilities', amplification: 20, seed: 5 },
  {
    metric: metrics.jaccard,
    average: 'weighted',
    output: 'softmax',
    amplifier: 'one-vs-rest',
    from: 'logits',
    amplification: 10,
    absent: 3,
    seed: 6,
  },
  { metric: metrics.f1, average: 'micro', output: 'softmax', amplifier: 'one-vs-rest', from: 'probabilities', weighted: true, seed: 7 },
  { metric: metrics.f1, average: 'macro', output: 'sigmoid', amplifier: 'one-vs-rest', from: 'probabilities', amplification: 10, seed: 8 },
  {
    metric: metrics.balancedAccuracy,
    average: 'macro',
    output: 'sigmoid',
    amplifier: 'one-vs-rest',
    from: 'logits',
    amplification: 10,
    absent: 1,
    seed: 9,
  },
  {
    metric: metrics.mcc,
    average: 'weighted',
    output: 'sigmoid',
    amplifier: 'one-vs-rest',
    from: 'logits',
    weighted: true,
    amplification: 5,
    seed: 10,
  },
  { metric: metrics.f1, average: 'micro', output: 'sigmoid', amplifier: 'one-vs-rest', from: 'probabilities', seed: 11 },
  {
    metric: metrics.geometricMean,
    average: 'weighted',
    output: 'sigmoid',
    amplifier: 'one-vs-rest',
    from: 'probabilities',
    weighted: true,
    amplification: 20,
    seed: 12,
  },
  {
    metric: metrics.cohenKappa,
    average: 'micro',
    output: 'softmax',
    amplifier: 'softmax',
    from: 'probabilities',
    weighted: true,
    absent: 0,
    seed: 13,
  },
];

/**
 * The shared multi-class and multi-label cases: thirteen batches (both amplifiers, softmax and sigmoid outputs,
 * probabilities and logits, every average, weighted samples, absent classes), the softmax ones with labels as rows
 * and again as class indices.
 */
export function multiclassConformanceCases(): MulticlassConformanceCase[] {
  return SPECS.flatMap((spec) =>
    (spec.output === 'softmax' ? (['rows', 'indices'] as const) : (['rows'] as const)).map((labels) =>
      multiclassConformanceCase({ ...spec, labels }),
    ),
  );
}

/** Core's float64 reference for a case: `multiclassAnyLoss` with the case's settings; the gradient flat n×K. */
export function multiclassReferenceResult(testCase: MulticlassConformanceCase): MulticlassLossAndGradient {
  const loss = multiclassAnyLoss(testCase.metric, {
    average: testCase.average,
    output: testCase.output,
    amplifier: testCase.amplifier,
    from: testCase.from,
    ...(testCase.amplification === undefined ? {} : { amplification: testCase.amplification }),
  });
  return loss.lossAndGradient(
    testCase.yTrue,
    testCase.yPred,
    testCase.sampleWeight === undefined ? undefined : { sampleWeight: testCase.sampleWeight },
  );
}

/** The multi-class implementation under test. */
export interface MulticlassConformanceSubject {
  /** Shown in the suite's title. */
  readonly name: string;
  /** Computes the loss and the flat n×K gradient ∂loss/∂yPred of a case with the adapter (sync or async). */
  lossAndGradient(testCase: MulticlassConformanceCase): ConformanceResult | Promise<ConformanceResult>;
  /** Return false to skip a case the adapter cannot express (e.g. logits, or labels as indices); default: all run. */
  supports?(testCase: MulticlassConformanceCase): boolean;
}

/**
 * Registers the multi-class conformance suite with a test runner: one test per case, each comparing the subject's
 * loss and flat gradient with core's float64 `multiclassAnyLoss` (as {@link describeConformance} does for binary).
 *
 * @param api - the runner's `describe` and `it`.
 * @param subject - the adapter under test.
 * @param options - `tolerance` (default 1e-9 relative, 1e-12 absolute; float32 adapters need about 1e-3)
 *   and `cases` (default {@link multiclassConformanceCases}()).
 */
export function describeMulticlassConformance(
  api: TestApi,
  subject: MulticlassConformanceSubject,
  options: { readonly tolerance?: Tolerance; readonly cases?: readonly MulticlassConformanceCase[] } = {},
): void {
  const cases = options.cases ?? multiclassConformanceCases();
  api.describe(`AnyLoss multi-class conformance: ${subject.name}`, () => {
    for (const testCase of cases) {
      if (subject.supports !== undefined && !subject.supports(testCase)) continue;
      api.it(testCase.name, async () => {
        const actual = await subject.lossAndGradient(testCase);
        const mismatch = compareWithReference(actual, multiclassReferenceResult(testCase), options.tolerance);
        if (mismatch !== undefined) throw new Error(`${subject.name} · ${testCase.name}: ${mismatch}`);
      });
    }
  });
}

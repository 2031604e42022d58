// Test support (not part of the package): shared multi-class cases, run through the adapter on the active
// backend and through core's multiclassAnyLoss (the float64 reference).
import { metrics, type Metric } from '@anyloss/core';
import { seededRandom } from '@anyloss/core';
import { multiclassAnyLoss, type Average, type MulticlassAmplifier, type MulticlassOutput } from '@anyloss/core/multiclass';
import * as tf from '@tensorflow/tfjs-core';
import { createLoss } from '../loss.js';

/** One shared case: labels, predictions (float32-exact values) and settings. */
export interface MulticlassCase {
  readonly name: string;
  readonly metric: Metric;
  readonly average: Average;
  readonly output: MulticlassOutput;
  readonly amplifier: MulticlassAmplifier;
  readonly amplification: number | undefined;
  readonly from: 'probabilities' | 'logits';
  readonly classes: number;
  /** One-hot / multi-hot rows. */
  readonly yTrue: number[][];
  /** Class indices (softmax cases), the same labels as `yTrue`. */
  readonly indices: number[] | undefined;
  readonly yPred: number[][];
  readonly sampleWeight: number[] | undefined;
}

interface CaseSpec {
  readonly metric: Metric;
  readonly average: Average;
  readonly output: MulticlassOutput;
  readonly amplifier: MulticlassAmplifier;
  readonly amplification?: number;
  readonly from: 'probabilities' | 'logits';
  readonly weighted?: boolean;
  /** A class that no sample of the batch has (the zero-division policy). */
  readonly absent?: number;
  readonly seed: number;
}

/** Builds a seeded, imbalanced batch of 48 samples and 4 classes (class shares ≈ 50/25/15/10 %). */
export function makeCase(spec: CaseSpec): MulticlassCase {
  const n = 48;
  const k = 4;
  const next = seededRandom(spec.seed);
  const shares = [0.5, 0.25, 0.15, 0.1];
  const yTrue: number[][] = [];
  const indices: number[] = [];
  const yPred: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(k).fill(0);
    if (spec.output === 'softmax') {
      let u = next();
      let label = 0;
      while (label < k - 1 && u >= (shares[label] as number)) u -= shares[label++] as number;
      if (label === spec.absent) label = (label + 1) % k;
      row[label] = 1;
      indices.push(label);
    } else {
      for (let j = 0; j < k; j++) row[j] = j !== spec.absent && next() < (shares[j] as number) + 0.1 ? 1 : 0;
    }
    yTrue.push(row);
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
  const name = [
    spec.output,
    spec.amplifier,
    spec.from,
    spec.average,
    spec.metric.name,
    ...(spec.amplification === undefined ? [] : [`L=${spec.amplification}`]),
    ...(spec.weighted ? ['weighted samples'] : []),
    ...(spec.absent === undefined ? [] : [`class ${spec.absent} absent`]),
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
    yTrue,
    indices: spec.output === 'softmax' ? indices : undefined,
    yPred,
    sampleWeight,
  };
}

/** The shared cases: both amplifiers, softmax and sigmoid outputs, probabilities and logits, every average, an absent class. */
export function multiclassCases(): MulticlassCase[] {
  return [
    makeCase({ metric: metrics.f1, average: 'macro', output: 'softmax', amplifier: 'softmax', from: 'probabilities', seed: 1 }),
    makeCase({ metric: metrics.f1, average: 'macro', output: 'softmax', amplifier: 'softmax', from: 'probabilities', absent: 2, seed: 2 }),
    makeCase({ metric: metrics.balancedAccuracy, average: 'weighted', output: 'softmax', amplifier: 'softmax', from: 'logits', weighted: true, seed: 3 }),
    makeCase({ metric: metrics.mcc, average: 'micro', output: 'softmax', amplifier: 'softmax', from: 'logits', amplification: 4, seed: 4 }),
    makeCase({ metric: metrics.f1, average: 'macro', output: 'softmax', amplifier: 'one-vs-rest', from: 'probabilities', amplification: 20, seed: 5 }),
    makeCase({ metric: metrics.jaccard, average: 'weighted', output: 'softmax', amplifier: 'one-vs-rest', from: 'logits', amplification: 10, absent: 3, seed: 6 }),
    makeCase({ metric: metrics.f1, average: 'micro', output: 'softmax', amplifier: 'one-vs-rest', from: 'probabilities', weighted: true, seed: 7 }),
    makeCase({ metric: metrics.f1, average: 'macro', output: 'sigmoid', amplifier: 'one-vs-rest', from: 'probabilities', amplification: 10, seed: 8 }),
    makeCase({ metric: metrics.balancedAccuracy, average: 'macro', output: 'sigmoid', amplifier: 'one-vs-rest', from: 'logits', amplification: 10, absent: 1, seed: 9 }),
    makeCase({ metric: metrics.mcc, average: 'weighted', output: 'sigmoid', amplifier: 'one-vs-rest', from: 'logits', weighted: true, amplification: 5, seed: 10 }),
    makeCase({ metric: metrics.f1, average: 'micro', output: 'sigmoid', amplifier: 'one-vs-rest', from: 'probabilities', seed: 11 }),
  ];
}

/** Core's float64 loss and flat gradient for a case. */
export function coreResult(testCase: MulticlassCase): { loss: number; gradient: Float64Array } {
  const loss = multiclassAnyLoss(testCase.metric, {
    average: testCase.average,
    output: testCase.output,
    amplifier: testCase.amplifier,
    from: testCase.from,
    ...(testCase.amplification === undefined ? {} : { amplification: testCase.amplification }),
  });
  const { loss: value, gradient } = loss.lossAndGradient(
    testCase.yTrue,
    testCase.yPred,
    testCase.sampleWeight === undefined ? undefined : { sampleWeight: testCase.sampleWeight },
  );
  return { loss: value, gradient };
}

/** The adapter's loss and flat ∂loss/∂yPred via tf.valueAndGrad on the active backend; labels as rows or indices. */
export function adapterResult(testCase: MulticlassCase, labels: 'rows' | 'indices' = 'rows'): { loss: number; gradient: Float32Array } {
  const { classes: k } = testCase;
  const n = testCase.yPred.length;
  const loss = createLoss(testCase.metric, {
    average: testCase.average,
    output: testCase.output,
    amplifier: testCase.amplifier,
    from: testCase.from,
    validateLabels: true,
    ...(testCase.amplification === undefined ? {} : { amplification: testCase.amplification }),
  });
  const yTrue =
    labels === 'indices' ? tf.tensor1d(testCase.indices ?? [], 'int32') : tf.tensor2d(testCase.yTrue.flat(), [n, k], 'float32');
  const yPred = tf.tensor2d(testCase.yPred.flat(), [n, k], 'float32');
  const weight = testCase.sampleWeight === undefined ? undefined : tf.tensor1d(testCase.sampleWeight, 'float32');
  try {
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => loss(yTrue, p, weight))(yPred);
    const result = { loss: value.dataSync()[0] as number, gradient: grad.dataSync() as Float32Array };
    tf.dispose([value, grad]);
    return result;
  } finally {
    tf.dispose([yTrue, yPred, ...(weight === undefined ? [] : [weight])]);
  }
}

/** max |a − b| over max |b| (relative to the largest reference gradient). */
export function relativeGradientError(actual: ArrayLike<number>, expected: ArrayLike<number>): { error: number; scale: number } {
  let error = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    error = Math.max(error, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return { error, scale };
}

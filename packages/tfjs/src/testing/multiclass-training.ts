// Test support (not part of the package): a seeded, stratified multi-class split of a real dataset, a seeded
// softmax MLP, and deterministic training with a given loss, scored by core's hard macro-F1.
import { loadDataset } from '@anyloss/datasets';
import { metrics } from '@anyloss/core';
import { multiclassMetric } from '@anyloss/core/multiclass';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@anyloss/core';

/** Train and test parts: standardised features (training statistics only) and class indices. */
export interface MulticlassSplit {
  readonly features: number;
  readonly classes: number;
  readonly train: { readonly x: Float32Array; readonly y: Int32Array; readonly n: number };
  readonly test: { readonly x: Float32Array; readonly y: Int32Array; readonly n: number };
}

function shuffled<T>(values: readonly T[], seed: number): T[] {
  const next = seededRandom(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Stratified split (`testShare` of every class), rows of the training part in seeded random order. */
export function loadMulticlassSplit(name: string, { seed = 1, testShare = 0.3 } = {}): MulticlassSplit {
  const data = loadDataset(name);
  const classes = data.info.classCounts.length;
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  data.labels.forEach((label, i) => byClass[label]?.push(i));
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((indices, label) => {
    const order = shuffled(indices, seed * 7919 + label);
    const cut = Math.round(order.length * testShare);
    test.push(...order.slice(0, cut));
    train.push(...order.slice(cut));
  });
  const trainOrder = shuffled(train, seed * 104729 + 3);
  const d = data.info.features;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  const row = (i: number): Float64Array => data.features[i] as Float64Array;
  for (const i of trainOrder) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row(i)[j] as number) / trainOrder.length;
  for (const i of trainOrder) for (let j = 0; j < d; j++) std[j] = (std[j] as number) + ((row(i)[j] as number) - (mean[j] as number)) ** 2 / trainOrder.length;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] as number) || 1;
  const matrix = (rows: number[]): Float32Array => {
    const out = new Float32Array(rows.length * d);
    rows.forEach((i, r) => {
      for (let j = 0; j < d; j++) out[r * d + j] = ((row(i)[j] as number) - (mean[j] as number)) / (std[j] as number);
    });
    return out;
  };
  const labels = (rows: number[]): Int32Array => Int32Array.from(rows, (i) => data.labels[i] as number);
  return {
    features: d,
    classes,
    train: { x: matrix(trainOrder), y: labels(trainOrder), n: trainOrder.length },
    test: { x: matrix(test), y: labels(test), n: test.length },
  };
}

/** Trains a fresh seeded MLP (Dense(hidden, relu) → Dense(K, softmax)) and returns its test macro-F1 and accuracy. */
export async function trainAndTestMulticlass(
  split: MulticlassSplit,
  loss: string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar),
  { seed = 1, epochs = 100, batchSize = 32, learningRate = 1e-2, hidden = 16 } = {},
): Promise<{ macroF1: number; accuracy: number }> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [split.features], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: split.classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(learningRate), loss });
  const x = tf.tensor2d(split.train.x, [split.train.n, split.features]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(split.train.y, 'int32'), split.classes).toFloat());
  const xTest = tf.tensor2d(split.test.x, [split.test.n, split.features]);
  try {
    await model.fit(x, y, { epochs, batchSize, shuffle: false, verbose: 0 });
    const prediction = model.predict(xTest) as tf.Tensor;
    const scores = await prediction.data();
    prediction.dispose();
    const options = { classes: split.classes, average: 'macro' } as const;
    return {
      macroF1: multiclassMetric(metrics.f1, split.test.y, scores, options),
      // micro-F1 of a softmax (one class per sample) is the accuracy
      accuracy: multiclassMetric(metrics.f1, split.test.y, scores, { ...options, average: 'micro' }),
    };
  } finally {
    tf.dispose([x, y, xTest]);
    model.dispose();
  }
}

// The real-data protocol of @anyloss/tfjs's sweeps and evidence test: a seeded, stratified 70/30 hold-out of a
// repository dataset (standardised with training statistics only), a seeded MLP Dense(hidden) → Dense(1, sigmoid)
// and deterministic training (fixed row order, shuffle off), scored by core's hard metrics at 0.5.
import { confusionMatrix, metrics, type ConfusionCells } from '@anyloss/core';
import {
  fitStandardizer,
  listDatasets,
  loadDataset,
  standardizeRows,
  stratifiedHoldoutPerClass,
  type BinaryDatasetInfo,
} from '@anyloss/datasets';
import * as tf from '@tensorflow/tfjs';

/** One part of a split: standardised features (row-major, `n × features`, float32) and 0/1 labels. */
export interface SplitPart {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
}

/** A dataset split for training and testing. */
export interface BinarySplit {
  readonly name: string;
  readonly features: number;
  readonly positiveShare: number;
  readonly train: SplitPart;
  readonly test: SplitPart;
}

/** Hard test metrics at threshold 0.5. */
export interface TestResult {
  readonly f1: number;
  readonly mcc: number;
  readonly balancedAccuracy: number;
  readonly cells: ConfusionCells;
}

/** The hidden layer's activation. */
export type Activation = 'relu' | 'sigmoid';

/** Settings of {@link trainAndTest}. */
export interface TrainingOptions {
  readonly seed?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly hidden?: number;
  readonly activation?: Activation;
}

/** What `model.compile` takes as a loss: a tf loss name or a loss function such as `createLoss(...)`. */
export type Loss = string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar);

/** The binary datasets of the original collection with a positive share ≤ `maxShare`, most imbalanced first. */
export function imbalancedDatasets(maxShare = 0.3): BinaryDatasetInfo[] {
  return listDatasets({ task: 'binary' })
    .filter((d) => d.positiveShare <= maxShare)
    .sort((a, b) => a.positiveShare - b.positiveShare);
}

/**
 * Loads a dataset and splits it (`stratifiedHoldoutPerClass`: `testShare` of every class held out, seeded; training
 * rows in a seeded order, so `fit({ shuffle: false })` sees mixed batches), standardised with training statistics.
 */
export function loadSplit(name: string, { seed = 1, testShare = 0.3 }: { seed?: number; testShare?: number } = {}): BinarySplit {
  const data = loadDataset(name);
  const { train, test } = stratifiedHoldoutPerClass(data.labels, { testShare, seed });
  const standardizer = fitStandardizer(data.features, train);
  const part = (rows: Int32Array): SplitPart => ({
    x: Float32Array.from(standardizeRows(data.features, rows, standardizer)),
    y: Float32Array.from(rows, (i) => data.labels[i] as number),
    n: rows.length,
  });
  return { name, features: data.info.features, positiveShare: data.info.positiveShare ?? 0, train: part(train), test: part(test) };
}

/** Dense(hidden, activation) → Dense(1, sigmoid), Glorot-uniform kernels seeded `seed` and `seed + 1`. */
export function binaryMlp(
  inputs: number,
  { seed = 1, hidden = 8, activation = 'relu' }: { seed?: number; hidden?: number; activation?: Activation } = {},
): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation, inputShape: [inputs], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/**
 * Trains a fresh {@link binaryMlp} on `split.train` with `loss` (Adam, fixed row order, `shuffle: false`) and returns
 * its hard test metrics at 0.5. Deterministic for a backend.
 */
export async function trainAndTest(
  split: BinarySplit,
  loss: Loss,
  { seed = 1, epochs = 50, batchSize = 64, learningRate = 1e-2, hidden = 8, activation = 'relu' }: TrainingOptions = {},
): Promise<TestResult> {
  const model = binaryMlp(split.features, { seed, hidden, activation });
  model.compile({ optimizer: tf.train.adam(learningRate), loss });
  const x = tf.tensor2d(split.train.x, [split.train.n, split.features]);
  const y = tf.tensor2d(split.train.y, [split.train.n, 1]);
  const xTest = tf.tensor2d(split.test.x, [split.test.n, split.features]);
  try {
    await model.fit(x, y, { epochs, batchSize, shuffle: false, verbose: 0 });
    const prediction = model.predict(xTest) as tf.Tensor;
    const scores = await prediction.data();
    prediction.dispose();
    const cells = confusionMatrix(split.test.y, scores);
    return { f1: metrics.f1.value(cells), mcc: metrics.mcc.value(cells), balancedAccuracy: metrics.balancedAccuracy.value(cells), cells };
  } finally {
    tf.dispose([x, y, xTest]);
    model.dispose();
  }
}

/** Switches TensorFlow.js to `backend` (`cpu`, or `wasm`, registered here) and waits until it is ready. */
export async function useBackend(backend: 'cpu' | 'wasm'): Promise<string> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(backend);
  await tf.ready();
  return tf.getBackend();
}

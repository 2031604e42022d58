// Shared by the bench commands and the training test: real datasets from @anyloss/datasets, a seeded
// stratified split, standardisation with training statistics, a seeded MLP, and seeded training.
import { listDatasets, loadDataset } from '@anyloss/datasets';
import { confusionMatrix, metrics } from '@anyloss/core';
import { seededRandom } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';

/** Fisher–Yates with a seeded PRNG; returns a new array. */
export function shuffled(values, seed) {
  const next = seededRandom(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Binary datasets with positive share at most `maxShare`, sorted by share (most imbalanced first). */
export function imbalancedDatasets(maxShare = 0.3) {
  return listDatasets({ task: 'binary' })
    .filter((d) => d.positiveShare <= maxShare)
    .sort((a, b) => a.positiveShare - b.positiveShare);
}

/**
 * Loads a dataset and splits it, stratified, into train and test (`testShare` of each class, seeded), then
 * standardises every feature with the training mean and standard deviation. Rows of the training part are in a
 * seeded random order (classes interleaved), so `fit({ shuffle: false })` sees mixed batches.
 */
export function loadSplit(name, { seed = 1, testShare = 0.3 } = {}) {
  const data = loadDataset(name);
  const byClass = [[], []];
  data.labels.forEach((label, i) => byClass[label].push(i));
  const train = [];
  const test = [];
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
  for (const i of trainOrder) for (let j = 0; j < d; j++) mean[j] += data.features[i][j] / trainOrder.length;
  for (const i of trainOrder) for (let j = 0; j < d; j++) std[j] += (data.features[i][j] - mean[j]) ** 2 / trainOrder.length;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  const matrix = (rows) => {
    const out = new Float32Array(rows.length * d);
    rows.forEach((i, r) => {
      for (let j = 0; j < d; j++) out[r * d + j] = (data.features[i][j] - mean[j]) / std[j];
    });
    return out;
  };
  const labels = (rows) => Float32Array.from(rows, (i) => data.labels[i]);
  return {
    name,
    features: d,
    positiveShare: data.info.positiveShare,
    train: { x: matrix(trainOrder), y: labels(trainOrder), n: trainOrder.length },
    test: { x: matrix(test), y: labels(test), n: test.length },
  };
}

/** Dense(hidden, activation) → Dense(1, sigmoid), Glorot-uniform kernels with fixed seeds. */
export function mlp(inputs, { seed = 1, hidden = 8, activation = 'relu' } = {}) {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        units: hidden,
        activation,
        inputShape: [inputs],
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/**
 * Trains a fresh MLP on `split.train` with `loss` and returns its hard test metrics at threshold 0.5.
 * Deterministic: seeded initialisation, fixed row order, `shuffle: false`.
 */
export async function trainAndTest(split, loss, { seed = 1, epochs = 50, batchSize = 64, learningRate = 1e-2, hidden = 8, activation = 'relu' } = {}) {
  const model = mlp(split.features, { seed, hidden, activation });
  model.compile({ optimizer: tf.train.adam(learningRate), loss });
  const x = tf.tensor2d(split.train.x, [split.train.n, split.features]);
  const y = tf.tensor2d(split.train.y, [split.train.n, 1]);
  const xTest = tf.tensor2d(split.test.x, [split.test.n, split.features]);
  try {
    await model.fit(x, y, { epochs, batchSize, shuffle: false, verbose: 0 });
    const prediction = model.predict(xTest);
    const scores = await prediction.data();
    prediction.dispose();
    const cells = confusionMatrix(split.test.y, scores);
    return { f1: metrics.f1.value(cells), mcc: metrics.mcc.value(cells), balancedAccuracy: metrics.balancedAccuracy.value(cells), cells };
  } finally {
    tf.dispose([x, y, xTest]);
    model.dispose();
  }
}

export function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

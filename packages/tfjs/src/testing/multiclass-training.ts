// Test support (not part of the package): a seeded, stratified multi-class split of a real dataset, a seeded
// softmax MLP, and deterministic training with a given loss, scored by core's hard macro-F1.
import { fitStandardizer, loadDataset, standardizeRows, stratifiedHoldoutPerClass } from '@anyloss/datasets';
import { metrics } from '@anyloss/core';
import { multiclassMetric } from '@anyloss/core/multiclass';
import * as tf from '@tensorflow/tfjs';

/** Train and test parts: standardised features (training statistics only) and class indices. */
export interface MulticlassSplit {
  readonly features: number;
  readonly classes: number;
  readonly train: { readonly x: Float32Array; readonly y: Int32Array; readonly n: number };
  readonly test: { readonly x: Float32Array; readonly y: Int32Array; readonly n: number };
}

/**
 * The stratified hold-out of the tfjs real-data tests (`@anyloss/datasets`' `stratifiedHoldoutPerClass`: `testShare`
 * of every class, each class shuffled with its own seed, training rows in a seeded order), standardised with
 * training-split statistics only.
 */
export function loadMulticlassSplit(name: string, { seed = 1, testShare = 0.3 } = {}): MulticlassSplit {
  const data = loadDataset(name);
  const { train, test } = stratifiedHoldoutPerClass(data.labels, { testShare, seed });
  const standardizer = fitStandardizer(data.features, train);
  const part = (rows: Int32Array): { x: Float32Array; y: Int32Array; n: number } => ({
    x: Float32Array.from(standardizeRows(data.features, rows, standardizer)),
    y: Int32Array.from(rows, (i) => data.labels[i] as number),
    n: rows.length,
  });
  return { features: data.info.features, classes: data.info.classCounts.length, train: part(train), test: part(test) };
}

/** Trains a fresh seeded MLP (Dense(hidden, relu) → Dense(K, softmax)) and returns its test macro-F1 and accuracy. */
export async function trainAndTestMulticlass(
  split: MulticlassSplit,
  loss: string | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar),
  { seed = 1, epochs = 100, batchSize = 32, learningRate = 1e-2, hidden = 16 } = {},
): Promise<{ macroF1: number; accuracy: number }> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: hidden,
        activation: 'relu',
        inputShape: [split.features],
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({
        units: split.classes,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
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

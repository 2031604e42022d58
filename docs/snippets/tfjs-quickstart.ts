import * as tf from '@tensorflow/tfjs';
import { confusionMatrix, createLoss, createMetric, epochMetrics, metrics } from '@anyloss/tfjs';

// Toy imbalanced data: 2 features, the positive class (about 1 in 8) sits in one corner. The rows come from a
// fixed pseudo-random sequence (already in random order), the weights from seeded initialisers, and fit keeps the
// row order (shuffle: false below), so the example prints the same numbers every time.
let seed = 7;
const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const features: number[][] = [];
const labels: number[] = [];
for (let i = 0; i < 600; i++) {
  const point = [random() * 4 - 2, random() * 4 - 2] as const;
  features.push([...point]);
  labels.push(point[0] + point[1] + 0.5 * (random() - 0.5) > 2 ? 1 : 0);
}
const x = tf.tensor2d(features.slice(0, 400));
const y = tf.tensor2d(labels.slice(0, 400), [400, 1]);
const xValidation = tf.tensor2d(features.slice(400));
const yValidation = tf.tensor2d(labels.slice(400), [200, 1]);

const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ],
});
model.compile({
  optimizer: tf.train.adam(0.01),
  loss: createLoss(metrics.f1), // 1 − soft F1, at the adapter's default amplification (DEFAULT_TFJS_AMPLIFICATION)
  metrics: [createMetric(metrics.f1)], // hard F1 per batch, logged as "f1" (a batch mean: see the guide)
});

const history = await model.fit(x, y, {
  epochs: 20,
  batchSize: 64,
  shuffle: false, // tfjs shuffles with an unseeded Math.random otherwise
  verbose: 0,
  // Exact F1 and MCC of the whole validation set every epoch, logged as val_f1 and val_mcc.
  callbacks: [epochMetrics({ model, validationData: [xValidation, yValidation], metrics: [metrics.f1, metrics.mcc] })],
});

const validationF1 = history.history['val_f1'] as number[];
console.log(`epoch 1 val_f1 ${validationF1[0]?.toFixed(3)}, epoch 20 val_f1 ${validationF1.at(-1)?.toFixed(3)}`);

// Predict and evaluate with core's hard confusion matrix.
const probabilities = await (model.predict(xValidation) as tf.Tensor).data();
const cells = confusionMatrix(await yValidation.data(), probabilities);
console.log(cells);

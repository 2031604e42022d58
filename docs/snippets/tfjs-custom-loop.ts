import * as tf from '@tensorflow/tfjs';
import { confusionMatrix, createLoss, metrics } from '@anyloss/tfjs';

// A custom training loop: the loss takes an optional third argument, per-sample weights.
const loss = createLoss(metrics.mcc, { from: 'logits' }); // the model outputs logits (no sigmoid)
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' })] });
const optimizer = tf.train.sgd(0.5);

const x = tf.tensor2d([
  [1, 0],
  [0, 1],
  [1, 1],
  [0, 0],
  [2, 1],
  [0, 2],
]);
const y = tf.tensor2d([[1], [0], [1], [0], [1], [0]]);
const weights = tf.tensor1d([2, 1, 2, 1, 2, 1]); // count the positives twice

for (let step = 0; step < 50; step++) {
  optimizer.minimize(() => loss(y, model.predict(x) as tf.Tensor, weights));
}
const logits = tf.tidy(() => Array.from((model.predict(x) as tf.Tensor).dataSync()));
const labels = Array.from(y.dataSync());
console.log(metrics.mcc.value(confusionMatrix(labels, logits, { from: 'logits' }))); // prints: 1

import * as tf from '@tensorflow/tfjs';
import { createLoss, createMetric, loadModel, metrics, saveModel } from '@anyloss/tfjs';

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [3] })],
});
model.compile({
  optimizer: tf.train.adam(0.01),
  loss: createLoss(metrics.balancedAccuracy, { amplification: 30, classWeight: { 1: 2 } }),
  metrics: [createMetric(metrics.mcc)],
});
const x = tf.tensor2d([
  [0, 1, 2],
  [1, 0, 1],
  [2, 2, 0],
  [0, 0, 1],
]);
const y = tf.tensor2d([[1], [0], [1], [0]]);
await model.fit(x, y, { epochs: 2, verbose: 0 });

// saveModel stores the weights, the optimizer state (Adam's moments) and the training configuration (loss
// descriptor, metrics). In a browser save to 'indexeddb://my-model' or 'downloads://my-model'; in Node to
// 'file://...' with tfjs-node, or, as here, to any tf.io handler.
let saved: tf.io.ModelArtifacts | undefined;
await saveModel(
  model,
  tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }),
);
const artifacts = saved as tf.io.ModelArtifacts;

// Inference needs only TensorFlow.js: plain tf.loadLayersModel loads the same artifacts, uncompiled.
const deployed = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
const same =
  (deployed.predict(x) as tf.Tensor)
    .equal(model.predict(x) as tf.Tensor)
    .all()
    .dataSync()[0] === 1;
console.log('plain tfjs predicts the same:', same); // prints: plain tfjs predicts the same: true

// loadModel rebuilds the AnyLoss loss and metrics and compiles the model again, ready to continue fit().
const resumed = await loadModel<tf.LayersModel>(tf.io.fromMemory(artifacts), {
  loadLayersModel: tf.loadLayersModel,
});
const loss = resumed.loss as unknown as { metric: { name: string }; amplification: number };
console.log(loss.metric.name, loss.amplification, resumed.metricsNames.join(',')); // prints: balancedAccuracy 30 loss,mcc
await resumed.fit(x, y, { epochs: 1, verbose: 0 });

import * as tf from '@tensorflow/tfjs';
import { createLoss, createMetric, loadModel, metrics } from '@anyloss/tfjs';

const model = tf.sequential({
  layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [3] })],
});
model.compile({
  optimizer: tf.train.adam(0.01),
  loss: createLoss(metrics.balancedAccuracy, { amplification: 30, classWeight: { 1: 2 } }),
  metrics: [createMetric(metrics.mcc)],
});
const x = tf.tensor2d([[0, 1, 2], [1, 0, 1], [2, 2, 0], [0, 0, 1]]);
const y = tf.tensor2d([[1], [0], [1], [0]]);
await model.fit(x, y, { epochs: 2, verbose: 0 });

// Save WITH the optimizer: the training configuration (loss descriptor, metrics, Adam's moments) is stored.
// In a browser use 'indexeddb://my-model' or 'downloads://my-model'; in Node 'file://...' with tfjs-node.
let saved: tf.io.ModelArtifacts | undefined;
await model.save(
  tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }),
  { includeOptimizer: true },
);

// loadModel rebuilds the AnyLoss loss and metrics and compiles the model again, ready to continue fit().
const resumed = await loadModel<tf.LayersModel>(tf.io.fromMemory(saved as tf.io.ModelArtifacts), {
  loadLayersModel: tf.loadLayersModel,
});
const loss = resumed.loss as unknown as { metric: { name: string }; amplification: number };
console.log(loss.metric.name, loss.amplification, resumed.metricsNames.join(',')); // prints: balancedAccuracy 30 loss,mcc
await resumed.fit(x, y, { epochs: 1, verbose: 0 });

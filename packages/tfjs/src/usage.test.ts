import * as tf from '@tensorflow/tfjs';
import { it } from 'vitest';
import { createLoss, createMetric, epochMetrics, loadModel, metrics } from './index.js';

it('types fit the tfjs API without casts', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
  model.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1), metrics: [createMetric(metrics.f1), 'accuracy'] });
  const x = tf.zeros([4, 2]);
  const y = tf.tensor2d([[0], [1], [0], [1]]);
  await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [epochMetrics({ model, validationData: [x, y], metrics: [metrics.f1] })] });
  await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: epochMetrics({ model, validationData: [x, y], metrics: [metrics.f1] }) });
  const stop = tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max' });
  await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [stop, epochMetrics({ validationData: [x, y], metrics: [metrics.f1] })] });
  await model.fit(x, y, {
    epochs: 1,
    verbose: 0,
    callbacks: [epochMetrics({ validationData: [x, y], metrics: [metrics.f1] }), stop, new tf.CustomCallback({})],
  });
  const loaded: tf.LayersModel = await loadModel(tf.io.fromMemory({ modelTopology: model.toJSON(null, false) as object }), {
    loadLayersModel: tf.loadLayersModel,
  });
  loaded.dispose();
  model.dispose();
  tf.dispose([x, y]);
});

// Train a small MLP on F1 with TensorFlow.js, log exact epoch-level validation metrics and stop early on them,
// save the model with its optimizer state, load it for inference with plain TensorFlow.js, and load it back
// with loadModel to continue training.
//
//   pnpm --filter @anyloss/tfjs example        (builds the package, then runs this file)
//   node examples/train-f1.mjs                 (after `npx tsup` in packages/tfjs)
//
// `@anyloss/tfjs` resolves to this package's dist/ (a package can import itself by name through "exports").
import * as tf from '@tensorflow/tfjs';
import { fitStandardizer, loadDataset, standardizeRows, stratifiedHoldoutPerClass } from '@anyloss/datasets';
import { confusionMatrix, createLoss, createMetric, epochMetrics, loadModel, metrics, saveModel } from '@anyloss/tfjs';

// --- data: a real imbalanced dataset (blood transfusion, 23.8% positives), stratified 70/30 split -------------
// Seeded; the training rows come in a shuffled order (fit below reads them in order, shuffle: false), and the
// features are standardised with training statistics only.
const data = loadDataset('ddalpha-bloodtransfusion');
const { train, test } = stratifiedHoldoutPerClass(data.labels, { testShare: 0.3, seed: 1 });
const standardizer = fitStandardizer(data.features, train);
const d = data.info.features;
const tensors = (rows) => ({
  x: tf.tensor2d(Float32Array.from(standardizeRows(data.features, rows, standardizer)), [rows.length, d]),
  y: tf.tensor2d(
    Float32Array.from(rows, (i) => data.labels[i]),
    [rows.length, 1],
  ),
});
const trainSet = tensors(train);
const testSet = tensors(test);

// --- model: compile with an AnyLoss loss and a hard F1 metric -------------------------------------------------
const model = tf.sequential({
  layers: [
    tf.layers.dense({ units: 8, activation: 'relu', inputShape: [d], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  ],
});
model.compile({
  optimizer: tf.train.adam(1e-2),
  loss: createLoss(metrics.f1), // 1 − soft F1, amplification L = 5 by default
  metrics: [createMetric(metrics.f1)], // batch-level hard F1, logged as "f1"
});

const history = await model.fit(trainSet.x, trainSet.y, {
  epochs: 30,
  batchSize: 64,
  shuffle: false,
  verbose: 0,
  callbacks: [
    // exact F1 and MCC of the whole held-out set, every epoch → logs and history ("val_f1", "val_mcc")
    epochMetrics({ model, validationData: [testSet.x, testSet.y], metrics: [metrics.f1, metrics.mcc] }),
    // tfjs's own early stopping on the exact value (mode 'max': tfjs's 'auto' would minimise F1)
    tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max', patience: 5 }),
    // epochMetrics is a tf.Callback: plain-object callbacks share its list wrapped in tf.CustomCallback
    new tf.CustomCallback({
      onEpochEnd: (epoch, logs) => {
        if (epoch % 5 === 4) {
          console.log(
            `epoch ${epoch + 1}: loss ${logs.loss.toFixed(4)}  batch-mean f1 ${logs.f1.toFixed(3)}  exact val_f1 ${logs.val_f1.toFixed(3)}  val_mcc ${logs.val_mcc.toFixed(3)}`,
          );
        }
      },
    }),
  ],
});
console.log(`trained ${history.epoch.length} of 30 epochs, best exact val_f1: ${Math.max(...history.history.val_f1).toFixed(3)}`);

// --- save with the optimizer state; load for inference (plain tfjs) or to continue training (loadModel) --------
let saved;
await saveModel(
  model,
  tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }),
); // in a browser: saveModel(model, 'indexeddb://my-model')
console.log('saved loss:', JSON.stringify(saved.userDefinedMetadata['@anyloss/tfjs'].trainingConfig.loss));

const deployed = await tf.loadLayersModel(tf.io.fromMemory(saved)); // no @anyloss/tfjs needed here
console.log(`plain tf.loadLayersModel: ${deployed.predict(testSet.x).shape} predictions, compiled: ${deployed.optimizer !== undefined}`);

const resumed = await loadModel(tf.io.fromMemory(saved), { loadLayersModel: tf.loadLayersModel });
console.log(
  `loaded: loss ${resumed.loss.name} (L = ${resumed.loss.amplification}), optimizer ${resumed.optimizer.getClassName()}, metrics ${resumed.metricsNames.join(', ')}`,
);
await resumed.fit(trainSet.x, trainSet.y, { epochs: 5, batchSize: 64, shuffle: false, verbose: 0 });

const scores = await resumed.predict(testSet.x).data();
const cells = confusionMatrix(await testSet.y.data(), scores);
console.log(`after 5 more epochs: test F1 ${metrics.f1.value(cells).toFixed(3)}, MCC ${metrics.mcc.value(cells).toFixed(3)}`, cells);

// Browser side of docs/e2e/webgl.test.ts: @anyloss/tfjs's createLoss on tfjs's webgl backend. The test passes
// core's conformance cases in and compares the results with core's float64 reference in Node.
import * as tf from '@tensorflow/tfjs';
import { createLoss, metrics, confusionMatrix } from '@anyloss/tfjs';

/** The backend and what it offers: WebGL version and float32 render targets. */
async function backendInfo() {
  const ready = await tf.setBackend('webgl');
  await tf.ready();
  return {
    ready,
    backend: tf.getBackend(),
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
    renderer: (() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    })(),
  };
}

/** Loss and ∂loss/∂yPred of each case ({ metric, yTrue, yPred, sampleWeight, amplification, from }). */
function lossAndGradient(cases) {
  const before = tf.memory().numTensors;
  const results = cases.map((c) => {
    const n = c.yTrue.length;
    const loss = createLoss(metrics[c.metric], { amplification: c.amplification, from: c.from, validateLabels: true });
    return tf.tidy(() => {
      const yTrue = tf.tensor2d(c.yTrue, [n, 1]);
      const yPred = tf.tensor2d(c.yPred, [n, 1]);
      const weight = c.sampleWeight === null ? undefined : tf.tensor2d(c.sampleWeight, [n, 1]);
      const { value, grad } = tf.valueAndGrad((p) => loss(yTrue, p, weight))(yPred);
      return { loss: value.dataSync()[0], gradient: Array.from(grad.dataSync()) };
    });
  });
  return { results, leakedTensors: tf.memory().numTensors - before, backend: tf.getBackend() };
}

/**
 * Trains Dense(8, relu) → Dense(1, sigmoid) on a seeded toy problem with AnyLoss-F1 on `backend` and reports F1
 * before and after, the loss per epoch and the tensors left behind by training steps.
 */
async function trainSmallModel(backend) {
  await tf.setBackend(backend);
  await tf.ready();
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const features = [];
  const labels = [];
  for (let i = 0; i < 400; i++) {
    const point = [random() * 4 - 2, random() * 4 - 2];
    features.push(point);
    labels.push(point[0] + point[1] + 0.5 * (random() - 0.5) > 1.5 ? 1 : 0);
  }
  const x = tf.tensor2d(features);
  const y = tf.tensor2d(labels, [labels.length, 1]);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'relu', inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const f1 = () => {
    const probabilities = tf.tidy(() => model.predict(x).dataSync());
    return metrics.f1.value(confusionMatrix(labels, probabilities));
  };
  model.compile({ optimizer: tf.train.adam(0.02), loss: createLoss(metrics.f1) });
  const f1Before = f1();
  const options = { batchSize: 100, shuffle: false, verbose: 0 };
  // The first epoch creates Adam's moment tensors; from then on a step must leave the tensor count unchanged.
  const first = await model.fit(x, y, { ...options, epochs: 1 });
  const tensorsBefore = tf.memory().numTensors;
  const history = await model.fit(x, y, { ...options, epochs: 14 });
  const tensorsAfter = tf.memory().numTensors;
  const result = {
    backend: tf.getBackend(),
    positives: labels.filter((label) => label === 1).length,
    f1Before,
    f1After: f1(),
    losses: [...first.history.loss, ...history.history.loss].map(Number),
    leakedTensors: tensorsAfter - tensorsBefore,
  };
  model.dispose();
  tf.dispose([x, y]);
  return result;
}

window.anylossWebgl = { backendInfo, lossAndGradient, trainSmallModel };
document.getElementById('status').textContent = 'ready';

import { AnyLossError, confusionMatrix, metrics } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetric, epochMetrics } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function data(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, 3], 0, 1, 'float32', seed) as tf.Tensor2D;
    const noise = tf.randomNormal([n, 1], 0, 0.8, 'float32', seed + 1);
    const y = tf.cast(tf.greater(tf.add(tf.sum(x, 1, true), noise), 1.5), 'float32') as tf.Tensor2D;
    return { x, y };
  });
}

function model(seed = 1): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, activation: 'relu', inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

describe('createMetric', () => {
  it('is the hard metric of the batch at the threshold, named after the metric', () => {
    const yTrue = [1, 0, 1, 1, 0, 0, 1, 0];
    const yPred = [0.9, 0.6, 0.4, 0.51, 0.5, 0.1, 0.7, 0.2];
    for (const metric of [metrics.f1, metrics.mcc, metrics.balancedAccuracy]) {
      for (const threshold of [0.5, 0.3]) {
        const fn = createMetric(metric, { threshold });
        expect(fn.name).toBe(metric.name);
        const value = tf.tidy(() => fn(tf.tensor2d(yTrue, [8, 1]), tf.tensor2d(yPred, [8, 1])).dataSync()[0]);
        expect(value).toBeCloseTo(metric.value(confusionMatrix(yTrue, yPred, { threshold })), 6);
      }
    }
  });

  it('compares logits as σ(z) > threshold', () => {
    const yTrue = [1, 0, 1, 0];
    const logits = [2, 0.1, -0.3, -3];
    const fn = createMetric(metrics.f1, { from: 'logits', threshold: 0.45 });
    const value = tf.tidy(() => fn(tf.tensor1d(yTrue), tf.tensor1d(logits)).dataSync()[0]);
    expect(value).toBeCloseTo(metrics.f1.value(confusionMatrix(yTrue, logits, { from: 'logits', threshold: 0.45 })), 6);
  });

  it('rejects bad input', () => {
    expect(() => createMetric(metrics.f1, { threshold: 2 })).toThrow(AnyLossError);
    expect(() => createMetric(metrics.f1, { treshold: 0.5 } as never)).toThrow(/options\.treshold is an unknown option/);
    const fn = createMetric(metrics.f1);
    tf.tidy(() => {
      expect(() => fn(tf.tensor1d([1, 0, 3]), tf.tensor1d([0.2, 0.3, 0.9]))).toThrow(/yTrue\[2\] must be 0 or 1/);
      expect(() => fn(tf.tensor1d([1, 0]), tf.tensor1d([0.2, 0.3, 0.9]))).toThrow(AnyLossError);
    });
  });

  it('is logged as "f1" and "val_f1" by model.fit', async () => {
    const { x, y } = data(200, 3);
    const m = model();
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1), metrics: [createMetric(metrics.f1), createMetric(metrics.mcc)] });
    const history = await m.fit(x, y, { epochs: 2, batchSize: 50, verbose: 0, shuffle: false, validationData: [x, y] });
    expect(Object.keys(history.history).sort()).toEqual(['f1', 'loss', 'mcc', 'val_f1', 'val_loss', 'val_mcc']);
    m.dispose();
    tf.dispose([x, y]);
  });
});

describe('epochMetrics', () => {
  it('writes the exact metrics of the whole validation set into the logs and history', async () => {
    const train = data(300, 5);
    const validation = data(157, 9);
    const m = model();
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1), metrics: [createMetric(metrics.f1)] });
    const seen: number[] = [];
    const history = await m.fit(train.x, train.y, {
      epochs: 3,
      batchSize: 32,
      shuffle: false,
      verbose: 0,
      // fit's own validation uses small batches and averages per-batch F1: not the F1 of the set.
      validationData: [validation.x, validation.y],
      validationBatchSize: 16,
      callbacks: [
        epochMetrics({ model: m, validationData: [validation.x, validation.y], metrics: [metrics.f1, metrics.mcc] }),
        { onEpochEnd: (_epoch: number, logs?: tf.Logs) => void seen.push(logs?.['val_mcc'] as number) },
      ],
    } as tf.ModelFitArgs);
    expect(history.history['val_f1']).toHaveLength(3);
    expect(history.history['val_mcc']).toHaveLength(3);
    expect(seen).toEqual(history.history['val_mcc']); // later callbacks see the exact values
    // The last epoch's values equal core's metrics of the model's predictions after training.
    const scores = await (m.predict(validation.x) as tf.Tensor).data();
    const labels = await validation.y.data();
    const cells = confusionMatrix(labels, scores);
    expect(history.history['val_f1']?.[2]).toBe(metrics.f1.value(cells));
    expect(history.history['val_mcc']?.[2]).toBe(metrics.mcc.value(cells));
    m.dispose();
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  });

  it('gets the model from tfjs when a tf.Callback comes first, and reports through onEvaluate', async () => {
    const { x, y } = data(120, 11);
    const m = model(3);
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1) });
    const evaluations: { epoch: number; tp: number }[] = [];
    const callback = epochMetrics({
      validationData: [x, y],
      metrics: [metrics.balancedAccuracy],
      prefix: 'holdout_',
      threshold: 0.4,
      onEvaluate: (epoch, result) => void evaluations.push({ epoch, tp: result.cells.truePositives }),
    });
    const history = await m.fit(x, y, {
      epochs: 2,
      batchSize: 40,
      verbose: 0,
      callbacks: [new tf.CustomCallback({}), callback] as never,
    });
    expect(history.history['holdout_balancedAccuracy']).toHaveLength(2);
    expect(evaluations.map((e) => e.epoch)).toEqual([0, 1]);
    expect(callback.last?.values['holdout_balancedAccuracy']).toBe(history.history['holdout_balancedAccuracy']?.[1]);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('explains what to pass when tfjs wraps it without a model', async () => {
    const { x, y } = data(60, 13);
    const m = model(5);
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1) });
    await expect(
      m.fit(x, y, { epochs: 1, verbose: 0, callbacks: [epochMetrics({ validationData: [x, y], metrics: [metrics.f1] })] as never }),
    ).rejects.toThrow(/pass it: epochMetrics\(\{ model, validationData, metrics \}\)/);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('rejects bad options', () => {
    const { x, y } = data(10, 1);
    expect(() => epochMetrics({ validationData: [x, y], metrics: [] })).toThrow(/non-empty array/);
    expect(() => epochMetrics({ validationData: [x] as never, metrics: [metrics.f1] })).toThrow(AnyLossError);
    expect(() => epochMetrics({ validationData: [x, tf.zeros([9, 1])], metrics: [metrics.f1] })).toThrow(/x has 10 samples but y has 9/);
    expect(() => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], batchSize: 0 })).toThrow(/batchSize/);
    expect(() => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], model: {} as never })).toThrow(/options.model/);
    tf.dispose([x, y]);
  });
});

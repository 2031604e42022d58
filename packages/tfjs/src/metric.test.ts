import { AnyLossError, confusionMatrix, metrics } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetric } from './index.js';
import { expectAnyLossError } from '@anyloss/test-utils';

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

  it('never counts a NaN or infinite prediction silently, with or without validateLabels', () => {
    for (const validateLabels of [true, false]) {
      const fn = createMetric(metrics.f1, { validateLabels });
      const logits = createMetric(metrics.f1, { validateLabels, from: 'logits' });
      tf.tidy(() => {
        const nan = expectAnyLossError(
          () => fn(tf.tensor1d([1, 0, 1]), tf.tensor1d([0.9, Number.NaN, 0.5])),
          'INVALID_PROBABILITY',
          'yPred',
        );
        expect([nan.index, nan.value]).toEqual([1, Number.NaN]);
        expectAnyLossError(
          () => fn(tf.tensor1d([1, 0, 1]), tf.tensor1d([0.9, 0.2, Number.POSITIVE_INFINITY])),
          'INVALID_PROBABILITY',
          'yPred',
        );
        const logit = expectAnyLossError(
          () => logits(tf.tensor1d([1, 0, 1]), tf.tensor1d([2, -1, Number.NEGATIVE_INFINITY])),
          'INVALID_LOGIT',
          'yPred',
        );
        expect(logit.index).toBe(2);
      });
    }
    // A label outside {0, 1} that makes a cell negative (here FN = −1) is reported even unchecked.
    const unchecked = createMetric(metrics.f1, { validateLabels: false });
    tf.tidy(() => {
      const label = expectAnyLossError(() => unchecked(tf.tensor1d([1, -1, 0]), tf.tensor1d([0.9, 0.2, 0.1])), 'INVALID_LABEL', 'yTrue');
      expect(label.index).toBe(1);
    });
  });

  it('is logged as "f1" and "val_f1" by model.fit', async () => {
    const { x, y } = data(200, 3);
    const m = model();
    m.compile({
      optimizer: tf.train.adam(1e-2),
      loss: createLoss(metrics.f1),
      metrics: [createMetric(metrics.f1), createMetric(metrics.mcc)],
    });
    const history = await m.fit(x, y, { epochs: 2, batchSize: 50, verbose: 0, shuffle: false, validationData: [x, y] });
    expect(Object.keys(history.history).sort()).toEqual(['f1', 'loss', 'mcc', 'val_f1', 'val_loss', 'val_mcc']);
    m.dispose();
    tf.dispose([x, y]);
  });
});

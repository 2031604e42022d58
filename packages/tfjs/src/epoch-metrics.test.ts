import { AnyLossError, confusionMatrix, metrics } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLoss, createMetric, epochMetrics } from './index.js';
import { expectAnyLossError } from '@anyloss/test-utils';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function data(n: number, seed: number, noise = 0.8): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, 3], 0, 1, 'float32', seed) as tf.Tensor2D;
    const jitter = tf.randomNormal([n, 1], 0, noise, 'float32', seed + 1);
    const y = tf.cast(tf.greater(tf.add(tf.sum(x, 1, true), jitter), 1.5), 'float32') as tf.Tensor2D;
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

/** Core's F1 of the model's current predictions on (x, y): what `val_f1` must be at the end of an epoch. */
async function exactF1(m: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const prediction = m.predict(x) as tf.Tensor;
  const scores = await prediction.data();
  prediction.dispose();
  return metrics.f1.value(confusionMatrix(await y.data(), scores));
}

/**
 * A checkpoint-style tf.Callback: reads `val_f1` from the epoch logs, checks it against its own computation of
 * the validation F1, and keeps the weights of the best epoch (as a ModelCheckpoint with save_best_only would).
 */
class BestF1Checkpoint extends tf.Callback {
  readonly seen: number[] = [];
  readonly recomputed: number[] = [];
  best = -Infinity;
  bestWeights: Float32Array[] = [];

  constructor(private readonly validation: { x: tf.Tensor; y: tf.Tensor }) {
    super();
  }

  override async onEpochEnd(_epoch: number, logs?: tf.Logs): Promise<void> {
    const value = logs?.['val_f1'] as number;
    this.seen.push(value);
    this.recomputed.push(await exactF1(this.model, this.validation.x, this.validation.y));
    if (value > this.best) {
      this.best = value;
      this.bestWeights = this.model.getWeights().map((weight) => weight.dataSync() as Float32Array);
    }
  }
}

/** The epoch at which tfjs's EarlyStopping (mode 'max', minDelta 0) stops on these values, or undefined. */
function earlyStoppingEpoch(values: readonly number[], patience: number): number | undefined {
  let best = -Infinity;
  let wait = 0;
  for (const [epoch, value] of values.entries()) {
    if (value > best) [best, wait] = [value, 0];
    else if (++wait >= patience) return epoch;
  }
  return undefined;
}

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
        new tf.CustomCallback({ onEpochEnd: (_epoch, logs) => void seen.push(logs?.['val_mcc'] as number) }),
      ],
    } as tf.ModelFitArgs); // validationBatchSize is read by fit but missing from tfjs's type
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

  it('is a tf.Callback: tfjs gives it the model, and it reports through onEvaluate', async () => {
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
    expect(callback).toBeInstanceOf(tf.Callback);
    const history = await m.fit(x, y, { epochs: 2, batchSize: 40, verbose: 0, callbacks: [callback] });
    expect(history.history['holdout_balancedAccuracy']).toHaveLength(2);
    expect(evaluations.map((e) => e.epoch)).toEqual([0, 1]); // once per epoch, not once per caller
    expect(callback.last?.values['holdout_balancedAccuracy']).toBe(history.history['holdout_balancedAccuracy']?.[1]);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('works wrapped by tfjs (a plain object first) when given the model, and says what to pass when not', async () => {
    const { x, y } = data(60, 13);
    const m = model(5);
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1) });
    const seen: number[] = [];
    const plain = { onEpochEnd: async (_epoch: number, logs?: tf.Logs) => void seen.push(logs?.['val_f1'] as number) };
    const history = await m.fit(x, y, {
      epochs: 2,
      verbose: 0,
      // the plain object comes first and still sees val_f1: the values are written before any user callback runs
      callbacks: [plain, epochMetrics({ model: m, validationData: [x, y], metrics: [metrics.f1] })],
    });
    expect(seen).toEqual(history.history['val_f1']);
    await expect(
      m.fit(x, y, { epochs: 1, verbose: 0, callbacks: [plain, epochMetrics({ validationData: [x, y], metrics: [metrics.f1] })] }),
    ).rejects.toThrow(/pass it: epochMetrics\(\{ model, validationData, metrics \}\), or wrap plain objects in new tf\.CustomCallback/);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('leaks no tensor, also when it replaces the batch-averaged val_f1 scalar of fit', async () => {
    const train = data(200, 15);
    const m = model(7);
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1), metrics: [createMetric(metrics.f1)] });
    const run = (): Promise<tf.History> =>
      m.fit(train.x, train.y, {
        epochs: 3,
        batchSize: 50,
        verbose: 0,
        validationData: [train.x, train.y],
        callbacks: [
          tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max', patience: 10 }),
          epochMetrics({ validationData: [train.x, train.y], metrics: [metrics.f1] }),
        ],
      });
    await run(); // first fit allocates the optimizer's variables
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
    tf.dispose([train.x, train.y]);
  });

  it('rejects bad options', () => {
    const { x, y } = data(10, 1);
    expectAnyLossError(() => epochMetrics({ validationData: [x, y], metrics: [] }), 'INVALID_ARGUMENT', 'options.metrics');
    expectAnyLossError(
      () => epochMetrics({ validationData: [x] as never, metrics: [metrics.f1] }),
      'INVALID_ARGUMENT',
      'options.validationData',
    );
    expectAnyLossError(
      () => epochMetrics({ validationData: [[], y] as never, metrics: [metrics.f1] }),
      'INVALID_ARGUMENT',
      'options.validationData[0]',
    );
    expect(() => epochMetrics({ validationData: [x, tf.zeros([9, 1])], metrics: [metrics.f1] })).toThrow(/x has 10 samples but y has 9/);
    expectAnyLossError(
      () => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], batchSize: 0 }),
      'INVALID_OPTION',
      'options.batchSize',
    );
    expectAnyLossError(
      () => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], prefix: 3 as never }),
      'INVALID_OPTION',
      'options.prefix',
    );
    expectAnyLossError(
      () => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], onEvaluate: 'log' as never }),
      'INVALID_OPTION',
      'options.onEvaluate',
    );
    expectAnyLossError(
      () => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], model: {} as never }),
      'INVALID_ARGUMENT',
      'options.model',
    );
    expectAnyLossError(
      () => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], output: 'sigmoid' }),
      'INVALID_OPTION',
      'options.output',
    );
    expectAnyLossError(() => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], patience: 3 } as never), 'UNKNOWN_OPTION');
    expectAnyLossError(() => epochMetrics(undefined as never), 'INVALID_ARGUMENT', 'options');
    tf.dispose([x, y]);
  });

  it('names the model output when its predictions are not finite', async () => {
    const { x, y } = data(20, 17);
    const diverged = { predict: () => tf.fill([20, 1], Number.NaN) };
    const callback = epochMetrics({ model: diverged, validationData: [x, y], metrics: [metrics.f1] });
    const error = await callback.onEpochEnd(0, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnyLossError);
    expect((error as AnyLossError).argument).toBe('model output');
    expect((error as AnyLossError).message).toMatch(/model output\[0\].*NaN.*did training diverge/);
    tf.dispose([x, y]);
  });
});

describe('epochMetrics with tf.callbacks.earlyStopping', () => {
  const orders = ['epochMetrics first', 'earlyStopping first'] as const;

  it.each(orders)('stops when val_f1 stops improving (%s)', async (order) => {
    // Control: with a learning rate of 0, val_f1 never improves after epoch 0, so patience 2 stops after epoch 2.
    const { x, y } = data(80, 19);
    const m = model(9);
    m.compile({ optimizer: tf.train.sgd(0), loss: createLoss(metrics.f1) });
    const stopper = tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max', patience: 2 });
    const exact = epochMetrics({ validationData: [x, y], metrics: [metrics.f1] });
    const warn = vi.spyOn(console, 'warn');
    const history = await m.fit(x, y, { epochs: 20, verbose: 0, callbacks: order === orders[0] ? [exact, stopper] : [stopper, exact] });
    expect(history.history['val_f1']).toHaveLength(3);
    expect(new Set(history.history['val_f1'])).toEqual(new Set([await exactF1(m, x, y)]));
    expect(warn).not.toHaveBeenCalled(); // EarlyStopping warns when its monitored key is missing
    m.dispose();
    tf.dispose([x, y]);
  });

  it('works the same in model.fitDataset', async () => {
    const { x, y } = data(80, 19);
    const m = model(9);
    m.compile({ optimizer: tf.train.sgd(0), loss: createLoss(metrics.f1) });
    const dataset = tf.data
      .zip({ xs: tf.data.array(x.arraySync()), ys: tf.data.array(y.arraySync()) })
      .batch(16) as tf.data.Dataset<tf.TensorContainer>;
    const stopper = tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max', patience: 2 });
    const history = await m.fitDataset(dataset, {
      epochs: 20,
      verbose: 0,
      callbacks: [stopper, epochMetrics({ validationData: [x, y], metrics: [metrics.f1] })],
    });
    expect(history.history['val_f1']).toHaveLength(3);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('without epochMetrics, earlyStopping never sees val_f1 (what the callback adds)', async () => {
    const { x, y } = data(80, 19);
    const m = model(9);
    m.compile({ optimizer: tf.train.sgd(0), loss: createLoss(metrics.f1) });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const history = await m.fit(x, y, {
      epochs: 5,
      verbose: 0,
      callbacks: [tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max', patience: 2 })],
    });
    expect(history.history['loss']).toHaveLength(5);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/val_f1 is not available/));
    m.dispose();
    tf.dispose([x, y]);
  });

  it('trains, checkpoints and stops on the exact val_f1 in either order, with identical histories', async () => {
    const train = data(240, 21, 1.5);
    const validation = data(120, 23, 1.5);
    const epochs = 60;
    const patience = 3;
    const runs: { history: tf.History; checkpoint: BestF1Checkpoint }[] = [];
    for (const order of orders) {
      const m = model(11);
      m.compile({ optimizer: tf.train.adam(3e-2), loss: createLoss(metrics.f1) });
      const stopper = tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max', patience });
      const exact = epochMetrics({ validationData: [validation.x, validation.y], metrics: [metrics.f1] });
      const checkpoint = new BestF1Checkpoint(validation); // first in the list, so it runs before epochMetrics' own onEpochEnd
      const callbacks = order === orders[0] ? [checkpoint, exact, stopper] : [checkpoint, stopper, exact];
      const history = await m.fit(train.x, train.y, { epochs, batchSize: 32, shuffle: false, verbose: 0, callbacks });
      const values = history.history['val_f1'] as number[];
      // Every callback saw, at every epoch, the exact F1 of the validation set — even the one listed first.
      expect(checkpoint.seen).toEqual(values);
      expect(checkpoint.recomputed).toEqual(values);
      expect(checkpoint.best).toBe(Math.max(...values));
      // EarlyStopping acted on exactly these values, and stopped before the last epoch.
      const stopped = earlyStoppingEpoch(values, patience);
      expect(stopped).toBeDefined();
      expect(values).toHaveLength((stopped as number) + 1);
      expect(values.length).toBeLessThan(epochs);
      runs.push({ history, checkpoint });
      m.dispose();
    }
    expect(runs[1]?.history.history['val_f1']).toEqual(runs[0]?.history.history['val_f1']);
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  });
});

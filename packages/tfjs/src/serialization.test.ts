import { AnyLossError, defineMetric, fBeta, metrics, type Metric } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetric, decodeLossDescriptor, loadModel, type AnyLossFunction } from './index.js';
import { LOSS_DESCRIPTOR_KEY, resolveMetric, toCamelCase, toSnakeCase } from './serialization.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A real tf.io save handler that keeps the artifacts in memory. */
async function saveToMemory(model: tf.LayersModel, includeOptimizer = true): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer },
  );
  if (saved === undefined) throw new Error('nothing saved');
  // What a storage medium would hold: JSON text and bytes, not live objects.
  const { weightData, ...json } = saved;
  const stored = JSON.parse(JSON.stringify(json)) as tf.io.ModelArtifacts;
  if (weightData !== undefined) stored.weightData = weightData;
  return stored;
}

function data(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([256, 5], 0, 1, 'float32', 21) as tf.Tensor2D;
    const y = tf.cast(tf.greater(tf.sum(tf.mul(x, [1, -0.5, 0.8, 0, 0.3]), 1, true), 1.1), 'float32') as tf.Tensor2D;
    return { x, y };
  });
}

function model(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5], kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }),
    ],
  });
}

async function weights(m: tf.LayersModel): Promise<number[]> {
  const out: number[] = [];
  for (const w of m.getWeights()) out.push(...(await w.data()));
  return out;
}

function maxDifference(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - (b[i] as number))), 0);
}

describe('loss descriptor', () => {
  it('survives tfjs-layers name mangling for every built-in metric, fBeta and options', () => {
    const all: Metric[] = [...Object.values(metrics), fBeta(0.5), fBeta(2)];
    for (const metric of all) {
      const loss = createLoss(metric, { amplification: 12.5, from: 'logits', classWeight: { 0: 0.25, 1: 4 } });
      const stored = toSnakeCase((loss as unknown as Record<string, string>)[LOSS_DESCRIPTOR_KEY] as string); // what save does
      const descriptor = decodeLossDescriptor(stored);
      expect(descriptor).toEqual({ metric: metric.name, amplification: 12.5, from: 'logits', classWeight: { 0: 0.25, 1: 4 } });
      expect(resolveMetric(descriptor?.metric as string)?.name).toBe(metric.name);
      // metric names as tfjs stores and restores them
      expect(resolveMetric(toCamelCase(toSnakeCase(metric.name)))?.name).toBe(metric.name);
    }
  });

  it('carries the multi-output settings (version 2), through name mangling', () => {
    const loss = createLoss(metrics.balancedAccuracy, { average: 'weighted', output: 'softmax', amplifier: 'one-vs-rest', amplification: 12, from: 'logits' });
    const stored = toSnakeCase((loss as unknown as Record<string, string>)[LOSS_DESCRIPTOR_KEY] as string);
    expect(stored).toContain('"version":2');
    expect(decodeLossDescriptor(stored)).toEqual({
      metric: 'balancedAccuracy',
      amplification: 12,
      from: 'logits',
      classWeight: { 0: 1, 1: 1 },
      average: 'weighted',
      output: 'softmax',
      amplifier: 'one-vs-rest',
    });
    // a version-2 descriptor without valid multi-output settings is malformed, never silently binary
    expect(() => decodeLossDescriptor('anyloss:{"version":2,"metric":"f1","amplification":5,"from":"logits"}')).toThrow(/malformed/);
  });

  it('rejects a malformed descriptor', () => {
    expect(decodeLossDescriptor('binary_crossentropy')).toBeUndefined();
    expect(() => decodeLossDescriptor('anyloss:{"version":2}')).toThrow(AnyLossError);
    expect(() => decodeLossDescriptor('anyloss:not json')).toThrow(/malformed/);
  });
});

describe('save and load', () => {
  it('resumes training with the same loss and optimizer state through a real tf.io handler', async () => {
    const { x, y } = data();
    const original = model();
    const loss = createLoss(metrics.f1, { amplification: 30, classWeight: { 1: 2 } });
    original.compile({ optimizer: tf.train.adam(1e-2), loss, metrics: [createMetric(metrics.f1), createMetric(metrics.mcc), 'accuracy'] });
    const fitArgs = { epochs: 3, batchSize: 32, shuffle: false, verbose: 0 } as const;
    await original.fit(x, y, fitArgs);

    const artifacts = await saveToMemory(original);
    expect(artifacts.trainingConfig?.loss).toEqual({ anyloss: expect.stringMatching(/^anyloss:/) });

    // A plain tf.loadLayersModel cannot rebuild a function loss; it fails at once, naming "anyloss".
    await expect(tf.loadLayersModel(tf.io.fromMemory(artifacts))).rejects.toThrow(/anyloss/);

    const resumed = await loadModel<tf.LayersModel>(tf.io.fromMemory(artifacts), { loadLayersModel: tf.loadLayersModel });
    const restoredLoss = resumed.loss as unknown as AnyLossFunction;
    expect(restoredLoss.metric).toBe(metrics.f1);
    expect(restoredLoss.amplification).toBe(30);
    expect(restoredLoss.from).toBe('probabilities');
    expect(restoredLoss.classWeight).toEqual([1, 2]);
    expect(resumed.metricsNames).toEqual(['loss', 'f1', 'mcc', 'acc']);
    expect(resumed.optimizer.getClassName()).toBe('Adam');
    expect(maxDifference(await weights(resumed), await weights(original))).toBe(0);

    // Control: the same weights with a FRESH optimizer diverge from the original — so matching below means
    // the optimizer state (Adam's moments and step count) was restored, not just the weights.
    const fresh = await tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, trainingConfig: undefined }));
    fresh.compile({ optimizer: tf.train.adam(1e-2), loss });

    const continued = await original.fit(x, y, fitArgs);
    const resumedHistory = await resumed.fit(x, y, fitArgs);
    await fresh.fit(x, y, fitArgs);
    const target = await weights(original);
    expect(maxDifference(await weights(resumed), target)).toBeLessThan(1e-5);
    expect(maxDifference(await weights(fresh), target)).toBeGreaterThan(1e-3);
    const a = continued.history['loss'] as number[];
    const b = resumedHistory.history['loss'] as number[];
    b.forEach((value, i) => expect(value).toBeCloseTo(a[i] as number, 5));
    expect(resumedHistory.history['f1']).toHaveLength(3);

    // And the resumed model saves and loads again (without an explicit loader: tfjs-layers is imported lazily).
    const again = await loadModel<tf.LayersModel>(tf.io.fromMemory(await saveToMemory(resumed)));
    expect((again.loss as unknown as AnyLossFunction).amplification).toBe(30);
    expect(maxDifference(await weights(again), await weights(resumed))).toBe(0);

    for (const m of [original, resumed, fresh, again]) m.dispose();
    tf.dispose([x, y]);
  });

  it('resumes a softmax model trained on macro F1 (loss settings, macro_f1 metric, optimizer state)', async () => {
    const { x, y: binary } = data();
    // three classes from the same features (shares ≈ 62/24/14 %), one-hot
    const y = tf.tidy(() => {
      const score = tf.sum(tf.mul(x, [1, -0.5, 0.8, 0, 0.3]), 1);
      const classes = tf.add(tf.cast(tf.greater(score, 0.5), 'int32'), tf.cast(tf.greater(score, 1.6), 'int32'));
      return tf.oneHot(classes, 3).toFloat();
    });
    binary.dispose();
    const softmaxModel = (): tf.Sequential =>
      tf.sequential({
        layers: [
          tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5], kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
          tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }),
        ],
      });
    const original = softmaxModel();
    const loss = createLoss(metrics.f1, { average: 'macro', amplification: 6 });
    original.compile({
      optimizer: tf.train.adam(1e-2),
      loss,
      metrics: [createMetric(metrics.f1, { average: 'macro' }), createMetric(metrics.balancedAccuracy, { average: 'weighted' })],
    });
    const fitArgs = { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 } as const;
    await original.fit(x, y, fitArgs);
    const artifacts = await saveToMemory(original);
    const resumed = await loadModel<tf.LayersModel>(tf.io.fromMemory(artifacts), { loadLayersModel: tf.loadLayersModel });
    const restored = resumed.loss as unknown as AnyLossFunction;
    expect([restored.metric, restored.average, restored.output, restored.amplifier, restored.amplification, restored.from]).toEqual([
      metrics.f1,
      'macro',
      'softmax',
      'softmax',
      6,
      'probabilities',
    ]);
    expect(resumed.metricsNames).toEqual(['loss', 'macro_f1', 'weighted_balancedAccuracy']);
    const continued = await original.fit(x, y, fitArgs);
    const resumedHistory = await resumed.fit(x, y, fitArgs);
    expect(maxDifference(await weights(resumed), await weights(original))).toBeLessThan(1e-5);
    const a = continued.history['loss'] as number[];
    (resumedHistory.history['loss'] as number[]).forEach((value, i) => expect(value).toBeCloseTo(a[i] as number, 5));
    (resumedHistory.history['macro_f1'] as number[]).forEach((value, i) => expect(value).toBeCloseTo(continued.history['macro_f1']?.[i] as number, 5));
    for (const m of [original, resumed]) m.dispose();
    tf.dispose([x, y]);
  });

  it('restores logits losses and custom metrics passed by the caller', async () => {
    const { x, y } = data();
    const custom = defineMetric({
      name: 'recallHeavyF',
      value: ({ truePositives, falseNegatives, falsePositives }) => {
        const d = 2 * truePositives + falsePositives + 3 * falseNegatives;
        return d > 0 ? (2 * truePositives) / d : 0;
      },
    });
    const m = tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [5], kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })],
    });
    m.compile({
      optimizer: tf.train.rmsprop(1e-2),
      loss: createLoss(custom, { from: 'logits', amplification: 8 }),
      metrics: [createMetric(custom, { from: 'logits' })],
    });
    await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    const artifacts = await saveToMemory(m);
    const load = { loadLayersModel: tf.loadLayersModel };

    await expect(loadModel(tf.io.fromMemory(artifacts), load)).rejects.toThrow(/pass it to loadModel\(source, \{ metrics: \[yourMetric\] \}\)/);
    const threshold = createMetric(custom, { from: 'logits', threshold: 0.4 });
    const loaded = await loadModel<tf.LayersModel>(tf.io.fromMemory(artifacts), { ...load, metrics: [custom, threshold] });
    const restored = loaded.loss as unknown as AnyLossFunction;
    expect(restored.metric).toBe(custom);
    expect(restored.from).toBe('logits');
    expect(loaded.metricsNames).toEqual(['loss', 'recallHeavyF']);
    expect(loaded.optimizer.getClassName()).toBe('RMSProp');
    await loaded.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    m.dispose();
    loaded.dispose();
    tf.dispose([x, y]);
  });

  it('needs { loss } for a function loss that is not AnyLoss, and accepts a replacement loss', async () => {
    const { x, y } = data();
    const m = model();
    const mine = (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar => tf.losses.meanSquaredError(yTrue, yPred) as tf.Scalar;
    m.compile({ optimizer: tf.train.adam(1e-2), loss: mine });
    await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    const artifacts = await saveToMemory(m);
    expect(artifacts.trainingConfig?.loss).toEqual({}); // what tfjs-layers stores for a function loss
    const load = { loadLayersModel: tf.loadLayersModel };
    await expect(loadModel(tf.io.fromMemory(artifacts), load)).rejects.toThrow(/pass it again: loadModel\(source, \{ loss \}\)/);
    const loaded = await loadModel<tf.LayersModel>(tf.io.fromMemory(artifacts), { ...load, loss: createLoss(metrics.mcc) });
    expect((loaded.loss as unknown as AnyLossFunction).metric).toBe(metrics.mcc);
    await loaded.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
    m.dispose();
    loaded.dispose();
    tf.dispose([x, y]);
  });

  it('leaves tfjs built-in losses to tfjs, and loads artifacts without a training config uncompiled', async () => {
    const m = model();
    m.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy', metrics: ['accuracy', createMetric(metrics.f1)] });
    const load = { loadLayersModel: tf.loadLayersModel };
    const loaded = await loadModel<tf.LayersModel>(tf.io.fromMemory(await saveToMemory(m)), load);
    expect(loaded.loss).toBe('binaryCrossentropy');
    expect(loaded.metricsNames).toEqual(['loss', 'acc', 'f1']);
    const bare = await loadModel<tf.LayersModel>(tf.io.fromMemory(await saveToMemory(m, false)), load);
    expect(bare.optimizer).toBeUndefined();
    await expect(loadModel(tf.io.fromMemory(await saveToMemory(m, false)), { ...load, loss: createLoss(metrics.f1) })).rejects.toThrow(
      /includeOptimizer: true/,
    );
    for (const model of [m, loaded, bare]) model.dispose();
  });

  it('rejects a bad source or options', async () => {
    await expect(loadModel(42 as never)).rejects.toThrow(AnyLossError);
    await expect(loadModel(tf.io.fromMemory({ modelTopology: {} }), { lossFunction: 1 } as never)).rejects.toThrow(/unknown option/);
  });

  it('says which sources it reads when a URL has no handler or cannot be read (never a raw TypeError)', async () => {
    const load = { loadLayersModel: tf.loadLayersModel };
    // file:// has no handler without @tensorflow/tfjs-node: refused up front, not sent to fetch
    const file = await loadModel('file:///tmp/no-such-model/model.json', load).catch((error: unknown) => error);
    expect(file).toBeInstanceOf(AnyLossError);
    expect((file as AnyLossError).argument).toBe('source');
    expect((file as AnyLossError).message).toMatch(/no tf\.io load handler is registered for file:\/\/ URLs.*tfjs-node.*tf\.io\.fromMemory/);
    // a relative path in Node reaches fetch, which fails: wrapped, with the cause kept
    const relative = await loadModel('./no-such-model/model.json', load).catch((error: unknown) => error);
    expect(relative).toBeInstanceOf(AnyLossError);
    expect((relative as AnyLossError).message).toMatch(/^reading the model from "\.\/no-such-model\/model\.json" failed: .*loadModel reads http:\/\//);
    expect((relative as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
    // artifacts that are not a layers model
    await expect(loadModel(tf.io.fromMemory({ modelTopology: { nonsense: true } }), load)).rejects.toThrow(/^tf\.loadLayersModel failed: .*Are these the artifacts/s);
  });
});

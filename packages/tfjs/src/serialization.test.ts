import { AnyLossError, defineMetric, fBeta, metrics, type Metric } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetric, loadModel, saveModel, type AnyLossFunction } from './index.js';
import { decodeLossDescriptor } from './serialization.js';
import { METADATA_KEY } from './save-model.js';
import { LOSS_DESCRIPTOR_KEY, resolveMetric, toCamelCase, toSnakeCase } from './serialization.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** What a storage medium would hold: JSON text and bytes, not live objects. */
function stored(artifacts: tf.io.ModelArtifacts): tf.io.ModelArtifacts {
  const { weightData, ...json } = artifacts;
  const copy = JSON.parse(JSON.stringify(json)) as tf.io.ModelArtifacts;
  if (weightData !== undefined) copy.weightData = weightData;
  return copy;
}

/** A real tf.io save handler that keeps the artifacts in memory. */
function memoryHandler(): { handler: tf.io.IOHandler; artifacts: () => tf.io.ModelArtifacts } {
  let saved: tf.io.ModelArtifacts | undefined;
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    saved = stored(artifacts);
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  });
  return {
    handler,
    artifacts: () => {
      if (saved === undefined) throw new Error('nothing saved');
      return saved;
    },
  };
}

/** Saves with a raw model.save (the format of @anyloss/tfjs 0.1, and of anyone not using saveModel). */
async function saveToMemory(model: tf.LayersModel, includeOptimizer = true): Promise<tf.io.ModelArtifacts> {
  const memory = memoryHandler();
  await model.save(memory.handler, { includeOptimizer });
  return memory.artifacts();
}

/** Saves with saveModel. */
async function saveModelToMemory(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  const memory = memoryHandler();
  await saveModel(model, memory.handler);
  return memory.artifacts();
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
    const loss = createLoss(metrics.balancedAccuracy, {
      average: 'weighted',
      output: 'softmax',
      amplifier: 'one-vs-rest',
      amplification: 12,
      from: 'logits',
    });
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
    (resumedHistory.history['macro_f1'] as number[]).forEach((value, i) =>
      expect(value).toBeCloseTo(continued.history['macro_f1']?.[i] as number, 5),
    );
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

    await expect(loadModel(tf.io.fromMemory(artifacts), load)).rejects.toThrow(
      /pass it to loadModel\(source, \{ metrics: \[yourMetric\] \}\)/,
    );
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
    expect((file as AnyLossError).message).toMatch(
      /no tf\.io load handler is registered for file:\/\/ URLs.*tfjs-node.*tf\.io\.fromMemory/,
    );
    // a relative path in Node reaches fetch, which fails: wrapped, with the cause kept
    const relative = await loadModel('./no-such-model/model.json', load).catch((error: unknown) => error);
    expect(relative).toBeInstanceOf(AnyLossError);
    expect((relative as AnyLossError).message).toMatch(
      /^reading the model from "\.\/no-such-model\/model\.json" failed: .*loadModel reads http:\/\//,
    );
    expect((relative as Error & { cause?: unknown }).cause).toBeInstanceOf(Error);
    // artifacts that are not a layers model
    await expect(loadModel(tf.io.fromMemory({ modelTopology: { nonsense: true } }), load)).rejects.toThrow(
      /^tf\.loadLayersModel failed: .*Are these the artifacts/s,
    );
  });
});

/** A URL scheme backed by a Map, registered with tf.io like indexeddb:// in a browser. */
const MEMORY_SCHEME = 'anyloss-test-memory://';
const memoryStore = new Map<string, tf.io.ModelArtifacts>();
const noHandler = null as unknown as tf.io.IOHandler; // a tf.io router returns null for URLs it does not handle (its type omits it)
tf.io.registerSaveRouter((url) =>
  typeof url === 'string' && url.startsWith(MEMORY_SCHEME)
    ? tf.io.withSaveHandler(async (artifacts) => {
        memoryStore.set(url, stored(artifacts));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      })
    : noHandler,
);
tf.io.registerLoadRouter((url) =>
  typeof url === 'string' && url.startsWith(MEMORY_SCHEME)
    ? {
        load: async () => {
          const artifacts = memoryStore.get(url);
          if (artifacts === undefined) throw new Error(`nothing saved at ${url}`);
          return artifacts;
        },
      }
    : noHandler,
);

function softmaxModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5], kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }),
    ],
  });
}

/** Three classes from the same features (shares ≈ 62/24/14 %), one-hot. */
function threeClasses(x: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const score = tf.sum(tf.mul(x, [1, -0.5, 0.8, 0, 0.3]), 1);
    const classes = tf.add(tf.cast(tf.greater(score, 0.5), 'int32'), tf.cast(tf.greater(score, 1.6), 'int32'));
    return tf.oneHot(classes, 3).toFloat() as tf.Tensor2D;
  });
}

const kinds = {
  binary: {
    build: model,
    labels: (_x: tf.Tensor, y: tf.Tensor): tf.Tensor => y.clone(),
    loss: () => createLoss(metrics.f1, { amplification: 30, classWeight: { 1: 2 } }),
    metrics: () => [createMetric(metrics.f1), createMetric(metrics.mcc), 'accuracy'],
    metricsNames: ['loss', 'f1', 'mcc', 'acc'],
  },
  'multi-class': {
    build: softmaxModel,
    labels: (x: tf.Tensor): tf.Tensor => threeClasses(x),
    loss: () => createLoss(metrics.f1, { average: 'macro', amplification: 6 }),
    metrics: () => [createMetric(metrics.f1, { average: 'macro' }), createMetric(metrics.balancedAccuracy, { average: 'weighted' })],
    metricsNames: ['loss', 'macro_f1', 'weighted_balancedAccuracy'],
  },
} as const;

describe('deploy and resume: saveModel', () => {
  it.each(Object.keys(kinds) as (keyof typeof kinds)[])(
    '%s: plain tf.loadLayersModel loads it for inference, loadModel resumes training with the same loss and optimizer state',
    async (kind) => {
      const settings = kinds[kind];
      const { x, y: binary } = data();
      const y = settings.labels(x, binary);
      binary.dispose();
      const original = settings.build();
      const loss = settings.loss();
      original.compile({ optimizer: tf.train.adam(1e-2), loss, metrics: [...settings.metrics()] });
      original.setUserDefinedMetadata({ classNames: ['a', 'b', 'c'] });
      const fitArgs = { epochs: 2, batchSize: 32, shuffle: false, verbose: 0 } as const;
      await original.fit(x, y, fitArgs);

      // The way the docs show: saveModel to a URL (here a tf.io scheme registered like indexeddb:// in a browser).
      const url = `${MEMORY_SCHEME}${kind}`;
      await saveModel(original, url);
      const artifacts = memoryStore.get(url) as tf.io.ModelArtifacts;
      expect(artifacts.trainingConfig).toBeUndefined();
      expect(artifacts.userDefinedMetadata?.[METADATA_KEY]).toEqual({
        version: 1,
        trainingConfig: expect.objectContaining({ loss: { anyloss: expect.stringMatching(/^anyloss:/) } }),
      });
      expect(artifacts.weightSpecs?.some((spec) => spec.group === 'optimizer')).toBe(true);

      // Inference side: plain TensorFlow.js, no @anyloss/tfjs involved.
      const deployed = await tf.loadLayersModel(url);
      expect(deployed.optimizer).toBeUndefined(); // uncompiled: ready for predict
      const expected = await (original.predict(x) as tf.Tensor).data();
      expect(await (deployed.predict(x) as tf.Tensor).data()).toEqual(expected);
      expect(deployed.getUserDefinedMetadata()).toMatchObject({ classNames: ['a', 'b', 'c'] });
      await expect(deployed.fit(x, y, fitArgs)).rejects.toThrow(/compile/); // tfjs's own message, not a silent wrong loss

      // Training side: loadModel rebuilds loss, metrics and optimizer state.
      const resumed = await loadModel<tf.LayersModel>(url, { loadLayersModel: tf.loadLayersModel });
      const restored = resumed.loss as unknown as AnyLossFunction;
      expect([restored.metric, restored.amplification, restored.from, restored.average, restored.output, restored.amplifier]).toEqual([
        loss.metric,
        loss.amplification,
        loss.from,
        loss.average,
        loss.output,
        loss.amplifier,
      ]);
      expect(restored.classWeight).toEqual(loss.classWeight);
      expect(resumed.metricsNames).toEqual(settings.metricsNames);
      expect(resumed.getUserDefinedMetadata()).toEqual({ classNames: ['a', 'b', 'c'] }); // the AnyLoss entry is not passed on
      const continued = await original.fit(x, y, fitArgs);
      const resumedHistory = await resumed.fit(x, y, fitArgs);
      expect(maxDifference(await weights(resumed), await weights(original))).toBeLessThan(1e-5);
      (resumedHistory.history['loss'] as number[]).forEach((value, i) =>
        expect(value).toBeCloseTo(continued.history['loss']?.[i] as number, 5),
      );

      for (const m of [original, deployed, resumed]) m.dispose();
      tf.dispose([x, y]);
    },
  );

  it.each(Object.keys(kinds) as (keyof typeof kinds)[])(
    '%s: the previous format (raw model.save with includeOptimizer) still resumes, and converts with saveModel',
    async (kind) => {
      const settings = kinds[kind];
      const { x, y: binary } = data();
      const y = settings.labels(x, binary);
      binary.dispose();
      const original = settings.build();
      original.compile({ optimizer: tf.train.adam(1e-2), loss: settings.loss(), metrics: [...settings.metrics()] });
      await original.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
      const old = await saveToMemory(original);
      await expect(tf.loadLayersModel(tf.io.fromMemory(old))).rejects.toThrow(/Unknown entry in loss dictionary: "anyloss"/);
      const resumed = await loadModel<tf.LayersModel>(tf.io.fromMemory(old), { loadLayersModel: tf.loadLayersModel });
      expect(resumed.metricsNames).toEqual(settings.metricsNames);
      expect(maxDifference(await weights(resumed), await weights(original))).toBe(0);
      // Re-saved with saveModel, the same model now loads in plain tfjs too.
      const converted = await saveModelToMemory(resumed);
      const deployed = await tf.loadLayersModel(tf.io.fromMemory(converted));
      expect(await (deployed.predict(x) as tf.Tensor).data()).toEqual(await (original.predict(x) as tf.Tensor).data());
      for (const m of [original, resumed, deployed]) m.dispose();
      tf.dispose([x, y]);
    },
  );

  it('reads a training configuration written by @anyloss/tfjs 0.1 (literal fixture)', async () => {
    const m = model();
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1) });
    const artifacts = await saveToMemory(m);
    // trainingConfig exactly as 0.1.0 stored it (printed by examples/train-f1.mjs), capitals as JSON escapes
    const fixture = {
      loss: {
        anyloss:
          'anyloss:{"version":1,"metric":"balanced\\u0041ccuracy","amplification":5,"from":"probabilities","class\\u0057eight":{"0":1,"1":3}}',
      },
      metrics: ['f1', 'mcc'],
      optimizer_config: artifacts.trainingConfig?.optimizer_config,
    } as unknown as tf.io.TrainingConfig;
    const loaded = await loadModel<tf.LayersModel>(tf.io.fromMemory({ ...artifacts, trainingConfig: fixture }), {
      loadLayersModel: tf.loadLayersModel,
    });
    const loss = loaded.loss as unknown as AnyLossFunction;
    expect([loss.metric, loss.amplification, loss.from, loss.classWeight]).toEqual([metrics.balancedAccuracy, 5, 'probabilities', [1, 3]]);
    expect(loaded.metricsNames).toEqual(['loss', 'f1', 'mcc']);
    m.dispose();
    loaded.dispose();
  });

  it('saves without the optimizer on request (then both loaders give an uncompiled model)', async () => {
    const m = model();
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1), metrics: [createMetric(metrics.f1)] });
    const memory = memoryHandler();
    await saveModel(m, memory.handler, { includeOptimizer: false });
    expect(memory.artifacts().userDefinedMetadata).toBeUndefined();
    expect(memory.artifacts().weightSpecs?.some((spec) => spec.group === 'optimizer')).toBe(false);
    const loaded = await loadModel<tf.LayersModel>(tf.io.fromMemory(memory.artifacts()), { loadLayersModel: tf.loadLayersModel });
    expect(loaded.optimizer).toBeUndefined();
    m.dispose();
    loaded.dispose();
  });

  it('rejects a bad model, destination or option, and wraps a failing handler', async () => {
    const m = model();
    const memory = memoryHandler();
    await expect(saveModel({} as never, memory.handler)).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', argument: 'model' }),
    );
    await expect(saveModel(m, 'file:///tmp/model')).rejects.toThrow(
      /no tf\.io save handler is registered for "file:\/\/\/tmp\/model"\. .*tfjs-node/,
    );
    await expect(saveModel(m, { load: async () => ({}) } as never)).rejects.toThrow(expect.objectContaining({ argument: 'destination' }));
    await expect(saveModel(m, memory.handler, { includeOptimiser: true } as never)).rejects.toThrow(
      expect.objectContaining({ code: 'UNKNOWN_OPTION' }),
    );
    await expect(saveModel(m, memory.handler, { includeOptimizer: 'yes' } as never)).rejects.toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    );
    const failing = tf.io.withSaveHandler(async () => {
      throw new Error('QuotaExceededError');
    });
    const error = await saveModel(m, failing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnyLossError);
    expect((error as Error).message).toMatch(/^saving the model to .* failed: QuotaExceededError\.$/);
    expect((error as Error & { cause?: Error }).cause?.message).toBe('QuotaExceededError');
    // a malformed AnyLoss metadata entry is named, not silently ignored
    await saveModel(m, memory.handler);
    const broken = { ...memory.artifacts(), userDefinedMetadata: { [METADATA_KEY]: { version: 9 } } };
    await expect(loadModel(tf.io.fromMemory(broken), { loadLayersModel: tf.loadLayersModel })).rejects.toThrow(
      /metadata entry .* is malformed/,
    );
    m.dispose();
  });
});

import { metrics } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { focalTfLoss, normalizedTfLoss, softCellsTfLoss } from './adapter-engines.js';
import { loadCorpusDataset } from './dataset.js';
import { loadEngine } from './engines.js';
import { focalLoss, normalizeBatchGradient, softCellsLoss } from './losses.js';
import { runBenchmark } from './run.js';

/** The brain.js 1.6 internals the initial-weights test reads. */
interface BrainNet {
  weights: (ArrayLike<ArrayLike<number>> | null)[];
  biases: (ArrayLike<number> | null)[];
  verifyIsInitialized(rows: unknown): void;
  train(data: unknown, options: object): unknown;
}

/** tfjs's value and gradient of a loss at (y, z), as float64 arrays. */
function tfGradient(
  loss: (y: tf.Tensor, z: tf.Tensor) => tf.Scalar,
  labels: number[],
  logits: number[],
): { value: number; gradient: Float64Array } {
  const y = tf.tensor2d(labels, [labels.length, 1]);
  const z = tf.tensor2d(logits, [logits.length, 1]);
  const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => loss(y, x))(z);
  const result = { value: value.dataSync()[0] as number, gradient: Float64Array.from(grad.dataSync()) };
  tf.dispose([y, z, value, grad]);
  return result;
}

/** Within float32 precision of the float64 reference. */
function expectFloat32Close(actual: Float64Array, expected: Float64Array): void {
  const scale = Math.max(1e-6, ...[...expected].map(Math.abs));
  for (let i = 0; i < actual.length; i++) expect(Math.abs((actual[i] as number) - (expected[i] as number))).toBeLessThan(2e-5 * scale);
}

describe('tfjs forms of the new losses', () => {
  const labels = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
  const logits = [2.1, -0.3, 0.8, -1.2, -2.5, 0.1, 1.4, 0.4, -0.7, 3];

  it('focal, soft F1 and the no-amplification MCC give the core engine’s (finite-difference-checked) loss and gradient', async () => {
    await tf.setBackend('cpu');
    const cases: [string, (y: tf.Tensor, z: tf.Tensor) => tf.Scalar, (g: Float64Array) => number][] = [
      ['focal', focalTfLoss(tf, 0.7, 2), (g) => focalLoss(labels, logits, 0.7, 2, g)],
      ['soft F1', softCellsTfLoss(tf, metrics.f1), (g) => softCellsLoss(metrics.f1, labels, logits, g)],
      ['soft MCC', softCellsTfLoss(tf, metrics.mcc), (g) => softCellsLoss(metrics.mcc, labels, logits, g)],
    ];
    for (const [name, tfLoss, coreLoss] of cases) {
      const expected = new Float64Array(labels.length);
      const value = coreLoss(expected);
      const actual = tfGradient(tfLoss, labels, logits);
      expect(actual.value, name).toBeCloseTo(value, 5);
      expectFloat32Close(actual.gradient, expected);
    }
  });

  it('gradient normalisation rescales the exact gradient to a largest entry of 1/n and keeps the value', () => {
    const inner = softCellsTfLoss(tf, metrics.f1);
    const raw = tfGradient(inner, labels, logits);
    const normalized = tfGradient(normalizedTfLoss(tf, inner), labels, logits);
    expect(normalized.value).toBeCloseTo(raw.value, 6);
    const expected = Float64Array.from(raw.gradient);
    normalizeBatchGradient(expected);
    expectFloat32Close(normalized.gradient, expected);
  });
});

const dataset = loadCorpusDataset('ddalpha-iris_setosavsversicolor');

describe('adapter engines', () => {
  it('tfjs: trains the logistic unit with @anyloss/tfjs and BCE, learns, and full-batch runs repeat exactly', async () => {
    const engine = await loadEngine('tfjs');
    const config = {
      datasets: [dataset],
      losses: ['bce', 'f1'] as const,
      model: 'logistic' as const,
      engine,
      folds: 2,
      seed: 3,
      epochs: 40,
    };
    const first = await runBenchmark(config);
    const second = await runBenchmark(config);
    for (const result of first) expect(result.metrics.balancedAccuracy).toBeGreaterThan(0.9);
    expect(second.map((r) => r.metrics)).toEqual(first.map((r) => r.metrics));
  });

  it('tfjs: mini-batch MLP runs repeat exactly (seeded shuffling)', async () => {
    const engine = await loadEngine('tfjs');
    const config = {
      datasets: [dataset],
      losses: ['f1'] as const,
      model: 'mlp' as const,
      engine,
      folds: 2,
      seed: 4,
      epochs: 3,
      batchSize: 0.1,
    };
    const first = await runBenchmark(config);
    expect((await runBenchmark(config)).map((r) => r.foldMetrics)).toEqual(first.map((r) => r.foldMetrics));
    const random = Math.random;
    await runBenchmark(config);
    expect(Math.random).toBe(random);
  });

  it('tfjs: runs the new baselines and an AnyLoss recipe with every lever, and learns', async () => {
    const engine = await loadEngine('tfjs');
    const results = await runBenchmark({
      datasets: [dataset],
      losses: ['bce-thr', 'focal', 'soft-f1', 'f1'],
      model: 'logistic',
      engine,
      folds: 2,
      seed: 3,
      epochs: 40,
      learningRate: 1,
      recipe: { bceWeight: 0.5, priorBias: true, amplificationStart: 1, amplification: 10, normalizeGradient: true },
    });
    expect(results.map((r) => r.loss)).toEqual(['bce-thr', 'focal', 'soft-f1', 'f1']);
    for (const result of results) expect(result.metrics.balancedAccuracy, result.loss).toBeGreaterThan(0.9);
    expect(results[0]?.thresholds).toHaveLength(2);
    expect(results[3]?.recipe).toMatchObject({ bceWeight: 0.5 });
  });

  it('brain: trains AnyLoss with its recipe levers (L schedule, prior bias, gradient scale) and learns', async () => {
    const engine = await loadEngine('brain');
    const results = await runBenchmark({
      datasets: [dataset],
      losses: ['f1'],
      model: 'logistic',
      engine,
      folds: 2,
      seed: 3,
      epochs: 30,
      batchSize: 16,
      learningRate: 0.3,
      recipe: { priorBias: true, amplificationStart: 1, amplification: 10, normalizeGradient: false },
    });
    expect(results[0]?.metrics.balancedAccuracy).toBeGreaterThan(0.9);
    for (const [loss, recipe, message] of [
      ['focal', undefined, /engine brain cannot train loss "focal"/],
      ['soft-f1', undefined, /engine brain cannot train loss "soft-f1"/],
      ['bce-thr', undefined, /engine brain cannot train loss "bce-thr"/],
      ['f1', { amplification: 'none' }, /always amplifies/],
      ['f1', { bceWeight: 0.5 }, /hybrid AnyLoss/],
    ] as const) {
      await expect(
        runBenchmark({
          datasets: [dataset],
          losses: [loss],
          model: 'logistic',
          engine,
          folds: 2,
          seed: 3,
          epochs: 2,
          ...(recipe !== undefined ? { recipe } : {}),
        }),
      ).rejects.toThrow(message);
    }
  });

  it("brain: AnyLoss training and brain's own net.train start from the same seeded initial weights", async () => {
    const brainModule = (await import('brain.js')) as unknown as {
      NeuralNetwork: new (options: object) => BrainNet;
      default?: { NeuralNetwork: new (options: object) => BrainNet };
    };
    const NeuralNetwork = brainModule.NeuralNetwork ?? brainModule.default?.NeuralNetwork;
    const { train, withSeededRandom } = await import('@anyloss/brain');
    const data = Array.from({ length: 12 }, (_, i) => ({ input: [Math.sin(i), Math.cos(i)], output: [i % 3 === 0 ? 1 : 0] }));
    const snapshotAtInitialisation = (net: BrainNet): (() => string) => {
      let snapshot = '';
      const initialise = net.verifyIsInitialized.bind(net);
      net.verifyIsInitialized = (rows: unknown) => {
        initialise(rows);
        snapshot ||= JSON.stringify([
          net.weights.map((layer) => (layer ? Array.from(layer, (row) => Array.from(row)) : null)),
          net.biases.map((b) => (b ? Array.from(b) : null)),
        ]);
      };
      return () => snapshot;
    };
    // The two paths of the brain engine: @anyloss/brain's train with a seed, and net.train under withSeededRandom(seed).
    const anyLossNet = new NeuralNetwork({ hiddenLayers: [2] });
    const anyLossWeights = snapshotAtInitialisation(anyLossNet);
    train(anyLossNet as never, data, { metric: metrics.f1, seed: 9, iterations: 2 });
    const ownNet = new NeuralNetwork({ hiddenLayers: [2] });
    const ownWeights = snapshotAtInitialisation(ownNet);
    withSeededRandom(9, () => ownNet.train(data, { iterations: 2, errorThresh: 1e-12 }));
    expect(anyLossWeights()).not.toBe('');
    expect(ownWeights()).toBe(anyLossWeights());
  });

  it('brain: trains AnyLoss with @anyloss/brain and MSE natively, and rejects BCE clearly', async () => {
    const engine = await loadEngine('brain');
    const results = await runBenchmark({
      datasets: [dataset],
      losses: ['mse', 'f1'],
      model: 'mlp',
      engine,
      folds: 2,
      seed: 3,
      epochs: 60,
      batchSize: 10,
      learningRate: 0.3,
    });
    expect(results.map((r) => r.engine)).toEqual(['brain', 'brain']);
    expect(results.find((r) => r.loss === 'f1')?.metrics.balancedAccuracy).toBeGreaterThan(0.9);
    await expect(
      runBenchmark({ datasets: [dataset], losses: ['bce'], model: 'logistic', engine, folds: 2, seed: 3, epochs: 5 }),
    ).rejects.toThrow(/engine brain cannot train loss "bce"/);
  });
});

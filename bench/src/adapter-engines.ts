import { AnyLossError, metrics, type MetricName } from '@anyloss/core';
import type { Engine, FitOutcome, FitRequest } from './engines.js';
import { BASELINE_LOSSES } from './losses.js';

function isMetricLoss(loss: string): loss is MetricName {
  return !(BASELINE_LOSSES as readonly string[]).includes(loss);
}

function unsupported(engine: string, loss: string, why: string): never {
  throw new AnyLossError('INVALID_OPTION', `engine ${engine} cannot train loss ${JSON.stringify(loss)}: ${why}`, { argument: 'losses', value: loss });
}

function classWeights(labels: Float64Array): { negative: number; positive: number } {
  let positives = 0;
  for (const label of labels) positives += label === 1 ? 1 : 0;
  const n = labels.length;
  return { positive: positives > 0 ? n / (2 * positives) : 1, negative: positives < n ? n / (2 * (n - positives)) : 1 };
}

/**
 * The `tfjs` engine: the same models built with TensorFlow.js layers (CPU backend, float32), AnyLoss losses from
 * `@anyloss/tfjs` `createLoss(metric, { amplification, from: 'logits' })`, baselines from `tf.losses`.
 * Logistic: Dense(1) with zero initialisers and SGD; MLP: Dense(2) → BatchNormalization → sigmoid → Dense(1)
 * with seeded Glorot initialisers and Adam. tfjs shuffles mini-batches with Math.random, so mini-batch runs
 * are not bit-reproducible (full-batch runs are).
 */
export async function createTfjsEngine(): Promise<Engine> {
  const tf = await import('@tensorflow/tfjs');
  const adapter = await import('@anyloss/tfjs');
  await tf.setBackend('cpu');
  await tf.ready();
  return {
    name: 'tfjs',
    async fit(request: FitRequest): Promise<FitOutcome> {
      const { width, rows } = request.train;
      const model = tf.sequential();
      if (request.model === 'logistic') {
        model.add(tf.layers.dense({ units: 1, inputShape: [width], kernelInitializer: 'zeros', biasInitializer: 'zeros' }));
      } else {
        model.add(tf.layers.dense({ units: 2, inputShape: [width], kernelInitializer: tf.initializers.glorotUniform({ seed: request.seed % 2147483647 }) }));
        model.add(tf.layers.batchNormalization());
        model.add(tf.layers.activation({ activation: 'sigmoid' }));
        model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: (request.seed + 1) % 2147483647 }) }));
      }
      let loss: (yTrue: import('@tensorflow/tfjs').Tensor, yPred: import('@tensorflow/tfjs').Tensor) => import('@tensorflow/tfjs').Scalar;
      if (request.loss === 'bce') loss = (yTrue, yPred) => tf.losses.sigmoidCrossEntropy(yTrue, yPred) as import('@tensorflow/tfjs').Scalar;
      else if (request.loss === 'wbce') {
        const { negative, positive } = classWeights(request.train.labels);
        loss = (yTrue, yPred) =>
          tf.tidy(() => {
            const weights = tf.add(tf.mul(yTrue, positive), tf.mul(tf.sub(1, yTrue), negative));
            return tf.mean(tf.mul(weights, tf.losses.sigmoidCrossEntropy(yTrue, yPred, undefined, undefined, tf.Reduction.NONE))) as import('@tensorflow/tfjs').Scalar;
          });
      } else if (request.loss === 'mse') loss = (yTrue, yPred) => tf.losses.meanSquaredError(yTrue, tf.sigmoid(yPred)) as import('@tensorflow/tfjs').Scalar;
      else loss = adapter.createLoss(metrics[request.loss as MetricName], { amplification: request.amplification, from: 'logits' });
      model.compile({ optimizer: request.model === 'logistic' ? tf.train.sgd(request.learningRate) : tf.train.adam(request.learningRate), loss });
      const x = tf.tensor2d(Float32Array.from(request.train.features), [rows, width]);
      const y = tf.tensor2d(Float32Array.from(request.train.labels), [rows, 1]);
      const testX = tf.tensor2d(Float32Array.from(request.testFeatures), [request.testRows, width]);
      try {
        const history = await model.fit(x, y, { epochs: request.epochs, batchSize: request.batchSize, shuffle: request.batchSize < rows, verbose: 0 });
        const lossPerEpoch = Float64Array.from((history.history['loss'] ?? []) as number[]);
        const prediction = model.predict(testX) as import('@tensorflow/tfjs').Tensor;
        const testScores = Float64Array.from(await prediction.data());
        prediction.dispose();
        return { testScores, scoreKind: 'logits', trace: { lossPerEpoch, initialLoss: lossPerEpoch[0] ?? Number.NaN, steps: request.epochs * Math.ceil(rows / request.batchSize) } };
      } finally {
        x.dispose();
        y.dispose();
        testX.dispose();
        model.dispose();
      }
    },
  };
}

/**
 * The `brain` engine: brain.js 1.6 `NeuralNetwork`s (sigmoid units; `hiddenLayers: []` for the logistic unit,
 * `[2]` for the MLP, no batch normalisation), trained with `@anyloss/brain`'s `train(net, rows, { metric, ... })`
 * for AnyLoss losses and brain.js's own squared-error training for `mse`. brain.js has no cross-entropy, so
 * `bce`/`wbce` are rejected; its weights start random (seeded through the adapter), not at 0.
 */
export async function createBrainEngine(): Promise<Engine> {
  const brainModule = (await import('brain.js')) as unknown as { default?: BrainModule } & BrainModule;
  const brain: BrainModule = brainModule.NeuralNetwork !== undefined ? brainModule : (brainModule.default as BrainModule);
  const adapter = await import('@anyloss/brain');
  return {
    name: 'brain',
    fit(request: FitRequest): Promise<FitOutcome> {
      if (request.loss === 'bce' || request.loss === 'wbce') unsupported('brain', request.loss, 'brain.js trains with squared error only; use mse or an AnyLoss metric.');
      const { width, rows } = request.train;
      const data = Array.from({ length: rows }, (_, i) => ({
        input: Array.from(request.train.features.subarray(i * width, (i + 1) * width)),
        output: [request.train.labels[i] as number],
      }));
      const net = new brain.NeuralNetwork({ hiddenLayers: request.model === 'logistic' ? [] : [2], activation: 'sigmoid' });
      const lossPerEpoch = new Float64Array(request.epochs);
      let epoch = 0;
      const record = (status: { error: number }): void => {
        if (epoch < lossPerEpoch.length) lossPerEpoch[epoch++] = status.error;
      };
      if (isMetricLoss(request.loss)) {
        adapter.train(net as never, data, {
          metric: metrics[request.loss],
          amplification: request.amplification,
          batchSize: Math.min(rows, request.batchSize),
          iterations: request.epochs,
          learningRate: request.learningRate,
          seed: request.seed,
          errorThresh: 0,
          callback: record,
          callbackPeriod: 1,
        });
      } else {
        adapter.withSeededRandom(request.seed, () =>
          net.train(data, { iterations: request.epochs, learningRate: request.learningRate, errorThresh: 1e-12, callback: record, callbackPeriod: 1 }),
        );
      }
      const testScores = new Float64Array(request.testRows);
      for (let i = 0; i < request.testRows; i++) {
        const output = net.run(Array.from(request.testFeatures.subarray(i * width, (i + 1) * width)));
        testScores[i] = Math.min(1, Math.max(0, Number(output[0])));
      }
      return Promise.resolve({ testScores, scoreKind: 'probabilities', trace: epoch > 1 ? { lossPerEpoch: lossPerEpoch.subarray(0, epoch), initialLoss: lossPerEpoch[0] as number, steps: epoch } : null });
    },
  };
}

/** The slice of brain.js 1.6 this engine uses. */
interface BrainModule {
  NeuralNetwork: new (options: { hiddenLayers: number[]; activation: string }) => {
    train(data: unknown, options: Record<string, unknown>): unknown;
    run(input: number[]): ArrayLike<number>;
  };
}

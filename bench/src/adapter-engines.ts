import { AnyLossError, chainRuleCoefficients, metrics, type Metric, type MetricName } from '@anyloss/core';
import { inputOutputRows } from '@anyloss/datasets/split';
import type * as Tf from '@tensorflow/tfjs';
import { priorBiasOf, type Engine, type FitOutcome, type FitRequest } from './engines.js';
import { BASELINE_LOSSES, FOCAL_GAMMA, focalAlpha, scheduledAmplification, type AnyLossRecipe } from './losses.js';
import { createRandom, deriveSeed } from './random.js';

function isMetricLoss(loss: string): loss is MetricName {
  return !(BASELINE_LOSSES as readonly string[]).includes(loss);
}

type TfModule = typeof Tf;
type TfLoss = (yTrue: Tf.Tensor, yPred: Tf.Tensor) => Tf.Scalar;

/**
 * `1 − metric` of the soft cells summed from p = σ(z) without amplification, in tf ops: the four cells are read in
 * one small read, core evaluates the metric and its partials, and `tf.customGrad` supplies the chain-rule gradient
 * c(y)·p(1 − p) (core's `chainRuleCoefficients`) — the tfjs form of the core engine's `softCellsLoss`.
 */
export function softCellsTfLoss(tf: TfModule, metric: Metric): TfLoss {
  return (y, logits) => {
    const forward = (z: Tf.Tensor, save: Tf.GradSaveFunc) => {
      const p = tf.sigmoid(z);
      const q = tf.sigmoid(tf.neg(z));
      const negatives = tf.sub(1, y);
      const cells = tf.stack([tf.sum(tf.mul(y, p)), tf.sum(tf.mul(y, q)), tf.sum(tf.mul(negatives, p)), tf.sum(tf.mul(negatives, q))]);
      const [truePositives = 0, falseNegatives = 0, falsePositives = 0, trueNegatives = 0] = Array.from(cells.dataSync());
      const soft = { truePositives, falseNegatives, falsePositives, trueNegatives };
      const { positive, negative } = chainRuleCoefficients(metric.partials(soft));
      save([tf.mul(tf.add(tf.mul(y, positive), tf.mul(negatives, negative)), tf.mul(p, q))]);
      return {
        value: tf.scalar(1 - metric.value(soft)),
        gradFunc: (dy: Tf.Tensor, saved: Tf.Tensor[]) => tf.mul(dy, saved[0] as Tf.Tensor),
      };
    };
    // tfjs types the custom function as variadic over (...inputs, save); this one has exactly one input.
    return tf.customGrad(forward as unknown as Parameters<TfModule['customGrad']>[0])(logits) as Tf.Scalar;
  };
}

/**
 * Mean focal loss from logits in tf ops (Lin et al. 2017; the core engine's `focalLoss`): −α (1 − p)^γ log p for
 * positives, −(1 − α) p^γ log(1 − p) for negatives, log p = logSigmoid(z); tfjs differentiates it.
 */
export function focalTfLoss(tf: TfModule, alpha: number, gamma: number): TfLoss {
  // No tf.tidy here: the tape needs the intermediates for the gradient (model.fit disposes them after each step).
  // log σ(x) = −softplus(−x).
  return (yTrue, z) => {
    const positive = tf.mul(tf.mul(alpha, tf.pow(tf.sigmoid(tf.neg(z)), gamma)), tf.neg(tf.softplus(tf.neg(z))));
    const negative = tf.mul(tf.mul(1 - alpha, tf.pow(tf.sigmoid(z), gamma)), tf.neg(tf.softplus(z)));
    return tf.neg(tf.mean(tf.add(tf.mul(yTrue, positive), tf.mul(tf.sub(1, yTrue), negative)))) as Tf.Scalar;
  };
}

/**
 * A loss whose gradient with respect to the logits is divided by n·max|∂loss/∂z_i| of the batch (the core engine's
 * `normalizeBatchGradient`): the value is the inner loss's, the gradient its exact gradient rescaled.
 */
export function normalizedTfLoss(tf: TfModule, inner: TfLoss): TfLoss {
  return (y, logits) => {
    // The exact gradient first (a nested tape: customGrad's forward pass records no gradients itself).
    const { value, grad } = tf.valueAndGrad((x: Tf.Tensor) => inner(y, x))(logits);
    const largest = tf.max(tf.abs(grad));
    const scale = tf.where(tf.greater(largest, 0), tf.div(1, tf.mul(largest, logits.shape[0] ?? 1)), tf.onesLike(largest));
    const scaled = tf.mul(grad, scale);
    const forward = (_z: Tf.Tensor, save: Tf.GradSaveFunc) => {
      save([scaled]);
      return { value: tf.clone(value), gradFunc: (dy: Tf.Tensor, saved: Tf.Tensor[]) => tf.mul(dy, saved[0] as Tf.Tensor) };
    };
    return tf.customGrad(forward as unknown as Parameters<TfModule['customGrad']>[0])(logits) as Tf.Scalar;
  };
}

function unsupported(engine: string, loss: string, why: string): never {
  throw new AnyLossError('INVALID_OPTION', `engine ${engine} cannot train loss ${JSON.stringify(loss)}: ${why}`, {
    argument: 'losses',
    value: loss,
  });
}

function classWeights(labels: Float64Array): { negative: number; positive: number } {
  let positives = 0;
  for (const label of labels) positives += label === 1 ? 1 : 0;
  const n = labels.length;
  return { positive: positives > 0 ? n / (2 * positives) : 1, negative: positives < n ? n / (2 * (n - positives)) : 1 };
}

/**
 * The `tfjs` engine: the same models built with TensorFlow.js layers (CPU backend, float32), AnyLoss losses from
 * `@anyloss/tfjs` `createLoss(metric, { amplification, from: 'logits' })` with the recipe's levers
 * ({@link tfjsRecipeLoss}), baselines from `tf.losses` (`bce`, `bce-thr`, `wbce`, `mse`), {@link focalTfLoss} and
 * {@link softCellsTfLoss} (`soft-f1`). A recipe's prior bias is written into the output layer before training.
 * Logistic: Dense(1) with zero initialisers and SGD; MLP: Dense(2) → BatchNormalization → sigmoid → Dense(1)
 * with seeded Glorot initialisers and Adam. tfjs shuffles mini-batches with Math.random, which is seeded for the
 * length of each fit, so mini-batch runs repeat exactly as well.
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
        model.add(
          tf.layers.dense({
            units: 2,
            inputShape: [width],
            kernelInitializer: tf.initializers.glorotUniform({ seed: request.seed % 2147483647 }),
          }),
        );
        model.add(tf.layers.batchNormalization());
        model.add(tf.layers.activation({ activation: 'sigmoid' }));
        model.add(
          tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: (request.seed + 1) % 2147483647 }) }),
        );
      }
      let loss: TfLoss;
      const epochHooks: ((epoch: number) => void)[] = [];
      if (request.loss === 'bce' || request.loss === 'bce-thr')
        loss = (yTrue, yPred) => tf.losses.sigmoidCrossEntropy(yTrue, yPred) as Tf.Scalar;
      else if (request.loss === 'wbce') {
        const { negative, positive } = classWeights(request.train.labels);
        loss = (yTrue, yPred) =>
          tf.tidy(() => {
            const weights = tf.add(tf.mul(yTrue, positive), tf.mul(tf.sub(1, yTrue), negative));
            return tf.mean(
              tf.mul(weights, tf.losses.sigmoidCrossEntropy(yTrue, yPred, undefined, undefined, tf.Reduction.NONE)),
            ) as Tf.Scalar;
          });
      } else if (request.loss === 'mse') loss = (yTrue, yPred) => tf.losses.meanSquaredError(yTrue, tf.sigmoid(yPred)) as Tf.Scalar;
      else if (request.loss === 'focal') loss = focalTfLoss(tf, focalAlpha(request.train.labels), FOCAL_GAMMA);
      else if (request.loss === 'soft-f1') loss = softCellsTfLoss(tf, metrics.f1);
      else
        loss = tfjsRecipeLoss(
          tf,
          adapter,
          metrics[request.loss as MetricName],
          request.amplification,
          request.recipe ?? {},
          request.epochs,
          epochHooks,
        );
      const priorBias = priorBiasOf(request);
      if (priorBias !== undefined) {
        const output = model.layers[model.layers.length - 1] as Tf.layers.Layer;
        tf.tidy(() => {
          const [kernel, bias] = output.getWeights();
          output.setWeights([kernel as Tf.Tensor, tf.fill(bias?.shape ?? [1], priorBias)]);
        });
      }
      model.compile({
        optimizer: request.model === 'logistic' ? tf.train.sgd(request.learningRate) : tf.train.adam(request.learningRate),
        loss,
      });
      const x = tf.tensor2d(Float32Array.from(request.train.features), [rows, width]);
      const y = tf.tensor2d(Float32Array.from(request.train.labels), [rows, 1]);
      const testX = tf.tensor2d(Float32Array.from(request.testFeatures), [request.testRows, width]);
      try {
        // tfjs shuffles the mini-batches with Math.random: seed it for the length of this fit, so mini-batch runs
        // repeat exactly too (fits run one at a time per thread, so nothing else draws from it meanwhile).
        const original = Math.random;
        Math.random = createRandom(deriveSeed(request.seed, 'tfjs shuffle'));
        let history: Tf.History;
        try {
          history = await model.fit(x, y, {
            epochs: request.epochs,
            batchSize: request.batchSize,
            shuffle: request.batchSize < rows,
            verbose: 0,
            ...(epochHooks.length > 0 ? { callbacks: { onEpochBegin: (epoch: number) => epochHooks.forEach((hook) => hook(epoch)) } } : {}),
          });
        } finally {
          Math.random = original;
        }
        const lossPerEpoch = Float64Array.from((history.history['loss'] ?? []) as number[]);
        const prediction = model.predict(testX) as Tf.Tensor;
        const testScores = Float64Array.from(await prediction.data());
        prediction.dispose();
        return {
          testScores,
          scoreKind: 'logits',
          trace: { lossPerEpoch, initialLoss: lossPerEpoch[0] ?? Number.NaN, steps: request.epochs * Math.ceil(rows / request.batchSize) },
        };
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
 * The tfjs AnyLoss of a recipe: `@anyloss/tfjs` `createLoss(metric, { amplification, from: 'logits' })` (one loss
 * per L, switched at each epoch's start under an amplification schedule) or, for amplification `'none'`,
 * {@link softCellsTfLoss}; plus λ·BCE (`tf.losses.sigmoidCrossEntropy`) for a hybrid, wrapped in
 * {@link normalizedTfLoss} for gradient normalisation. The prior bias is set on the model by the caller.
 */
function tfjsRecipeLoss(
  tf: TfModule,
  adapter: typeof import('@anyloss/tfjs'),
  metric: Metric,
  amplification: number,
  recipe: AnyLossRecipe,
  epochs: number,
  epochHooks: ((epoch: number) => void)[],
): TfLoss {
  const target = recipe.amplification ?? amplification;
  let base: TfLoss;
  if (target === 'none') base = softCellsTfLoss(tf, metric);
  else if (recipe.amplificationStart === undefined) base = adapter.createLoss(metric, { amplification: target, from: 'logits' });
  else {
    const start = recipe.amplificationStart;
    let current: TfLoss = adapter.createLoss(metric, { amplification: start, from: 'logits' });
    epochHooks.push((epoch) => {
      current = adapter.createLoss(metric, { amplification: scheduledAmplification(start, target, epoch, epochs), from: 'logits' });
    });
    base = (yTrue, yPred) => current(yTrue, yPred);
  }
  const bceWeight = recipe.bceWeight ?? 0;
  const hybrid: TfLoss =
    bceWeight > 0
      ? (yTrue, yPred) => tf.add(base(yTrue, yPred), tf.mul(bceWeight, tf.losses.sigmoidCrossEntropy(yTrue, yPred))) as Tf.Scalar
      : base;
  return recipe.normalizeGradient === true ? normalizedTfLoss(tf, hybrid) : hybrid;
}

/**
 * The `brain` engine: brain.js 1.6 `NeuralNetwork`s (sigmoid units; `hiddenLayers: []` for the logistic unit,
 * `[2]` for the MLP, no batch normalisation), trained with `@anyloss/brain`'s `train(net, rows, { metric, ... })`
 * for AnyLoss losses and brain.js's own squared-error training for `mse`. brain.js has no cross-entropy and
 * `@anyloss/brain` always amplifies, so `bce`, `wbce`, `bce-thr`, `focal` and `soft-f1` are rejected, and of the
 * recipe levers only L, gradient normalisation (`gradientScale` `'normalize'` or `'sum'`), the prior bias (brain's
 * seeded initialisation, then the output bias set) and the schedule (one `train` call per epoch) apply. Weights
 * start random (seeded through the adapter), not at 0.
 */
export async function createBrainEngine(): Promise<Engine> {
  const brainModule = (await import('brain.js')) as unknown as { default?: BrainModule } & BrainModule;
  const brain: BrainModule = brainModule.NeuralNetwork !== undefined ? brainModule : (brainModule.default as BrainModule);
  const adapter = await import('@anyloss/brain');
  return {
    name: 'brain',
    fit(request: FitRequest): Promise<FitOutcome> {
      if (!isMetricLoss(request.loss) && request.loss !== 'mse') {
        unsupported(
          'brain',
          request.loss,
          'brain.js trains with squared error only (mse, its own net.train) and @anyloss/brain with amplified AnyLoss; use mse or an AnyLoss metric.',
        );
      }
      const recipe = request.recipe ?? {};
      if (recipe.amplification === 'none')
        unsupported('brain', request.loss, '@anyloss/brain always amplifies (recipe amplification "none" is core and tfjs only).');
      if ((recipe.bceWeight ?? 0) > 0)
        unsupported('brain', request.loss, 'brain.js has no cross-entropy, so the hybrid AnyLoss + λ·BCE is core and tfjs only.');
      const { width, rows } = request.train;
      const data = inputOutputRows(request.train.features, width, request.train.labels);
      const net = new brain.NeuralNetwork({ hiddenLayers: request.model === 'logistic' ? [] : [2], activation: 'sigmoid' });
      const lossPerEpoch = new Float64Array(request.epochs);
      let epoch = 0;
      const record = (status: { error: number }): void => {
        if (epoch < lossPerEpoch.length) lossPerEpoch[epoch++] = status.error;
      };
      if (isMetricLoss(request.loss)) {
        const target = typeof recipe.amplification === 'number' ? recipe.amplification : request.amplification;
        const options = {
          metric: metrics[request.loss],
          batchSize: Math.min(rows, request.batchSize),
          learningRate: request.learningRate,
          errorThresh: 0,
          callback: record,
          callbackPeriod: 1,
          ...(recipe.normalizeGradient !== undefined
            ? { gradientScale: recipe.normalizeGradient ? ('normalize' as const) : ('sum' as const) }
            : {}),
        };
        const priorBias = priorBiasOf(request);
        if (priorBias !== undefined) {
          // Initialise exactly as @anyloss/brain's train would (brain's own initialisation under the seeded
          // Math.random), then move the output bias to the class prior's logit.
          const internals = net as unknown as BrainInternals;
          adapter.withSeededRandom(request.seed, () => internals.verifyIsInitialized(internals.formatData(data)));
          const biases = internals.biases[internals.outputLayer] as Float32Array;
          biases[0] = priorBias;
        }
        const start = recipe.amplificationStart;
        if (start === undefined)
          adapter.train(net as never, data, { ...options, amplification: target, iterations: request.epochs, seed: request.seed });
        else {
          // The schedule changes L every epoch: one epoch per call (brain's momentum lives on the net, so it carries over).
          for (let e = 0; e < request.epochs; e++) {
            adapter.train(net as never, data, {
              ...options,
              amplification: scheduledAmplification(start, target, e, request.epochs),
              iterations: 1,
              seed: (request.seed + e) >>> 0,
            });
          }
        }
      } else {
        adapter.withSeededRandom(request.seed, () =>
          net.train(data, {
            iterations: request.epochs,
            learningRate: request.learningRate,
            errorThresh: 1e-12,
            callback: record,
            callbackPeriod: 1,
          }),
        );
      }
      const testScores = new Float64Array(request.testRows);
      for (let i = 0; i < request.testRows; i++) {
        const output = net.run(Array.from(request.testFeatures.subarray(i * width, (i + 1) * width)));
        testScores[i] = Math.min(1, Math.max(0, Number(output[0])));
      }
      return Promise.resolve({
        testScores,
        scoreKind: 'probabilities',
        trace: epoch > 1 ? { lossPerEpoch: lossPerEpoch.subarray(0, epoch), initialLoss: lossPerEpoch[0] as number, steps: epoch } : null,
      });
    },
  };
}

/** brain.js internals the prior-bias initialisation touches. */
interface BrainInternals {
  formatData(data: unknown): unknown;
  verifyIsInitialized(rows: unknown): void;
  biases: ArrayLike<number>[];
  outputLayer: number;
}

/** The slice of brain.js 1.6 this engine uses. */
interface BrainModule {
  NeuralNetwork: new (options: { hiddenLayers: number[]; activation: string }) => {
    train(data: unknown, options: Record<string, unknown>): unknown;
    run(input: number[]): ArrayLike<number>;
  };
}

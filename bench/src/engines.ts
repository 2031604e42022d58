import { AnyLossError } from '@anyloss/core';
import type { Average, MulticlassAmplifier } from '@anyloss/core/multiclass';
import { createTrainingLoss, type AnyLossRecipe, type LossName } from './losses.js';
import { fitLogistic } from './models/logistic.js';
import { fitMlp } from './models/mlp.js';
import type { TrainingData, TrainingTrace } from './models/types.js';
import { createRandom } from './random.js';

/** Engines that can train the models. */
export const ENGINE_NAMES = ['core', 'tfjs', 'brain'] as const;
/** One of {@link ENGINE_NAMES}. */
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Models the benchmark trains. */
export const MODEL_NAMES = ['logistic', 'mlp'] as const;
/** One of {@link MODEL_NAMES}. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** Everything one fit needs. */
export interface FitRequest {
  /** Which model. */
  readonly model: ModelName;
  /** Which loss. */
  readonly loss: LossName;
  /** Standardised training fold. */
  readonly train: TrainingData;
  /** Standardised test rows, row-major. */
  readonly testFeatures: Float64Array;
  /** Number of test rows. */
  readonly testRows: number;
  /** Passes over the training fold. */
  readonly epochs: number;
  /** Rows per step. */
  readonly batchSize: number;
  /** Step size (gradient descent for `logistic`, Adam for `mlp`). */
  readonly learningRate: number;
  /** AnyLoss amplification L. */
  readonly amplification: number;
  /** Seed for initialisation and shuffling (the same for every loss of a fold). */
  readonly seed: number;
  /** Number of classes K; default 2 (binary). K ≥ 3: softmax outputs, labels are class indices (core engine only). */
  readonly classes?: number;
  /** Multi-class averaging of AnyLoss; default `'macro'`. */
  readonly average?: Average;
  /** Multi-class amplifier of AnyLoss; default `'softmax'`. */
  readonly amplifier?: MulticlassAmplifier;
  /** Recipe levers of a binary AnyLoss loss (absent for baselines and plain AnyLoss); see {@link AnyLossRecipe}. */
  readonly recipe?: AnyLossRecipe;
}

/**
 * The output bias a recipe with `priorBias` starts from: the logit of the training fold's positive share π,
 * log(π/(1−π)); undefined (the usual initialisation) without `priorBias` or when the fold holds a single class.
 */
export function priorBiasOf(request: Pick<FitRequest, 'recipe' | 'train'>): number | undefined {
  if (request.recipe?.priorBias !== true) return undefined;
  const labels = request.train.labels;
  let positives = 0;
  for (const label of labels) positives += label === 1 ? 1 : 0;
  if (positives === 0 || positives === labels.length) return undefined;
  return Math.log(positives / (labels.length - positives));
}

/** What one fit returns. */
export interface FitOutcome {
  /** Scores of the test rows: one per row (binary), or row-major rows × K (multi-class). */
  readonly testScores: Float64Array;
  /** Whether `testScores` are logits or probabilities. */
  readonly scoreKind: 'logits' | 'probabilities';
  /** Training curve, when the engine records one. */
  readonly trace: TrainingTrace | null;
}

/** Something that trains a model for a {@link FitRequest}. */
export interface Engine {
  /** Engine name. */
  readonly name: EngineName;
  /** Trains on `request.train` and scores `request.testFeatures`. */
  fit(request: FitRequest): Promise<FitOutcome>;
}

/**
 * The default engine: plain TypeScript models in float64, gradients from `@anyloss/core` (multi-class:
 * `@anyloss/core/multiclass`; softmax regression and the MLP with a K-way softmax output).
 */
export const coreEngine: Engine = {
  name: 'core',
  fit(request) {
    const loss = createTrainingLoss(request.loss, {
      amplification: request.amplification,
      trainingLabels: request.train.labels,
      ...(request.classes !== undefined ? { classes: request.classes } : {}),
      ...(request.average !== undefined ? { average: request.average } : {}),
      ...(request.amplifier !== undefined ? { amplifier: request.amplifier } : {}),
      ...(request.recipe !== undefined ? { recipe: request.recipe } : {}),
    });
    const initialOutputBias = priorBiasOf(request);
    const options = {
      loss,
      epochs: request.epochs,
      batchSize: request.batchSize,
      learningRate: request.learningRate,
      random: createRandom(request.seed),
      ...(initialOutputBias !== undefined ? { initialOutputBias } : {}),
    };
    const { model, trace } = request.model === 'logistic' ? fitLogistic(request.train, options) : fitMlp(request.train, options);
    return Promise.resolve({ testScores: model.predictLogits(request.testFeatures, request.testRows), scoreKind: 'logits', trace });
  },
};

/**
 * Returns the engine with this name. `tfjs` and `brain` wrap the `@anyloss/tfjs` and `@anyloss/brain` adapters
 * and are loaded lazily, so the core engine never pays for TensorFlow.js.
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` when an engine's adapter cannot be loaded.
 */
export async function loadEngine(name: EngineName): Promise<Engine> {
  if (name === 'core') return coreEngine;
  const adapters = await import('./adapter-engines.js');
  try {
    return name === 'tfjs' ? await adapters.createTfjsEngine() : await adapters.createBrainEngine();
  } catch (error) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `engine ${JSON.stringify(name)} is not available: loading @anyloss/${name} failed (${error instanceof Error ? error.message : String(error)}). Build it (pnpm build) or use --engine core.`,
      { argument: 'engine', value: name },
    );
  }
}

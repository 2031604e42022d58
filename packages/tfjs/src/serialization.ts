/**
 * Saving and loading models compiled with an AnyLoss loss.
 *
 * How tfjs-layers 4 serialises a loss (`LayersModel.getTrainingConfig`, used by `model.save(handler,
 * { includeOptimizer: true })`): a string loss is stored by name; a function loss is stored as the map of its
 * own enumerable string properties — for an ordinary function that is `{}`, and `tf.loadLayersModel` then
 * compiles with `loss: {}`, which leaves the model without a loss function, so `fit` fails after loading.
 * Function metrics are stored by `fn.name` and fail on load as unknown metric names.
 *
 * AnyLoss uses that rule: a loss from `createLoss` has exactly one enumerable property, `anyloss`, a
 * descriptor string, so a plain `model.save` stores `loss: { anyloss: "anyloss:{…}" }`. `loadModel` (load-model.ts)
 * reads it back, rebuilds the loss with core's metric, rebuilds the AnyLoss metrics by name, and lets tfjs-layers
 * restore the optimizer (class, config and, with `includeOptimizer`, its weights: Adam's moments and step
 * count), so `fit` continues where it stopped. Plain `tf.loadLayersModel` cannot compile such a training
 * configuration (`Unknown entry in loss dictionary: "anyloss"`, `Unknown metric f1`); `saveModel` (save-model.ts)
 * therefore stores it in the user-defined metadata instead, and `loadModel` reads either place.
 */
import { AnyLossError, fBeta, metrics as builtInMetrics, type ClassWeight, type Metric, type PredictionKind } from '@anyloss/core';
import type { Average, MulticlassAmplifier, MulticlassOutput } from '@anyloss/core/multiclass';
import { describeValueOrTensor } from './tensor-arguments.js';

/** The key of the enumerable descriptor property of a loss from `createLoss`. */
export const LOSS_DESCRIPTOR_KEY = 'anyloss';
const PREFIX = 'anyloss:';

/** What a saved AnyLoss loss records. */
export interface LossDescriptor {
  readonly metric: string;
  readonly amplification: number;
  readonly from: PredictionKind;
  readonly classWeight: ClassWeight;
  /** Multi-output losses only (descriptor version 2): the average, output kind and amplifier. */
  readonly average?: Average;
  readonly output?: MulticlassOutput;
  readonly amplifier?: MulticlassAmplifier;
}

/**
 * `anyloss:` + JSON, with every capital letter written as a `\u00XX` JSON escape: tfjs-layers passes the stored
 * string through `toSnakeCase` on save, which would rewrite capitals (`balancedAccuracy` → `balanced_accuracy`);
 * a string without capitals passes unchanged, and `JSON.parse` undoes the escapes.
 */
export function encodeLossDescriptor(descriptor: LossDescriptor): string {
  // Version 2 marks a multi-output loss, so that an older @anyloss/tfjs refuses it instead of building a binary loss.
  const json = JSON.stringify({ version: descriptor.average === undefined ? 1 : 2, ...descriptor });
  return PREFIX + json.replace(/[A-Z]/g, (letter) => `\\u00${letter.charCodeAt(0).toString(16)}`);
}

/** Parses a descriptor written by `encodeLossDescriptor`; undefined if `text` is not one. */
export function decodeLossDescriptor(text: unknown): LossDescriptor | undefined {
  if (typeof text !== 'string' || !text.startsWith(PREFIX)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(PREFIX.length));
  } catch {
    parsed = undefined;
  }
  const record = parsed as Partial<LossDescriptor> & { version?: unknown };
  const multiclass =
    typeof record === 'object' &&
    record !== null &&
    record.version === 2 &&
    (record.average === 'macro' || record.average === 'weighted' || record.average === 'micro') &&
    (record.output === 'softmax' || record.output === 'sigmoid') &&
    (record.amplifier === 'softmax' || record.amplifier === 'one-vs-rest');
  if (
    typeof record !== 'object' ||
    record === null ||
    !(record.version === 1 || multiclass) ||
    typeof record.metric !== 'string' ||
    typeof record.amplification !== 'number' ||
    (record.from !== 'probabilities' && record.from !== 'logits')
  ) {
    throw new AnyLossError('INVALID_ARGUMENT', `the saved AnyLoss loss descriptor ${describeValueOrTensor(text)} is malformed.`, {
      argument: 'artifacts.trainingConfig.loss',
      value: text,
    });
  }
  return {
    metric: record.metric,
    amplification: record.amplification,
    from: record.from,
    classWeight: record.classWeight ?? {},
    ...(multiclass
      ? {
          average: record.average as Average,
          output: record.output as MulticlassOutput,
          amplifier: record.amplifier as MulticlassAmplifier,
        }
      : {}),
  };
}

/** tfjs-layers' `toSnakeCase`, which it applies to loss and metric names on save. */
export function toSnakeCase(name: string): string {
  const snake = name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return snake.startsWith('_') ? `private${snake}` : snake;
}

/** tfjs-layers' `toCamelCase`, which it applies to loss and metric names on load. */
export function toCamelCase(identifier: string): string {
  if (identifier.length <= 1 || !identifier.includes('_')) return identifier;
  return identifier.replace(/[_]+(\w|$)/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Metric names that tfjs-layers resolves itself (its metrics and losses usable as metrics); a saved metric with
 * one of these names is left to tfjs, so `accuracy`, `precision` and `recall` load as tfjs's own batch metrics.
 */
const TFJS_METRIC_NAMES = new Set([
  'accuracy',
  'acc',
  'crossentropy',
  'ce',
  'binaryAccuracy',
  'categoricalAccuracy',
  'sparseCategoricalAccuracy',
  'precision',
  'recall',
  'cosineProximity',
  'cosine',
  'meanSquaredError',
  'mse',
  'MSE',
  'meanAbsoluteError',
  'mae',
  'MAE',
  'meanAbsolutePercentageError',
  'mape',
  'MAPE',
  'meanSquaredLogarithmicError',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'kullbackLeiblerDivergence',
  'poisson',
  'squaredHinge',
  'hinge',
  'categoricalHinge',
  'logcosh',
]);

/** True for a metric name tfjs-layers resolves itself (as given or in camel case). */
export function isTfjsMetricName(name: string): boolean {
  return TFJS_METRIC_NAMES.has(toCamelCase(name)) || TFJS_METRIC_NAMES.has(name);
}

/** Finds a metric by its (saved) name among `extra` and the built-ins, including `fβ` names from `fBeta`. */
export function resolveMetric(name: string, extra: readonly Metric[] = []): Metric | undefined {
  const snake = toSnakeCase(name);
  for (const metric of extra) if (metric.name === name || toSnakeCase(metric.name) === snake) return metric;
  for (const metric of Object.values(builtInMetrics)) if (metric.name === name || toSnakeCase(metric.name) === snake) return metric;
  const beta = /^f(\d+(?:\.\d+)?(?:e-?\d+)?)$/.exec(name);
  if (beta !== null) {
    const value = Number(beta[1]);
    if (value > 0 && Number.isFinite(value)) return fBeta(value);
  }
  return undefined;
}

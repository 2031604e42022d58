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
 * descriptor string, so a plain `model.save` stores `loss: { anyloss: "anyloss:{…}" }`. {@link loadModel} reads
 * it back, rebuilds the loss with core's metric, rebuilds the AnyLoss metrics by name, and lets tfjs-layers
 * restore the optimizer (class, config and, with `includeOptimizer`, its weights: Adam's moments and step
 * count), so `fit` continues where it stopped. Plain `tf.loadLayersModel` cannot compile such a training
 * configuration (`Unknown entry in loss dictionary: "anyloss"`, `Unknown metric f1`); `saveModel` (save-model.ts)
 * therefore stores it in the user-defined metadata instead, and `loadModel` reads either place.
 */
import { AnyLossError, isAnyLossError, fBeta, metrics as builtInMetrics, type ClassWeight, type Metric, type PredictionKind } from '@anyloss/core';
import type { Average, MulticlassAmplifier, MulticlassOutput } from '@anyloss/core/multiclass';
import { io } from '@tensorflow/tfjs-core';
import { assertMetric, assertOptions } from '@anyloss/core/internal';
import { describeValueOrTensor } from './internal.js';
import { readTrainingState } from './save-model.js';

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
    ...(multiclass ? { average: record.average as Average, output: record.output as MulticlassOutput, amplifier: record.amplifier as MulticlassAmplifier } : {}),
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
  'accuracy', 'acc', 'crossentropy', 'ce', 'binaryAccuracy', 'categoricalAccuracy', 'sparseCategoricalAccuracy',
  'precision', 'recall', 'cosineProximity', 'cosine', 'meanSquaredError', 'mse', 'MSE', 'meanAbsoluteError', 'mae',
  'MAE', 'meanAbsolutePercentageError', 'mape', 'MAPE', 'meanSquaredLogarithmicError', 'binaryCrossentropy',
  'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'kullbackLeiblerDivergence', 'poisson',
  'squaredHinge', 'hinge', 'categoricalHinge', 'logcosh',
]);

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

/** A tfjs-layers model, as far as {@link loadModel} needs it (type-only: the package never imports tfjs-layers statically). */
export interface CompilableModel {
  readonly optimizer: unknown;
  /** `never` makes any model's `compile(args)` fit (method parameters are compared bivariantly). */
  compile(args: never): void;
}

/** The `tf.loadLayersModel` signature {@link loadModel} calls. */
export type LoadLayersModel<M> = (handler: io.IOHandler, options?: io.LoadOptions) => Promise<M>;

/** Options of {@link loadModel}. */
export interface LoadModelOptions<M> {
  /**
   * The loss to compile with, replacing the saved one: needed for a model saved with a loss that is neither
   * an AnyLoss loss nor a tfjs built-in (tfjs stores such a loss as `{}`), or to change the loss on resume.
   */
  readonly loss?: unknown;
  /**
   * Metrics that are not built in, to resolve saved metric names: core metrics from `defineMetric` (compiled
   * as `createMetric(metric)`) or ready metric functions, e.g. `createMetric(metrics.f1, { threshold: 0.3 })`,
   * matched by name.
   */
  readonly metrics?: readonly (Metric | ((yTrue: never, yPred: never) => unknown))[];
  /**
   * `tf.loadLayersModel` from the caller's TensorFlow.js (recommended with the `@tensorflow/tfjs` bundle).
   * Default: `loadLayersModel` of `@tensorflow/tfjs-layers` (a peer dependency).
   */
  readonly loadLayersModel?: LoadLayersModel<M>;
  /** Passed to `tf.loadLayersModel` (e.g. `{ strict: false }`). */
  readonly loadOptions?: io.LoadOptions;
}

/** Options of a multi-output metric rebuilt from a saved name such as `macro_f1`. */
export interface SavedMetricAverage {
  readonly average: Average;
  readonly output: MulticlassOutput;
}

/**
 * Builds a tfjs metric function for a core metric (with an average for saved names such as `macro_f1`);
 * injected by index.ts to keep this module free of cycles.
 */
type MetricFactory = (metric: Metric, multiclass?: SavedMetricAverage) => unknown;
type LossFactory = (metric: Metric, descriptor: LossDescriptor) => unknown;

async function importLoadLayersModel<M>(): Promise<LoadLayersModel<M>> {
  try {
    const layers = (await import('@tensorflow/tfjs-layers')) as unknown as { loadLayersModel?: LoadLayersModel<M> };
    if (typeof layers.loadLayersModel === 'function') return layers.loadLayersModel;
  } catch {
    // fall through to the error below
  }
  throw new AnyLossError(
    'INVALID_ARGUMENT',
    'loadModel could not import @tensorflow/tfjs-layers; install it, or pass your own loader: ' +
      'loadModel(source, { loadLayersModel: tf.loadLayersModel }).',
    { argument: 'options.loadLayersModel' },
  );
}

function resolveHandler(source: string | io.IOHandler): io.IOHandler {
  if (typeof source !== 'string') {
    if (typeof source !== 'object' || source === null || typeof source.load !== 'function') {
      throw new AnyLossError(
        'INVALID_ARGUMENT',
        `source must be a URL string or a tf.io handler with a load() method, got ${describeValueOrTensor(source)}.`,
        { argument: 'source', value: source },
      );
    }
    return source;
  }
  const handlers = io.getLoadHandlers(source);
  if (handlers.length === 1) return handlers[0] as io.IOHandler;
  if (handlers.length > 1) {
    throw new AnyLossError('INVALID_ARGUMENT', `more than one tf.io handler matches ${describeValueOrTensor(source)}.`, { argument: 'source', value: source });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `no tf.io load handler is registered for ${scheme}:// URLs, so loadModel cannot read ${describeValueOrTensor(source)}. ${WHERE_FROM}`,
      { argument: 'source', value: source },
    );
  }
  try {
    return io.http(source); // what tf.loadLayersModel does with a URL no handler claims (e.g. a relative path in a browser)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AnyLossError('INVALID_ARGUMENT', `loadModel cannot read ${describeValueOrTensor(source)}: ${reason.replace(/\.$/, '')}. ${WHERE_FROM}`, {
      argument: 'source',
      value: source,
    });
  }
}

/** What loadModel can read from, for error messages. */
const WHERE_FROM =
  'loadModel reads http:// and https:// URLs (and relative URLs in a browser), indexeddb:// and localstorage:// in a ' +
  'browser, any scheme whose tf.io handler is registered (file:// needs @tensorflow/tfjs-node), or a tf.io handler: ' +
  'in Node without tfjs-node, read model.json and the weights yourself and pass tf.io.fromMemory(artifacts).';

const NOT_A_MODEL = 'Are these the artifacts of a tfjs-layers model (model.json from model.save)?';

/** Runs a step of loading; an error that is not already an AnyLossError becomes one naming `source`, with the cause. */
async function loading<T>(step: () => Promise<T>, source: string | io.IOHandler, what: string, hint: string): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (isAnyLossError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const from = typeof source === 'string' ? ` from ${describeValueOrTensor(source)}` : '';
    const wrapped = new AnyLossError('INVALID_ARGUMENT', `${what}${from} failed: ${reason.replace(/\.$/, '')}. ${hint}`, {
      argument: 'source',
      value: source,
    });
    Object.defineProperty(wrapped, 'cause', { value: error });
    throw wrapped;
  }
}

/**
 * The implementation of `loadModel` (see index.ts for the public documentation). Factories are injected so that
 * this module does not import the loss and metric modules.
 */
export async function loadModelWith<M extends CompilableModel>(
  source: string | io.IOHandler,
  options: LoadModelOptions<M> | undefined,
  makeLoss: LossFactory,
  makeMetric: MetricFactory,
): Promise<M> {
  assertOptions(options, ['loss', 'metrics', 'loadLayersModel', 'loadOptions']);
  if (options?.metrics !== undefined && !Array.isArray(options.metrics)) {
    throw new AnyLossError('INVALID_OPTION', `options.metrics must be an array of metrics or metric functions, got ${describeValueOrTensor(options.metrics)}.`, {
      argument: 'options.metrics',
      value: options.metrics,
    });
  }
  if (options?.loadOptions !== undefined && (typeof options.loadOptions !== 'object' || options.loadOptions === null)) {
    throw new AnyLossError('INVALID_OPTION', `options.loadOptions must be tf.io load options (an object), got ${describeValueOrTensor(options.loadOptions)}.`, {
      argument: 'options.loadOptions',
      value: options.loadOptions,
    });
  }
  const handler = resolveHandler(source);
  const load = options?.loadLayersModel ?? (await importLoadLayersModel<M>());
  if (typeof load !== 'function') {
    throw new AnyLossError('INVALID_ARGUMENT', `options.loadLayersModel must be a function, got ${describeValueOrTensor(load)}.`, {
      argument: 'options.loadLayersModel',
      value: load,
    });
  }
  const extraMetrics: Metric[] = [];
  const metricFunctions = new Map<string, unknown>();
  for (const [index, entry] of (options?.metrics ?? []).entries()) {
    if (typeof entry === 'function') metricFunctions.set(toSnakeCase(entry.name), entry);
    else {
      assertMetric(entry, `options.metrics[${index}]`);
      extraMetrics.push(entry);
    }
  }

  const saved = await loading(() => (handler.load as () => Promise<io.ModelArtifacts>)(), source, 'reading the model', WHERE_FROM);
  if (typeof saved !== 'object' || saved === null) {
    throw new AnyLossError('INVALID_ARGUMENT', `the tf.io handler's load() returned ${describeValueOrTensor(saved)}, not model artifacts.`, { argument: 'source', value: saved });
  }
  // Either format: trainingConfig from a raw model.save, or the metadata entry of saveModel (removed from what tfjs sees).
  const { trainingConfig, userDefinedMetadata } = readTrainingState(saved);
  const { trainingConfig: _raw, userDefinedMetadata: _metadata, ...weightsAndTopology } = saved;
  const artifacts: io.ModelArtifacts = { ...weightsAndTopology, ...(userDefinedMetadata === undefined ? {} : { userDefinedMetadata: userDefinedMetadata as NonNullable<io.ModelArtifacts['userDefinedMetadata']> }) };
  if (trainingConfig === undefined) {
    if (options?.loss !== undefined) {
      throw new AnyLossError(
        'INVALID_ARGUMENT',
        'these artifacts have no training configuration (no optimizer to resume); save with saveModel(model, destination) ' +
          '(or model.save(handler, { includeOptimizer: true })), or load with tf.loadLayersModel and compile yourself.',
        { argument: 'source' },
      );
    }
    return loading(() => load(io.fromMemory(artifacts), options?.loadOptions), source, 'tf.loadLayersModel', NOT_A_MODEL);
  }

  // The loss: the caller's, the saved AnyLoss descriptor, or a tfjs built-in name left to tfjs.
  const savedLoss = trainingConfig.loss as unknown;
  const savedDescriptor =
    typeof savedLoss === 'object' && savedLoss !== null && !Array.isArray(savedLoss)
      ? decodeLossDescriptor((savedLoss as Record<string, unknown>)[LOSS_DESCRIPTOR_KEY])
      : undefined;
  const savedOutput = savedDescriptor?.output;
  let loss: unknown = options?.loss;
  if (loss === undefined) {
    const descriptor = savedDescriptor;
    if (descriptor !== undefined) {
      const metric = resolveMetric(descriptor.metric, extraMetrics);
      if (metric === undefined) {
        throw new AnyLossError(
          'INVALID_METRIC',
          `the model was trained on the AnyLoss metric ${JSON.stringify(descriptor.metric)}, which is not built in; ` +
            'pass it to loadModel(source, { metrics: [yourMetric] }).',
          { argument: 'options.metrics', value: descriptor.metric },
        );
      }
      loss = makeLoss(metric, descriptor);
    } else if (typeof savedLoss === 'string' || Array.isArray(savedLoss)) {
      loss = Array.isArray(savedLoss) ? savedLoss.map((name) => toCamelCase(String(name))) : toCamelCase(savedLoss);
    } else if (typeof savedLoss === 'object' && savedLoss !== null && Object.keys(savedLoss).length > 0) {
      const map: Record<string, string> = {};
      for (const [output, name] of Object.entries(savedLoss)) map[output] = toCamelCase(String(name));
      loss = map;
    } else {
      throw new AnyLossError(
        'INVALID_ARGUMENT',
        'the saved model was compiled with a custom loss function that tfjs-layers cannot store (saved as {}); ' +
          'pass it again: loadModel(source, { loss }).',
        { argument: 'options.loss', value: savedLoss },
      );
    }
  }

  // Metrics: AnyLoss metrics by name, everything else left to tfjs.
  const savedMetrics = trainingConfig.metrics as unknown;
  const resolveSaved = (name: unknown): unknown => {
    const text = String(name);
    const fromCaller = metricFunctions.get(toSnakeCase(text));
    if (fromCaller !== undefined) return fromCaller;
    const camel = toCamelCase(text);
    if (TFJS_METRIC_NAMES.has(camel) || TFJS_METRIC_NAMES.has(text)) return camel;
    const metric = resolveMetric(camel, extraMetrics) ?? resolveMetric(text, extraMetrics);
    if (metric !== undefined) return makeMetric(metric);
    // Multi-output metrics are logged as `<average>_<metric>` (e.g. macro_f1); their output kind is the loss's.
    const averaged = /^(macro|weighted|micro)_(.+)$/.exec(toSnakeCase(text));
    if (averaged !== null) {
      const inner = resolveMetric(toCamelCase(averaged[2] as string), extraMetrics);
      if (inner !== undefined) return makeMetric(inner, { average: averaged[1] as Average, output: savedOutput ?? 'softmax' });
    }
    return camel; // an unknown name: tfjs reports it
  };
  let compiledMetrics: unknown;
  if (Array.isArray(savedMetrics)) compiledMetrics = savedMetrics.map(resolveSaved);
  else if (typeof savedMetrics === 'object' && savedMetrics !== null && Object.keys(savedMetrics).length > 0) {
    const map: Record<string, unknown> = {};
    for (const [output, name] of Object.entries(savedMetrics)) map[output] = resolveSaved(name);
    compiledMetrics = map;
  }

  // tfjs-layers restores the optimizer (class, config, weights) when it compiles from the training config;
  // give it a built-in placeholder loss and no metrics for that, then compile again with the real ones and the
  // very same optimizer object, so its state (e.g. Adam's moments and step count) is kept.
  const placeholder = { ...trainingConfig, loss: 'mean_squared_error', metrics: [] };
  const model = await loading(
    () => load(io.fromMemory({ ...artifacts, trainingConfig: placeholder }), options?.loadOptions),
    source,
    'tf.loadLayersModel',
    NOT_A_MODEL,
  );
  await loading(
    async () =>
      model.compile({
        optimizer: model.optimizer,
        loss,
        ...(compiledMetrics === undefined ? {} : { metrics: compiledMetrics }),
      } as never),
    source,
    'compiling the loaded model with its saved loss and metrics',
    'Pass what it could not resolve: loadModel(source, { loss, metrics }).',
  );
  return model;
}

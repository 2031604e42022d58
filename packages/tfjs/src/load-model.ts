import { AnyLossError, isAnyLossError, type Metric } from '@anyloss/core';
import { assertMetric, assertOptions } from '@anyloss/core/internal';
import type { Average } from '@anyloss/core/multiclass';
import { io } from '@tensorflow/tfjs-core';
import { describeValueOrTensor } from './tensor-arguments.js';
import { createLoss } from './loss.js';
import { createMetric } from './metric.js';
import { readTrainingState } from './save-model.js';
import {
  decodeLossDescriptor,
  isTfjsMetricName,
  LOSS_DESCRIPTOR_KEY,
  resolveMetric,
  toCamelCase,
  toSnakeCase,
  type LossDescriptor,
} from './serialization.js';

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

/**
 * Loads a model saved with `saveModel(model, destination)` — or with `model.save(handler, { includeOptimizer: true })`,
 * the format of earlier versions — and compiles it again with its AnyLoss loss (rebuilt from the descriptor the
 * save stored), its metrics (AnyLoss metrics rebuilt by name, tfjs built-ins left to tfjs) and its optimizer with
 * the saved state, so `fit` continues where it stopped. Artifacts saved without the optimizer carry no training
 * configuration: they load uncompiled, as with `tf.loadLayersModel`.
 *
 * @example
 * ```ts
 * await saveModel(model, 'indexeddb://my-model');
 * const resumed = await loadModel('indexeddb://my-model', { loadLayersModel: tf.loadLayersModel });
 * await resumed.fit(x, y, { epochs: 5 });
 * ```
 * @param source - a URL (`indexeddb://…`, `localstorage://…`, `http…`, or any registered scheme) or a tf.io handler.
 * @param options - `loss` (override), `metrics` (custom metrics by name), `loadLayersModel`, `loadOptions`.
 * @throws {@link AnyLossError} when the source cannot be read (saying which sources work), or the loss or a metric
 *   cannot be rebuilt (naming what to pass); a failure inside TensorFlow.js is its `cause`.
 */
export async function loadModel<M extends CompilableModel = CompilableModel>(
  source: string | io.IOHandler,
  options?: LoadModelOptions<M>,
): Promise<M> {
  assertLoadOptions(options);
  const handler = resolveHandler(source);
  const load = options?.loadLayersModel ?? (await importLoadLayersModel<M>());
  if (typeof load !== 'function') {
    throw new AnyLossError('INVALID_ARGUMENT', `options.loadLayersModel must be a function, got ${describeValueOrTensor(load)}.`, {
      argument: 'options.loadLayersModel',
      value: load,
    });
  }
  const settings = callerMetrics(options);
  const { artifacts, trainingConfig } = await readArtifacts(handler, source);
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
  const descriptor = savedDescriptor(trainingConfig.loss);
  const loss = options?.loss !== undefined ? options.loss : savedLoss(trainingConfig.loss, descriptor, settings.extraMetrics);
  const metrics = savedMetrics(trainingConfig.metrics, settings, descriptor?.output ?? 'softmax');
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
    async () => model.compile({ optimizer: model.optimizer, loss, ...(metrics === undefined ? {} : { metrics }) } as never),
    source,
    'compiling the loaded model with its saved loss and metrics',
    'Pass what it could not resolve: loadModel(source, { loss, metrics }).',
  );
  return model;
}

/** Checks the options of {@link loadModel}; its metrics are read by {@link callerMetrics}. */
function assertLoadOptions<M>(options: LoadModelOptions<M> | undefined): void {
  assertOptions(options, ['loss', 'metrics', 'loadLayersModel', 'loadOptions']);
  if (options?.metrics !== undefined && !Array.isArray(options.metrics)) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `options.metrics must be an array of metrics or metric functions, got ${describeValueOrTensor(options.metrics)}.`,
      {
        argument: 'options.metrics',
        value: options.metrics,
      },
    );
  }
  if (options?.loadOptions !== undefined && (typeof options.loadOptions !== 'object' || options.loadOptions === null)) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `options.loadOptions must be tf.io load options (an object), got ${describeValueOrTensor(options.loadOptions)}.`,
      {
        argument: 'options.loadOptions',
        value: options.loadOptions,
      },
    );
  }
}

/** The caller's metrics: core metrics (checked), and ready metric functions by their snake-case name. */
interface CallerMetrics {
  readonly extraMetrics: readonly Metric[];
  readonly metricFunctions: ReadonlyMap<string, unknown>;
}

function callerMetrics<M>(options: LoadModelOptions<M> | undefined): CallerMetrics {
  const extraMetrics: Metric[] = [];
  const metricFunctions = new Map<string, unknown>();
  for (const [index, entry] of (options?.metrics ?? []).entries()) {
    if (typeof entry === 'function') metricFunctions.set(toSnakeCase(entry.name), entry);
    else {
      assertMetric(entry, `options.metrics[${index}]`);
      extraMetrics.push(entry);
    }
  }
  return { extraMetrics, metricFunctions };
}

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

/** What loadModel can read from, for error messages. */
const WHERE_FROM =
  'loadModel reads http:// and https:// URLs (and relative URLs in a browser), indexeddb:// and localstorage:// in a ' +
  'browser, any scheme whose tf.io handler is registered (file:// needs @tensorflow/tfjs-node), or a tf.io handler: ' +
  'in Node without tfjs-node, read model.json and the weights yourself and pass tf.io.fromMemory(artifacts).';

const NOT_A_MODEL = 'Are these the artifacts of a tfjs-layers model (model.json from model.save)?';

/** The tf.io handler for `source`: the handler itself, the one registered for its scheme, or `tf.io.http`. */
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
  const [handler, ...others] = io.getLoadHandlers(source);
  if (handler !== undefined && others.length === 0) return handler;
  if (handler !== undefined) {
    throw new AnyLossError('INVALID_ARGUMENT', `more than one tf.io handler matches ${describeValueOrTensor(source)}.`, {
      argument: 'source',
      value: source,
    });
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
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `loadModel cannot read ${describeValueOrTensor(source)}: ${reason.replace(/\.$/, '')}. ${WHERE_FROM}`,
      {
        argument: 'source',
        value: source,
      },
    );
  }
}

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
 * Reads the artifacts and their training configuration, in either format: `trainingConfig` from a raw
 * `model.save`, or the metadata entry of `saveModel` (removed from what tfjs sees).
 */
async function readArtifacts(
  handler: io.IOHandler,
  source: string | io.IOHandler,
): Promise<{ artifacts: io.ModelArtifacts; trainingConfig: io.TrainingConfig | undefined }> {
  const saved = await loading(() => (handler.load as () => Promise<io.ModelArtifacts>)(), source, 'reading the model', WHERE_FROM);
  if (typeof saved !== 'object' || saved === null) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `the tf.io handler's load() returned ${describeValueOrTensor(saved)}, not model artifacts.`,
      {
        argument: 'source',
        value: saved,
      },
    );
  }
  const { trainingConfig, userDefinedMetadata } = readTrainingState(saved);
  const { trainingConfig: _raw, userDefinedMetadata: _metadata, ...weightsAndTopology } = saved;
  const metadata =
    userDefinedMetadata === undefined
      ? {}
      : { userDefinedMetadata: userDefinedMetadata as NonNullable<io.ModelArtifacts['userDefinedMetadata']> };
  return { artifacts: { ...weightsAndTopology, ...metadata }, trainingConfig };
}

/** The AnyLoss descriptor of a saved loss (`{ anyloss: "anyloss:{…}" }`), if it is one. */
function savedDescriptor(savedLoss: unknown): LossDescriptor | undefined {
  return typeof savedLoss === 'object' && savedLoss !== null && !Array.isArray(savedLoss)
    ? decodeLossDescriptor((savedLoss as Record<string, unknown>)[LOSS_DESCRIPTOR_KEY])
    : undefined;
}

/** The loss to compile with: the AnyLoss loss rebuilt from its descriptor, or tfjs built-in names left to tfjs. */
function savedLoss(saved: unknown, descriptor: LossDescriptor | undefined, extraMetrics: readonly Metric[]): unknown {
  if (descriptor !== undefined) return rebuildLoss(descriptor, extraMetrics);
  if (typeof saved === 'string') return toCamelCase(saved);
  if (Array.isArray(saved)) return saved.map((name) => toCamelCase(String(name)));
  if (typeof saved === 'object' && saved !== null && Object.keys(saved).length > 0) {
    return Object.fromEntries(Object.entries(saved).map(([output, name]) => [output, toCamelCase(String(name))]));
  }
  throw new AnyLossError(
    'INVALID_ARGUMENT',
    'the saved model was compiled with a custom loss function that tfjs-layers cannot store (saved as {}); ' +
      'pass it again: loadModel(source, { loss }).',
    { argument: 'options.loss', value: saved },
  );
}

/** `createLoss` with the saved settings, for the saved metric (built in, or among the caller's `metrics`). */
function rebuildLoss(descriptor: LossDescriptor, extraMetrics: readonly Metric[]): unknown {
  const metric = resolveMetric(descriptor.metric, extraMetrics);
  if (metric === undefined) {
    throw new AnyLossError(
      'INVALID_METRIC',
      `the model was trained on the AnyLoss metric ${JSON.stringify(descriptor.metric)}, which is not built in; ` +
        'pass it to loadModel(source, { metrics: [yourMetric] }).',
      { argument: 'options.metrics', value: descriptor.metric },
    );
  }
  const { amplification, from } = descriptor;
  if (descriptor.average === undefined) return createLoss(metric, { amplification, from, classWeight: descriptor.classWeight });
  return createLoss(metric, {
    amplification,
    from,
    average: descriptor.average,
    ...(descriptor.output === undefined ? {} : { output: descriptor.output }),
    ...(descriptor.amplifier === undefined ? {} : { amplifier: descriptor.amplifier }),
  });
}

/** The metrics to compile with (a list or a map per output, as saved), or undefined when none were saved. */
function savedMetrics(saved: unknown, settings: CallerMetrics, output: 'softmax' | 'sigmoid'): unknown {
  const resolve = (name: unknown): unknown => resolveSavedMetric(String(name), settings, output);
  if (Array.isArray(saved)) return saved.map(resolve);
  if (typeof saved === 'object' && saved !== null && Object.keys(saved).length > 0) {
    return Object.fromEntries(Object.entries(saved).map(([key, name]) => [key, resolve(name)]));
  }
  return undefined;
}

/**
 * A saved metric name as a metric to compile with: the caller's function of that name, a tfjs built-in (left to
 * tfjs), an AnyLoss metric rebuilt with `createMetric` — multi-output ones are logged as `<average>_<metric>`, e.g.
 * `macro_f1`, with the loss's output kind — or, unknown, the name itself (tfjs reports it).
 */
function resolveSavedMetric(text: string, settings: CallerMetrics, output: 'softmax' | 'sigmoid'): unknown {
  const fromCaller = settings.metricFunctions.get(toSnakeCase(text));
  if (fromCaller !== undefined) return fromCaller;
  const camel = toCamelCase(text);
  if (isTfjsMetricName(text)) return camel;
  const metric = resolveMetric(camel, settings.extraMetrics) ?? resolveMetric(text, settings.extraMetrics);
  if (metric !== undefined) return createMetric(metric);
  const averaged = /^(macro|weighted|micro)_(.+)$/.exec(toSnakeCase(text));
  const inner = averaged === null ? undefined : resolveMetric(toCamelCase(averaged[2] ?? ''), settings.extraMetrics);
  if (averaged !== null && inner !== undefined) return createMetric(inner, { average: averaged[1] as Average, output });
  return camel;
}

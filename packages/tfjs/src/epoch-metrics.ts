/**
 * `epochMetrics`: exact epoch-level metrics as a real tfjs-layers callback.
 *
 * How tfjs-layers 4 runs callbacks (`base_callbacks.ts`, `engine/training.ts`):
 * - `fit` passes its `callbacks` through `standardizeCallbacks`: if the FIRST entry is a `BaseCallback`
 *   instance, the list is used as is; otherwise every entry is wrapped in a `CustomCallback`, which copies the
 *   entry's `onEpochEnd` & co. as unbound functions and never calls `setModel` on it. (A `tf.Callback` such as
 *   `EarlyStopping` that is wrapped this way loses its `this`.)
 * - `configureCallbacks` builds the list `[BaseLogger, …callbacks registered with registerCallbackConstructor,
 *   …the user's callbacks, History]`; at the end of an epoch each one's `onEpochEnd(epoch, logs)` runs in that
 *   order on the same `logs` object.
 *
 * So `epochMetrics` returns a `tf.Callback` subclass (never wrapped when it comes first, so the callbacks after
 * it keep their `this`), and the order of the user's list does not matter: on first use, `epochMetrics`
 * registers one small callback constructor with tfjs (`registerCallbackConstructor`, verbosity 0). tfjs then
 * creates an {@link EpochMetricsRunner} for every `fit`, placed before all of the user's callbacks. An
 * `epochMetrics` callback attaches itself to the runner of the model it is trained with (`onTrainBegin`), and
 * the runner evaluates the attached callbacks at the start of every epoch end — before `EarlyStopping`,
 * checkpoint-style callbacks and `History` look at the logs, wherever `epochMetrics` sits in the list. Its own
 * `onEpochEnd` then only writes the same values again; it evaluates by itself only when it is not attached
 * (e.g. called by hand, or a second copy of tfjs-layers runs `fit`).
 */
import { AnyLossError, isAnyLossError, confusionMatrix } from '@anyloss/core';
import { averageMetric, multiclassConfusionMatrix, sumCells } from '@anyloss/core/multiclass';
import type { Tensor } from '@tensorflow/tfjs-core';
import { Callback, registerCallbackConstructor } from '@tensorflow/tfjs-layers';
import {
  resolveEpochMetricsOptions,
  type EpochEvaluation,
  type EpochMetricsOptions,
  type PredictingModel,
  type ResolvedEpochMetricsOptions,
} from './epoch-metrics-options.js';
import { assertBinaryTensor, isTensor } from './tensor-arguments.js';
import { assertPredictionMatrix } from './multiclass-tensors.js';

export type { EpochEvaluation, EpochMetricsOptions, PredictingModel } from './epoch-metrics-options.js';

/** The logs tfjs passes to callbacks: numbers, or scalars it has not read yet. */
type EpochLogs = NonNullable<Parameters<Callback['onEpochEnd']>[1]>;
/** What tfjs passes to `setModel`. */
type FitModel = Parameters<Callback['setModel']>[0];

/** The runner of the `fit` currently training each model (set in `setModel`, removed in `onTrainEnd`). */
const runners = new WeakMap<object, EpochMetricsRunner>();

/**
 * Created by tfjs for every `fit` (see the module comment), before the user's callbacks: at the end of an epoch
 * it lets the `epochMetrics` callbacks of this `fit` write their values into the logs first.
 */
class EpochMetricsRunner extends Callback {
  readonly #attached = new Set<EpochMetricsCallback>();
  #model: object | undefined;

  override setModel(model: FitModel): void {
    this.#model = model;
    runners.set(model, this);
  }

  attach(callback: EpochMetricsCallback): void {
    this.#attached.add(callback);
  }

  override async onEpochEnd(epoch: number, logs?: EpochLogs): Promise<void> {
    for (const callback of this.#attached) await callback.evaluateFor(this, epoch, logs);
  }

  override async onTrainEnd(): Promise<void> {
    if (this.#model !== undefined && runners.get(this.#model) === this) runners.delete(this.#model);
    this.#attached.clear();
  }
}

let registered = false;

/** Registers {@link EpochMetricsRunner} with tfjs-layers once (from the first `epochMetrics` call, not at import). */
function registerRunner(): void {
  if (registered) return;
  registerCallbackConstructor(0, EpochMetricsRunner);
  registered = true;
}

/**
 * The callback {@link epochMetrics} returns: a `tf.Callback`, so tfjs calls it directly (with `setModel`) and
 * the callbacks after it in the list stay real callbacks. Its methods are bound, so it also works when tfjs
 * wraps it in a `CustomCallback` (when a plain object comes first in the list; then pass `options.model`).
 */
export class EpochMetricsCallback extends Callback {
  readonly #options: ResolvedEpochMetricsOptions;
  /** The model tfjs gave in `setModel` (undefined when tfjs wrapped the callback). */
  #fitModel: PredictingModel | undefined;
  #runner: EpochMetricsRunner | undefined;
  /** The runner and epoch of the last evaluation, so that it runs once per epoch. */
  #evaluated: { readonly runner: EpochMetricsRunner | undefined; readonly epoch: number } | undefined;
  #labels: Float32Array | Int32Array | undefined; // read once, on the first evaluation
  #last: EpochEvaluation | undefined;

  /** @internal Use {@link epochMetrics}. */
  constructor(options: ResolvedEpochMetricsOptions) {
    super();
    this.#options = options;
    // Bound, so that tfjs's CustomCallback wrapper (which copies the methods) can call them.
    this.setModel = this.setModel.bind(this);
    this.onTrainBegin = this.onTrainBegin.bind(this);
    this.onEpochEnd = this.onEpochEnd.bind(this);
    this.onTrainEnd = this.onTrainEnd.bind(this);
  }

  /** The most recent evaluation, after the first epoch. */
  get last(): EpochEvaluation | undefined {
    return this.#last;
  }

  override setModel(model: FitModel): void {
    this.#fitModel = model as unknown as PredictingModel;
  }

  override async onTrainBegin(): Promise<void> {
    // Attach to this fit's runner, found by the model: tfjs's, or the one passed in the options. tfjs gives
    // callbacks the model that runs the fit loop, which for a tf.Sequential is its inner model (`.model`).
    const given = this.#options.model as (PredictingModel & { readonly model?: unknown }) | undefined;
    const candidates = [this.#fitModel, given, given?.model].filter(
      (model): model is object => typeof model === 'object' && model !== null,
    );
    this.#runner = undefined;
    this.#evaluated = undefined;
    for (const model of candidates) {
      const runner = runners.get(model);
      if (runner !== undefined) {
        runner.attach(this);
        this.#runner = runner;
        break;
      }
    }
  }

  override async onEpochEnd(epoch: number, logs?: EpochLogs): Promise<void> {
    await this.evaluateFor(this.#runner, epoch, logs);
  }

  override async onTrainEnd(): Promise<void> {
    this.#runner = undefined;
    this.#fitModel = undefined;
  }

  /** @internal Evaluates once per (runner, epoch) and writes the values into `logs`. */
  async evaluateFor(runner: EpochMetricsRunner | undefined, epoch: number, logs: EpochLogs | undefined): Promise<void> {
    const done =
      this.#evaluated !== undefined && runner !== undefined && this.#evaluated.runner === runner && this.#evaluated.epoch === epoch;
    if (!done) {
      await this.#evaluate(epoch);
      this.#evaluated = { runner, epoch };
    }
    if (logs !== undefined && this.#last !== undefined) {
      for (const [key, value] of Object.entries(this.#last.values)) {
        const previous = logs[key];
        if (isTensor(previous) && previous !== (value as unknown)) previous.dispose(); // fit's batch-averaged scalar
        logs[key] = value;
      }
    }
  }

  async #evaluate(epoch: number): Promise<EpochEvaluation> {
    const options = this.#options;
    const model = options.model ?? this.#fitModel;
    if (model === undefined || model === null || typeof model.predict !== 'function') {
      throw new AnyLossError(
        'INVALID_ARGUMENT',
        'epochMetrics has no model: tfjs wrapped the callback in a CustomCallback (the first entry of the callbacks ' +
          'list is a plain object), which is never given the model; pass it: epochMetrics({ model, validationData, metrics }), ' +
          'or wrap plain objects in new tf.CustomCallback({ … }).',
        { argument: 'options.model' },
      );
    }
    this.#labels ??= (await options.y.data()) as Float32Array | Int32Array;
    const { scores, classes } = await predictScores(model, options);
    const evaluation = evaluateScores(options, this.#labels, scores, classes);
    this.#last = evaluation;
    if (options.onEvaluate !== undefined) await options.onEvaluate(epoch, evaluation);
    return evaluation;
  }
}

/** The model's predictions on the validation inputs, checked (one output of the labels' shape) and read; K for multi-output. */
async function predictScores(
  model: PredictingModel,
  options: ResolvedEpochMetricsOptions,
): Promise<{ scores: ArrayLike<number>; classes: number }> {
  const { x, inputs, samples, average, batchSize, labelClasses } = options;
  let result: Tensor | Tensor[];
  try {
    result = model.predict(Array.isArray(x) ? [...inputs] : (x as Tensor), { batchSize });
  } catch (error) {
    if (isAnyLossError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const wrapped = new AnyLossError(
      'INVALID_ARGUMENT',
      `model.predict failed on options.validationData[0]: ${reason.replace(/\.$/, '')}. Do the validation inputs have the shape the model takes?`,
      { argument: 'options.validationData[0]' },
    );
    Object.defineProperty(wrapped, 'cause', { value: error });
    throw wrapped;
  }
  const prediction: unknown[] = Array.isArray(result) ? result : [result];
  try {
    if (prediction.length !== 1) {
      throw new AnyLossError('INVALID_ARGUMENT', `epochMetrics needs a model with one output, got ${prediction.length}.`, {
        argument: 'model',
      });
    }
    let classes = 1;
    if (average === undefined) assertBinaryTensor(prediction[0], 'model output', { size: samples, of: 'the validation labels' });
    else classes = assertModelMatrix(prediction[0], samples, labelClasses);
    return { scores: await (prediction[0] as Tensor).data(), classes };
  } finally {
    for (const tensor of prediction) if (isTensor(tensor)) tensor.dispose();
  }
}

/** The hard confusion matrix of the whole validation set (core's, per class for K outputs) and each metric's exact value. */
function evaluateScores(
  options: ResolvedEpochMetricsOptions,
  labels: Float32Array | Int32Array,
  scores: ArrayLike<number>,
  classes: number,
): EpochEvaluation {
  const { average, output, threshold, from, prefix } = options;
  const values: Record<string, number> = {};
  if (average === undefined) {
    const cells = withValidationNames(() => confusionMatrix(labels, scores, { threshold, from }));
    for (const metric of options.metrics) values[prefix + metric.name] = metric.value(cells);
    return { cells, values };
  }
  const { matrix, cells: classCells } = withValidationNames(() =>
    multiclassConfusionMatrix(labels, scores, { output, from, classes, threshold }),
  );
  for (const metric of options.metrics) values[`${prefix}${average}_${metric.name}`] = averageMetric(metric, classCells, average);
  return { cells: sumCells(classCells), classCells, ...(matrix === undefined ? {} : { matrix }), values };
}

/**
 * A `model.fit` callback that, at the end of every epoch, predicts the whole validation set, sums its HARD
 * confusion matrix with core's `confusionMatrix`, and writes each metric's exact value into the epoch logs
 * (`val_f1`, `val_mcc`, …) — and so into `history.history` and every other callback. This replaces the
 * batch-averaged values tfjs logs for compiled metrics, which are not the F1 (or MCC, …) of the epoch.
 *
 * It is a `tf.Callback`, and its values are in the logs before any of your callbacks runs, whatever their order:
 * `tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max' })` works before or after it. (Give
 * `mode: 'max'`: tfjs's `'auto'` minimises every key without "acc" in its name.) Like every `tf.Callback`,
 * it shares a list with plain-object callbacks only if they are wrapped: `new tf.CustomCallback({ onEpochEnd })`.
 *
 * @example
 * ```ts
 * const history = await model.fit(x, y, {
 *   epochs: 50,
 *   callbacks: [
 *     epochMetrics({ model, validationData: [xVal, yVal], metrics: [metrics.f1, metrics.mcc] }),
 *     tf.callbacks.earlyStopping({ monitor: 'val_f1', mode: 'max', patience: 5 }),
 *   ],
 * });
 * history.history.val_f1; // one exact F1 per epoch
 * ```
 * @throws {@link AnyLossError} for bad options; the callback throws it for a model output of the wrong shape or
 *   with non-finite values.
 */
export function epochMetrics(options: EpochMetricsOptions): EpochMetricsCallback {
  const resolved = resolveEpochMetricsOptions(options);
  registerRunner();
  return new EpochMetricsCallback(resolved);
}

/**
 * Runs core on the validation labels and the model's predictions, renaming core's `yTrue` / `yPred` in its
 * errors to what the user passed: `options.validationData[1]` and the model output.
 */
function withValidationNames<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (isAnyLossError(error) && /^y(True|Pred)/.test(error.argument)) {
      const rename = (text: string): string =>
        text.replace(/\byTrue\b/g, 'options.validationData[1]').replace(/\byPred\b/g, 'model output');
      const hint = error.argument.startsWith('yPred') ? ' (the model output on the validation data; did training diverge?)' : '';
      throw new AnyLossError(error.code, rename(error.message) + hint, {
        argument: rename(error.argument),
        ...(error.index === undefined ? {} : { index: error.index }),
        value: error.value,
      });
    }
    throw error;
  }
}

/** Checks a multi-output model's prediction `[n, K]` against the labels. Returns K. */
function assertModelMatrix(prediction: unknown, samples: number, classes: number | undefined): number {
  const [n, k] = assertPredictionMatrix(prediction, 'model output');
  if (n !== samples || (classes !== undefined && k !== classes)) {
    throw new AnyLossError(
      'LENGTH_MISMATCH',
      `the model output has shape [${n}, ${k}] but the validation labels need [${samples}, ${classes ?? 'K'}].`,
      { argument: 'model output', value: [n, k] },
    );
  }
  return k;
}

import { AnyLossError, type ClassWeight, type Metric } from '@anyloss/core';
import {
  assertAmplification,
  assertOptions,
  cellScale,
  describeValue,
  readAverage,
  readClassWeight as coreReadClassWeight,
  readMetric,
} from '@anyloss/core/internal';
import { DEFAULT_SOFTMAX_AMPLIFICATION, type Average } from '@anyloss/core/multiclass';
import type { GradientScale } from './gradient-scale.js';

/** How per-class metrics are combined for a net with K ≥ 2 output nodes: core's `Average`. */
export type { Average };

/**
 * What the K output nodes of a net mean: `'multiclass'` — exactly one class per row (one-hot `output`, evaluated by
 * argmax); `'multilabel'` — any set of classes per row (0/1 per node, evaluated by thresholding each node at 0.5).
 */
export type Task = 'multiclass' | 'multilabel';

/** What {@link train} reports to `log` and `callback`, and returns. */
export interface TrainStatus {
  /** The AnyLoss value `1 − metric` of the last epoch, from the soft confusion cells summed over its batches. */
  readonly error: number;
  /** Epochs (passes over the data) completed. */
  readonly iterations: number;
}

/** Options of {@link train} and {@link trainAsync}: brain.js's `net.train` options plus the AnyLoss ones. */
export interface TrainOptions {
  /** The metric to optimise, e.g. `metrics.f1`, `fBeta(2)`, `metrics.balancedAccuracy`. Required. */
  readonly metric: Metric;
  /**
   * How per-class metrics are combined for a net with K ≥ 2 output nodes: `'macro'`, `'weighted'` or `'micro'`.
   * Required for such nets (it is what makes the net multi-output); not allowed for a single output node.
   */
  readonly average?: Average;
  /** For K ≥ 2 output nodes: `'multiclass'` (default; one-hot outputs, argmax) or `'multilabel'` (0/1 per node). */
  readonly task?: Task;
  /**
   * Amplification scale L of A(p) = σ(L·(p − 0.5)). Default {@link TRAIN_DEFAULTS}`.amplification` (measured; see
   * README; the paper's 73 was tuned for full-batch descent); per node for `task: 'multilabel'`, default
   * {@link TRAIN_DEFAULTS}`.multilabelAmplification`. For `task: 'multiclass'` it is the L of core's sharpened
   * softmax amplifier, default {@link TRAIN_DEFAULTS}`.multiclassAmplification` (core's measured
   * `DEFAULT_SOFTMAX_AMPLIFICATION`).
   */
  readonly amplification?: number;
  /** Rows per mini-batch; the confusion-matrix gradient is computed over each batch. Default {@link TRAIN_DEFAULTS}`.batchSize` (a whole epoch if fewer rows). */
  readonly batchSize?: number;
  /**
   * How the batch gradient is scaled into brain's output error term: `'sum'` or `'normalize'` (see
   * {@link GradientScale}). Default {@link TRAIN_DEFAULTS}`.gradientScale` (one output node),
   * {@link TRAIN_DEFAULTS}`.multiOutputGradientScale` (K ≥ 2).
   */
  readonly gradientScale?: GradientScale;
  /** Shuffle the rows before every epoch (default true). */
  readonly shuffle?: boolean;
  /** Seed of the shuffling PRNG and, when `train` initialises the net, of its initial weights. Default: unseeded. */
  readonly seed?: number;
  /** One non-negative weight per row of `data`. */
  readonly sampleWeight?: ArrayLike<number>;
  /** Per-class weights `{ 0: negatives, 1: positives }`, multiplied into the sample weights (single output node only). */
  readonly classWeight?: ClassWeight;
  /** Maximum epochs (passes over the data). Default {@link TRAIN_DEFAULTS}`.iterations`. */
  readonly iterations?: number;
  /**
   * Step size of brain.js's update rule `change = learningRate·gradient + momentum·change`. Default
   * {@link TRAIN_DEFAULTS}`.learningRate` (one output node), {@link TRAIN_DEFAULTS}`.multiOutputLearningRate` (K ≥ 2).
   */
  readonly learningRate?: number;
  /** Momentum of that rule, in [0, 1). Default {@link TRAIN_DEFAULTS}`.momentum`. */
  readonly momentum?: number;
  /** Stop when the epoch's AnyLoss value is at most this. Default {@link TRAIN_DEFAULTS}`.errorThresh`. */
  readonly errorThresh?: number;
  /** `true` logs `iterations: N, training error: E` with console.log; a function receives the status. Default false. */
  readonly log?: boolean | ((status: TrainStatus) => void);
  /** Epochs between log calls. Default {@link TRAIN_DEFAULTS}`.logPeriod`. */
  readonly logPeriod?: number;
  /** Called with the status every `callbackPeriod` epochs. */
  readonly callback?: (status: TrainStatus) => void;
  /** Epochs between callback calls. Default {@link TRAIN_DEFAULTS}`.callbackPeriod`. */
  readonly callbackPeriod?: number;
  /** Maximum training time in milliseconds. Default Infinity. */
  readonly timeout?: number;
}

/**
 * The defaults of {@link train}. One output node (binary): the recipe `pnpm bench -- recipe-study` chose for brain on
 * the tuning half of the repository's imbalanced datasets (`amplification`, `learningRate`, `gradientScale`).
 * K ≥ 2 output nodes keep their own values (`multiOutputLearningRate`, `multiOutputGradientScale`,
 * `multilabelAmplification`, `multiclassAmplification`): the multi-class L was measured for brain, and the binary
 * recipe trains multi-label nets more slowly. The rest is shared. See the README, "How the defaults were chosen".
 */
export const TRAIN_DEFAULTS = Object.freeze({
  /** L of A(p) = σ(L·(p − 0.5)) for one output node. */
  amplification: 5,
  /** brain's learning rate for one output node. */
  learningRate: 0.1,
  /** How the gradient becomes brain's error term for one output node. */
  gradientScale: 'sum' as GradientScale,
  /** L of A(p) per node for K ≥ 2 output nodes and `task: 'multilabel'`. */
  multilabelAmplification: 30,
  /** L of the sharpened softmax amplifier for K ≥ 2 output nodes and `task: 'multiclass'` (core's `DEFAULT_SOFTMAX_AMPLIFICATION`). */
  multiclassAmplification: DEFAULT_SOFTMAX_AMPLIFICATION,
  /** brain's learning rate for K ≥ 2 output nodes. */
  multiOutputLearningRate: 0.3,
  /** How the gradient becomes brain's error term for K ≥ 2 output nodes. */
  multiOutputGradientScale: 'normalize' as GradientScale,
  batchSize: 64,
  iterations: 200,
  momentum: 0.1,
  errorThresh: 0.005,
  logPeriod: 10,
  callbackPeriod: 10,
  timeout: Infinity,
  shuffle: true,
});

/** The options after validation, with defaults filled in. */
export interface ResolvedTrainOptions {
  readonly metric: Metric;
  /** Set when the net has K ≥ 2 output nodes. */
  readonly average: Average | undefined;
  readonly task: Task | undefined;
  readonly amplification: number;
  readonly batchSize: number;
  readonly gradientScale: GradientScale;
  readonly shuffle: boolean;
  readonly seed: number | undefined;
  readonly sampleWeight: Float64Array | undefined;
  readonly classWeight: ClassWeight | undefined;
  readonly iterations: number;
  readonly learningRate: number;
  readonly momentum: number;
  readonly errorThresh: number;
  readonly log: ((status: TrainStatus) => void) | undefined;
  readonly logPeriod: number;
  readonly callback: ((status: TrainStatus) => void) | undefined;
  readonly callbackPeriod: number;
  readonly timeout: number;
}

const KNOWN_OPTIONS = [
  'metric',
  'average',
  'task',
  'amplification',
  'batchSize',
  'gradientScale',
  'shuffle',
  'seed',
  'sampleWeight',
  'classWeight',
  'iterations',
  'learningRate',
  'momentum',
  'errorThresh',
  'log',
  'logPeriod',
  'callback',
  'callbackPeriod',
  'timeout',
] as const;

function invalid(name: string, requirement: string, value: unknown): never {
  throw new AnyLossError('INVALID_OPTION', `options.${name} must be ${requirement}, got ${describeValue(value)}.`, {
    argument: `options.${name}`,
    value,
  });
}

function positiveInteger(record: Record<string, unknown>, name: string, fallback: number): number {
  const value = record[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) invalid(name, 'a positive integer', value);
  return value;
}

function number(
  record: Record<string, unknown>,
  name: string,
  fallback: number,
  accepts: (value: number) => boolean,
  requirement: string,
): number {
  const value = record[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || !accepts(value)) invalid(name, requirement, value);
  return value;
}

/**
 * Weights are given in any unit, but the epoch's soft cells are sums over its batches: with weights near 1e308 they
 * overflow. Metrics are scale-invariant, so the trainer works with the weights times core's `cellScale` of the
 * largest (1, i.e. unchanged, inside [2⁻⁶⁴, 2⁶⁴]); the loss, the gradient and the reported error are the same.
 */
function scaleWeights(weights: Float64Array): Float64Array {
  const scale = cellScale(weights.reduce((largest, weight) => Math.max(largest, weight), 0));
  if (scale !== 1) weights.forEach((weight, i) => (weights[i] = weight * scale));
  return weights;
}

function readSampleWeight(value: unknown, rows: number): Float64Array | undefined {
  if (value === undefined) return undefined;
  const argument = 'options.sampleWeight';
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    invalid('sampleWeight', 'an array of one weight per row', value);
  }
  const weights = value as ArrayLike<unknown>;
  if (weights.length !== rows) {
    throw new AnyLossError('LENGTH_MISMATCH', `${argument} has length ${weights.length} but data has ${rows} rows; they must match.`, {
      argument,
      value: weights.length,
    });
  }
  const result = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const weight = weights[i];
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new AnyLossError(
        'INVALID_WEIGHT',
        `${argument}[${i}] (the weight of data[${i}]) must be a finite number ≥ 0, got ${describeValue(weight)}.`,
        {
          argument,
          index: i,
          value: weight,
        },
      );
    }
    result[i] = weight;
  }
  return scaleWeights(result);
}

function readClassWeight(value: unknown): ClassWeight | undefined {
  if (value === undefined) return undefined;
  const scaled = scaleWeights(Float64Array.from(coreReadClassWeight(value))); // core's rules and messages
  const [negative = 1, positive = 1] = scaled;
  return { 0: negative, 1: positive };
}

function readLog(value: unknown): ((status: TrainStatus) => void) | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return (status) => console.log(`iterations: ${status.iterations}, training error: ${status.error}`);
  if (typeof value === 'function') return value as (status: TrainStatus) => void;
  return invalid('log', 'a boolean or a function', value);
}

/**
 * Validates the options of {@link train} and fills in {@link TRAIN_DEFAULTS}. Unknown options are errors
 * (brain.js's own `train` drops them silently).
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT`, `UNKNOWN_OPTION`, `INVALID_OPTION`, `INVALID_METRIC`,
 *   `INVALID_AMPLIFICATION`, `INVALID_WEIGHT` or `LENGTH_MISMATCH`.
 */
export function resolveTrainOptions(options: unknown, rows: number): ResolvedTrainOptions {
  if (options === undefined) {
    throw new AnyLossError('INVALID_ARGUMENT', 'options must be an object with at least { metric }, got undefined.', {
      argument: 'options',
      value: options,
    });
  }
  assertOptions(options, KNOWN_OPTIONS); // core's rules: a non-object or an unknown key is an error
  const record = options as Record<string, unknown>;
  // Checked: a hand-made { name, value, partials } metric's NaN is an INVALID_METRIC error, also in the epoch error.
  const metric = readMetric(record['metric'], 'options.metric');
  const multiOutput = record['average'] !== undefined;
  const amplification =
    record['amplification'] ??
    (!multiOutput
      ? TRAIN_DEFAULTS.amplification
      : record['task'] === 'multilabel'
        ? TRAIN_DEFAULTS.multilabelAmplification
        : TRAIN_DEFAULTS.multiclassAmplification);
  assertAmplification(amplification);
  const shuffle = record['shuffle'] ?? TRAIN_DEFAULTS.shuffle;
  if (typeof shuffle !== 'boolean') invalid('shuffle', 'a boolean', shuffle);
  const seed = record['seed'] === undefined ? undefined : number(record, 'seed', 0, Number.isFinite, 'a finite number');
  const gradientScale = record['gradientScale'] ?? (multiOutput ? TRAIN_DEFAULTS.multiOutputGradientScale : TRAIN_DEFAULTS.gradientScale);
  if (gradientScale !== 'sum' && gradientScale !== 'normalize') invalid('gradientScale', "'sum' or 'normalize'", gradientScale);
  const average = record['average'] === undefined ? undefined : readAverage(record['average']);
  const task = record['task'];
  if (task !== undefined && task !== 'multiclass' && task !== 'multilabel') invalid('task', "'multiclass' or 'multilabel'", task);
  if (task !== undefined && average === undefined) {
    throw new AnyLossError(
      'INVALID_OPTION',
      "options.task is given but options.average is missing; a net with K ≥ 2 output nodes needs options.average ('macro', 'weighted' or 'micro').",
      { argument: 'options.average', value: average },
    );
  }
  const classWeight = readClassWeight(record['classWeight']);
  if (classWeight !== undefined && average !== undefined) {
    invalid(
      'classWeight',
      'absent with options.average: { 0, 1 } class weights are binary; use options.sampleWeight for K output nodes',
      classWeight,
    );
  }
  const callback = record['callback'];
  if (callback !== undefined && typeof callback !== 'function') invalid('callback', 'a function', callback);
  return {
    metric,
    average,
    task: task as Task | undefined,
    amplification,
    batchSize: positiveInteger(record, 'batchSize', TRAIN_DEFAULTS.batchSize),
    gradientScale,
    shuffle,
    seed,
    sampleWeight: readSampleWeight(record['sampleWeight'], rows),
    classWeight,
    iterations: positiveInteger(record, 'iterations', TRAIN_DEFAULTS.iterations),
    learningRate: number(
      record,
      'learningRate',
      multiOutput ? TRAIN_DEFAULTS.multiOutputLearningRate : TRAIN_DEFAULTS.learningRate,
      (v) => v > 0 && Number.isFinite(v),
      'a finite number > 0',
    ),
    momentum: number(record, 'momentum', TRAIN_DEFAULTS.momentum, (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
    errorThresh: number(record, 'errorThresh', TRAIN_DEFAULTS.errorThresh, (v) => Number.isFinite(v), 'a finite number'),
    log: readLog(record['log']),
    logPeriod: positiveInteger(record, 'logPeriod', TRAIN_DEFAULTS.logPeriod),
    callback: callback as ((status: TrainStatus) => void) | undefined,
    callbackPeriod: positiveInteger(record, 'callbackPeriod', TRAIN_DEFAULTS.callbackPeriod),
    timeout: number(record, 'timeout', TRAIN_DEFAULTS.timeout, (v) => v > 0, 'a number of milliseconds > 0'),
  };
}

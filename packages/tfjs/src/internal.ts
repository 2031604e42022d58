import { AnyLossError, softConfusionMatrix, type ClassWeight, type Metric } from '@anyloss/core';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Renders a value for an error message (the same style as core's messages). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  if (isTensor(value)) return `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]`;
  return `a value of type ${Object.prototype.toString.call(value).slice(8, -1)}`;
}

/**
 * True for a TensorFlow.js tensor. Duck-typed rather than `instanceof Tensor`, so that a tensor from a second
 * copy of tfjs-core (two bundles on one page) is still recognised.
 */
export function isTensor(value: unknown): value is Tensor {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Tensor>;
  return Array.isArray(candidate.shape) && typeof candidate.dtype === 'string' && typeof candidate.dataSync === 'function';
}

/** Throws `UNKNOWN_OPTION` for a key not in `allowed` (a typo is never ignored), `INVALID_ARGUMENT` for a non-object. */
export function assertOptions(options: unknown, allowed: readonly string[], argument = 'options'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be an object, got ${describe(options)}.`, {
      argument,
      value: options,
    });
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new AnyLossError(
        'UNKNOWN_OPTION',
        `${argument} has an unknown option ${JSON.stringify(key)}; known options are ${allowed.map((k) => JSON.stringify(k)).join(', ')}.`,
        { argument: `${argument}.${key}`, value: (options as Record<string, unknown>)[key] },
      );
    }
  }
}

/** Throws `INVALID_METRIC` unless `metric` is a core metric object. */
export function assertMetric(metric: unknown, argument = 'metric'): asserts metric is Metric {
  const candidate = metric as Partial<Metric> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.value !== 'function' ||
    typeof candidate.partials !== 'function' ||
    typeof candidate.name !== 'string'
  ) {
    throw new AnyLossError(
      'INVALID_METRIC',
      `${argument} must be a metric object (e.g. metrics.f1, fBeta(2) or defineMetric(...)), got ${describe(metric)}.`,
      { argument, value: metric },
    );
  }
}

/** Checks a threshold in [0, 1]. */
export function readThreshold(value: unknown, argument = 'options.threshold'): number {
  if (value === undefined) return 0.5;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new AnyLossError('INVALID_OPTION', `${argument} must be a number in [0, 1], got ${describe(value)}.`, {
      argument,
      value,
    });
  }
  return value;
}

/** Checks a `from` option; returns true for logits. */
export function readFrom(value: unknown, argument = 'options.from'): boolean {
  if (value === undefined || value === 'probabilities') return false;
  if (value === 'logits') return true;
  throw new AnyLossError('INVALID_OPTION', `${argument} must be 'probabilities' or 'logits', got ${describe(value)}.`, {
    argument,
    value,
  });
}

/**
 * Validates a class-weight map with core (so the rules and messages are core's) and returns
 * `[negativeWeight, positiveWeight]`: one positive and one negative sample at p = 0.5 have amplified value
 * exactly 0.5, so their cells sum to exactly the two weights.
 */
export function readClassWeight(classWeight: ClassWeight | undefined): readonly [number, number] {
  if (classWeight === undefined) return [1, 1];
  const cells = softConfusionMatrix([1, 0], [0.5, 0.5], { classWeight });
  return [cells.falsePositives + cells.trueNegatives, cells.truePositives + cells.falseNegatives];
}

/** The default of `validateLabels`: on under a test runner (NODE_ENV=test, set by vitest and jest), off otherwise. */
export function validationDefault(): boolean {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return environment?.['NODE_ENV'] === 'test';
}

/**
 * Checks the rank, shape and dtype of a binary-classification tensor: `[batch]` or `[batch, 1]`, float32.
 * Needs no data read. Returns the batch size.
 */
export function assertBinaryTensor(value: unknown, argument: string, batch?: { readonly size: number; readonly of: string }): number {
  if (!isTensor(value)) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be a tf.Tensor, got ${describe(value)}.`, {
      argument,
      value,
    });
  }
  const { shape, dtype } = value;
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must have shape [batch] or [batch, 1] (one binary output per sample), got shape [${shape.join(', ')}].` +
        (shape.length === 2 ? ' For several outputs, compile one AnyLoss per output.' : ''),
      { argument, value: shape },
    );
  }
  if (dtype !== 'float32') {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must be a float32 tensor, got dtype ${dtype}; convert it with tf.cast(${argument}, 'float32').`,
      { argument, value: dtype },
    );
  }
  const size = shape[0] as number;
  if (size === 0) {
    throw new AnyLossError('EMPTY_INPUT', `${argument} is empty; a loss needs at least one sample.`, { argument, value: shape });
  }
  if (batch !== undefined && size !== batch.size) {
    throw new AnyLossError(
      'LENGTH_MISMATCH',
      `${argument} has batch size ${size} but ${batch.of} has batch size ${batch.size}; they must match.`,
      { argument, value: size },
    );
  }
  return size;
}

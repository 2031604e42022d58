import { AnyLossError } from '@anyloss/core';
import { describeValue } from '@anyloss/core/internal';
import type { Tensor } from '@tensorflow/tfjs-core';

/** Renders a value for an error message: core's rendering, plus dtype and shape for tensors. */
export function describeValueOrTensor(value: unknown): string {
  return isTensor(value) ? `a ${value.dtype} tensor of shape [${value.shape.join(', ')}]` : describeValue(value);
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

/** The default of `validateLabels`: on under a test runner (NODE_ENV=test, set by vitest and jest), off otherwise. */
export function validationDefault(): boolean {
  const environment = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return environment?.['NODE_ENV'] === 'test';
}

/** Reads `options.validateLabels`: true or false; undefined gives {@link validationDefault}. */
export function readValidate(value: unknown): boolean {
  const validate = value ?? validationDefault();
  if (typeof validate !== 'boolean') {
    throw new AnyLossError('INVALID_OPTION', `options.validateLabels must be true or false, got ${String(validate)}.`, {
      argument: 'options.validateLabels',
      value: validate,
    });
  }
  return validate;
}

/**
 * Checks the rank, shape and dtype of a binary-classification tensor: `[batch]` or `[batch, 1]`, float32.
 * Needs no data read. Returns the batch size.
 */
export function assertBinaryTensor(value: unknown, argument: string, batch?: { readonly size: number; readonly of: string }): number {
  if (!isTensor(value)) {
    throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be a tf.Tensor, got ${describeValueOrTensor(value)}.`, {
      argument,
      value,
    });
  }
  const { shape, dtype } = value;
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `${argument} must have shape [batch] or [batch, 1] (one binary output per sample), got shape [${shape.join(', ')}].` +
        (shape.length === 2
          ? " For a softmax or multi-label output with K columns, pass { average: 'macro' } (or 'weighted', 'micro')."
          : ''),
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
  const [size = 0] = shape;
  if (size === 0) {
    throw new AnyLossError('EMPTY_INPUT', `${argument} is empty; it needs at least one sample.`, { argument, value: shape });
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

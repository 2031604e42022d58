import { AnyLossError, describeValue } from './describe.js';

/** True for arrays and typed arrays of numbers (not DataView, not the BigInt typed arrays). */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    (ArrayBuffer.isView(value) && !(value instanceof DataView || value instanceof BigInt64Array || value instanceof BigUint64Array))
  );
}

/** Throws `INVALID_ARGUMENT`: "`argument` must be `requirement`, got …". */
export function invalidArgument(argument: string, requirement: string, value: unknown): never {
  throw new AnyLossError('INVALID_ARGUMENT', `${argument} must be ${requirement}, got ${describeValue(value)}.`, { argument, value });
}

/** Checks that `value` is an array or typed array whose elements are all numbers. */
export function assertNumbers(value: unknown, argument: string): asserts value is ArrayLike<number> {
  if (!isArrayLike(value)) invalidArgument(argument, 'an array or typed array of numbers', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number') {
      throw new AnyLossError('INVALID_ARGUMENT', `${argument}[${i}] must be a number, got ${describeValue(value[i])}.`, { argument, index: i, value: value[i] });
    }
  }
}

/** Checks that `value` is a Float64Array of at least `length` elements (exactly `length` when `exact`). */
export function assertBuffer(value: unknown, argument: string, length: number, exact = false): asserts value is Float64Array {
  if (!(value instanceof Float64Array) || value.length < length || (exact && value.length !== length)) {
    throw new AnyLossError(
      'INVALID_BUFFER',
      `${argument} must be a Float64Array of ${exact ? '' : 'at least '}${length} elements, got ${describeValue(value)}.`,
      { argument, value },
    );
  }
}

/** Checks that `value` is an object (not null, not an array). */
export function assertObject(value: unknown, argument: string, requirement: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalidArgument(argument, requirement, value);
}

import { isArrayLike, mustBe } from '@anyloss/core/internal';

/** Checks that `value` is an array or typed array whose elements are all numbers. */
export function assertNumbers(value: unknown, argument: string): asserts value is ArrayLike<number> {
  if (!isArrayLike(value)) mustBe('INVALID_ARGUMENT', argument, 'an array or typed array of numbers', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'number') mustBe('INVALID_ARGUMENT', argument, 'a number', value[i], i);
  }
}

/** Checks that `value` is a Float64Array of at least `length` elements (exactly `length` when `exact`). */
export function assertBuffer(value: unknown, argument: string, length: number, exact = false): asserts value is Float64Array {
  if (!(value instanceof Float64Array) || value.length < length || (exact && value.length !== length)) {
    mustBe('INVALID_BUFFER', argument, `a Float64Array of ${exact ? '' : 'at least '}${length} elements`, value);
  }
}

/** Checks that `value` is an object (not null, not an array). */
export function assertObject(value: unknown, argument: string, requirement: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) mustBe('INVALID_ARGUMENT', argument, requirement, value);
}

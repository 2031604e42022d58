import { AnyLossError, mustBe } from './errors.js';

/**
 * Checks that `options` is undefined or a plain object whose keys are all in `allowed`.
 * A misspelt option is an error, never silently ignored.
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` if not an object, `UNKNOWN_OPTION` for an unknown key.
 */
export function assertOptions(options: unknown, allowed: readonly string[], argument = 'options'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    mustBe('INVALID_ARGUMENT', argument, 'an object', options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new AnyLossError(
        'UNKNOWN_OPTION',
        `${argument}.${key} is an unknown option; known options are ${allowed.map((k) => JSON.stringify(k)).join(', ')}.`,
        { argument: `${argument}.${key}`, value: (options as Record<string, unknown>)[key] },
      );
    }
  }
}

/**
 * The largest amplification scale accepted, L = 10⁶. There A(p) = σ(L·(p − 0.5)) is already a step function at
 * float64 resolution (exactly 0 or 1 beyond |p − 0.5| > 7·10⁻⁴), so a larger L changes nothing but the slope
 * L·ŷ(1 − ŷ) ≤ L/4 that multiplies every gradient — the part that overflows.
 */
export const MAX_AMPLIFICATION = 1e6;

/**
 * Checks the amplification scale L of `A(p) = σ(L·(p − 0.5))`: a number in (0, {@link MAX_AMPLIFICATION}].
 *
 * @throws {@link AnyLossError} `INVALID_AMPLIFICATION`.
 */
export function assertAmplification(value: unknown, argument = 'options.amplification'): asserts value is number {
  if (typeof value !== 'number' || !(value > 0 && value <= MAX_AMPLIFICATION)) {
    mustBe('INVALID_AMPLIFICATION', argument, 'a number in (0, 1e6] (the paper uses 73)', value);
  }
}

/**
 * True for arrays and typed arrays of numbers (the `ArrayLike<number>` inputs AnyLoss accepts): not a
 * DataView, not a BigInt64Array or BigUint64Array (their elements are bigints, which arithmetic refuses to mix).
 */
export function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return (
    Array.isArray(value) ||
    (ArrayBuffer.isView(value) && !(value instanceof DataView || value instanceof BigInt64Array || value instanceof BigUint64Array))
  );
}

/**
 * Checks that `value` is an array or typed array, optionally of a required length and non-empty.
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT`, `EMPTY_INPUT` or `LENGTH_MISMATCH`.
 */
export function assertArrayLike(
  value: unknown,
  argument: string,
  expectedLength?: { readonly length: number; readonly of: string },
): asserts value is ArrayLike<number> {
  if (!isArrayLike(value)) mustBe('INVALID_ARGUMENT', argument, 'an array or typed array of numbers', value);
  if (expectedLength === undefined) {
    if (value.length === 0) {
      throw new AnyLossError('EMPTY_INPUT', `${argument} is empty; a loss needs at least one sample.`, {
        argument,
        value,
      });
    }
  } else if (value.length !== expectedLength.length) {
    throw new AnyLossError(
      'LENGTH_MISMATCH',
      `${argument} has length ${value.length} but ${expectedLength.of} has length ${expectedLength.length}; they must match.`,
      { argument, value: value.length },
    );
  }
}

/** Throws the `INVALID_LABEL` error for `yTrue[index]`. */
export function invalidLabel(index: number, value: unknown, argument = 'yTrue'): never {
  mustBe('INVALID_LABEL', argument, '0 or 1', value, index);
}

/**
 * Throws the `INVALID_PROBABILITY` or `INVALID_LOGIT` error for `yPred[index]` (or for a scalar argument
 * when `index` is undefined).
 */
export function invalidPrediction(index: number | undefined, value: unknown, fromLogits: boolean, argument = 'yPred'): never {
  if (fromLogits) mustBe('INVALID_LOGIT', argument, "a finite logit (from: 'logits')", value, index);
  mustBe(
    'INVALID_PROBABILITY',
    argument,
    `a probability in [0, 1]${typeof value === 'number' && Number.isFinite(value) ? " (pass { from: 'logits' } for raw scores)" : ''}`,
    value,
    index,
  );
}

/** True when `value` is a valid weight: a finite number ≥ 0. */
export function isValidWeight(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value < Infinity;
}

/** True when `value` is a valid prediction: a probability in [0, 1], or a finite logit. */
export function isValidPrediction(value: number, fromLogits: boolean): boolean {
  return fromLogits ? Math.abs(value) < Infinity : value >= 0 && value <= 1;
}

/** Throws the `INVALID_WEIGHT` error for `sampleWeight[index]`. */
export function invalidWeight(index: number, value: unknown, argument = 'options.sampleWeight'): never {
  mustBe('INVALID_WEIGHT', argument, 'a finite number ≥ 0', value, index);
}

/** Checks a `from` option: `'probabilities'` (default) or `'logits'`. Returns true for logits. */
export function readFrom(value: unknown, argument = 'options.from'): boolean {
  if (value === undefined || value === 'probabilities') return false;
  if (value === 'logits') return true;
  mustBe('INVALID_OPTION', argument, "'probabilities' or 'logits'", value);
}

/**
 * Checks a decision threshold: a number in [0, 1]; undefined means 0.5.
 * @throws {@link AnyLossError} `INVALID_OPTION`.
 */
export function readThreshold(value: unknown, argument = 'options.threshold'): number {
  if (value === undefined) return 0.5;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    mustBe('INVALID_OPTION', argument, 'a number in [0, 1]', value);
  }
  return value;
}

/** Per-class weights, Keras style: `{ 0: weightOfNegatives, 1: weightOfPositives }`; a missing class weighs 1. */
export interface ClassWeight {
  readonly 0?: number;
  readonly 1?: number;
}

/** Checks a class-weight map and returns `[negativeWeight, positiveWeight]`. */
export function readClassWeight(value: unknown, argument = 'options.classWeight'): readonly [number, number] {
  if (value === undefined) return [1, 1];
  assertOptions(value, ['0', '1'], argument);
  const record = value as Record<string, unknown>;
  const read = (key: 0 | 1): number => {
    const weight = record[key];
    if (weight === undefined) return 1;
    if (!isValidWeight(weight)) invalidWeight(key, weight, argument);
    return weight;
  };
  return [read(0), read(1)];
}

/**
 * Plain arrays can hold anything; typed arrays only numbers. For a plain array, checks that every element
 * is of type number (so that `'1'` or `true` is an error, not silently coerced by arithmetic) and reports
 * the first offender with the error of its role. Value checks (range, NaN) happen in the numeric passes.
 */
export function assertNumberElements(
  values: ArrayLike<unknown>,
  role: 'label' | 'probability' | 'logit' | 'weight',
  argument: string,
): void {
  if (!Array.isArray(values)) return;
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i];
    if (typeof value === 'number') continue;
    if (role === 'label') invalidLabel(i, value, argument);
    if (role === 'weight') invalidWeight(i, value, argument);
    invalidPrediction(i, value, role === 'logit', argument);
  }
}

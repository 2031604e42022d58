/**
 * Machine-readable reason for an {@link AnyLossError}.
 *
 * - `INVALID_ARGUMENT` — an argument has the wrong type (not an array, not an object, not a function).
 * - `EMPTY_INPUT` — `yTrue`/`yPred` have no elements.
 * - `LENGTH_MISMATCH` — arrays that must be aligned have different lengths.
 * - `INVALID_LABEL` — a label is not exactly 0 or 1.
 * - `INVALID_PROBABILITY` — a probability is NaN or outside [0, 1].
 * - `INVALID_LOGIT` — a logit is NaN or infinite.
 * - `INVALID_WEIGHT` — a sample or class weight is negative, NaN or infinite.
 * - `INVALID_AMPLIFICATION` — the amplification scale L is not a finite number greater than 0.
 * - `INVALID_OPTION` — a known option has a value it does not accept.
 * - `UNKNOWN_OPTION` — an options object has a key this function does not know (a typo is never ignored).
 * - `INVALID_CELLS` — confusion-matrix cells are missing, negative or not finite.
 * - `INVALID_METRIC` — a metric definition or a metric's result is unusable (bad name, non-finite value).
 * - `INVALID_BUFFER` — a caller-provided output buffer is not a Float64Array of the right length.
 */
export type AnyLossErrorCode =
  | 'INVALID_ARGUMENT'
  | 'EMPTY_INPUT'
  | 'LENGTH_MISMATCH'
  | 'INVALID_LABEL'
  | 'INVALID_PROBABILITY'
  | 'INVALID_LOGIT'
  | 'INVALID_WEIGHT'
  | 'INVALID_AMPLIFICATION'
  | 'INVALID_OPTION'
  | 'UNKNOWN_OPTION'
  | 'INVALID_CELLS'
  | 'INVALID_METRIC'
  | 'INVALID_BUFFER';

/** Extra facts attached to an {@link AnyLossError}: which argument, which element, which value. */
export interface AnyLossErrorDetails {
  /** Name of the offending argument or option, e.g. `"yPred"` or `"options.amplification"`. */
  readonly argument: string;
  /** Index of the offending element, when the problem is one element of an array. */
  readonly index?: number | undefined;
  /** The offending value itself. */
  readonly value?: unknown;
}

/** The brand of {@link AnyLossError}: `Symbol.for`, so that every copy of `@anyloss/core` uses the same symbol. */
const BRAND = Symbol.for('@anyloss/core/AnyLossError');

/**
 * The only error type thrown by AnyLoss for bad input. `code` says what is wrong, `argument` where;
 * the message is written for a person and names both, plus the index and value when there is one.
 *
 * Every instance carries a brand, `Symbol.for('@anyloss/core/AnyLossError')`, that {@link isAnyLossError} checks:
 * `instanceof` only recognises errors of the same copy of this class, and an application can load two (the ESM
 * and the CommonJS build ship side by side; a bundle may hold two versions).
 *
 * @example
 * ```ts
 * try { loss.lossAndGradient([0, 2], [0.1, 0.9]); }
 * catch (error) { if (isAnyLossError(error) && error.code === 'INVALID_LABEL') ... }
 * ```
 */
export class AnyLossError extends Error {
  /** Machine-readable reason. */
  readonly code: AnyLossErrorCode;
  /** Name of the offending argument or option. */
  readonly argument: string;
  /** Index of the offending element, if any. */
  readonly index: number | undefined;
  /** The offending value, if any. */
  readonly value: unknown;

  constructor(code: AnyLossErrorCode, message: string, details: AnyLossErrorDetails) {
    super(message);
    this.name = 'AnyLossError';
    this.code = code;
    this.argument = details.argument;
    this.index = details.index;
    this.value = details.value;
    Object.defineProperty(this, BRAND, { value: true }); // not enumerable: invisible to JSON, spreads and equality
  }
}

/**
 * True for an {@link AnyLossError} from any copy of `@anyloss/core` — the ESM or the CommonJS build, or another
 * version in the same bundle — where `instanceof AnyLossError` only recognises errors of its own copy.
 *
 * @example
 * ```ts
 * catch (error) { if (isAnyLossError(error)) console.log(error.code, error.argument); }
 * ```
 */
export function isAnyLossError(value: unknown): value is AnyLossError {
  return typeof value === 'object' && value !== null && (value as { readonly [BRAND]?: unknown })[BRAND] === true;
}

/** Renders a value for an error message: short, unambiguous (strings quoted, -0 and NaN visible). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Object.is(value, -0)) return '-0';
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) {
    const type = Object.prototype.toString.call(value).slice(8, -1);
    return ArrayBuffer.isView(value) && 'length' in value ? `a ${type} of length ${value.length}` : `a value of type ${type}`;
  }
  return String(value);
}

/**
 * Throws the `AnyLossError` that almost every bad input gets: "`argument`[`index`] must be `requirement`, got
 * `value`." — one shape of message everywhere, the index only when there is one.
 */
export function mustBe(code: AnyLossErrorCode, argument: string, requirement: string, value: unknown, index?: number): never {
  throw new AnyLossError(
    code,
    `${argument}${index === undefined ? '' : `[${index}]`} must be ${requirement}, got ${describeValue(value)}.`,
    { argument, index, value },
  );
}

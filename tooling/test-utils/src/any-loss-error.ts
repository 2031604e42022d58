import { expect } from 'vitest';

/** The fields of an `AnyLossError` the matcher reads (structural: this package does not depend on core). */
export interface AnyLossErrorLike extends Error {
  readonly code: string;
  readonly argument: string;
  readonly index: number | undefined;
  readonly value: unknown;
}

/** The brand every `AnyLossError` carries, from any copy of `@anyloss/core` (what `isAnyLossError` checks). */
const BRAND = Symbol.for('@anyloss/core/AnyLossError');

/** What {@link expectAnyLossError} checks besides the code and the argument. */
export interface ExpectedDetails {
  /** The `index` the error must carry. */
  readonly index?: number;
  /**
   * What the message must contain of the argument: all of it (`'argument'`, the default, e.g.
   * `options.sampleWeight`), its last dotted segment (`'last segment'`, e.g. `sampleWeight`) or `'nothing'`.
   */
  readonly messageNames?: 'argument' | 'last segment' | 'nothing';
}

/**
 * Runs `action` and checks that it throws an `AnyLossError` (from any copy of core: checked by its brand) with this
 * `code` and, when given, this `argument` — named in the message — and `details`. Returns the error for further checks.
 */
export function expectAnyLossError(
  action: () => unknown,
  code: string,
  argument?: string,
  details: ExpectedDetails = {},
): AnyLossErrorLike {
  let caught: unknown;
  let threw = false;
  try {
    action();
  } catch (error) {
    caught = error;
    threw = true;
  }
  if (!threw) throw new Error(`expected an AnyLossError ${code}${argument === undefined ? '' : ` for ${argument}`}, nothing was thrown`);
  return checkError(caught, code, argument, details);
}

/**
 * Runs `action` and returns the `AnyLossError` it throws (from any copy of core: checked by its brand), for tests that
 * check its fields themselves; fails when `action` throws nothing, and rethrows any other error.
 */
export function catchAnyLossError(action: () => unknown): AnyLossErrorLike {
  try {
    action();
  } catch (error) {
    if (isBranded(error)) return error as AnyLossErrorLike;
    throw error;
  }
  throw new Error('expected an AnyLossError, nothing was thrown');
}

function checkError(caught: unknown, code: string, argument: string | undefined, details: ExpectedDetails): AnyLossErrorLike {
  expect(isBranded(caught), `expected an AnyLossError, got ${String(caught)}`).toBe(true);
  const error = caught as AnyLossErrorLike;
  expect(error.code).toBe(code);
  if (argument !== undefined) {
    expect(error.argument).toBe(argument);
    const named = details.messageNames ?? 'argument';
    if (named !== 'nothing') expect(error.message).toContain(named === 'argument' ? argument : (argument.split('.').pop() ?? ''));
  }
  if (details.index !== undefined) expect(error.index).toBe(details.index);
  return error;
}

/** {@link expectAnyLossError} for a promise: awaits its rejection. */
export async function expectAnyLossErrorAsync(
  action: () => Promise<unknown>,
  code: string,
  argument?: string,
  details: ExpectedDetails = {},
): Promise<AnyLossErrorLike> {
  try {
    await action();
  } catch (error) {
    return checkError(error, code, argument, details);
  }
  throw new Error(
    `expected a rejection with an AnyLossError ${code}${argument === undefined ? '' : ` for ${argument}`}, the promise resolved`,
  );
}

function isBranded(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { readonly [BRAND]?: unknown })[BRAND] === true;
}

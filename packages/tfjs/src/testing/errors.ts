// Test support (not part of the package): the one way the tests check a thrown AnyLossError.
import { AnyLossError } from '@anyloss/core';
import { expect } from 'vitest';

/** Runs `fn`, checks it throws an AnyLossError with this code (and argument), and returns the error. */
export function expectAnyLossError(fn: () => unknown, code: string, argument?: string): AnyLossError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AnyLossError);
  const error = caught as AnyLossError;
  expect(error.code).toBe(code);
  if (argument !== undefined) expect(error.argument).toBe(argument);
  return error;
}

import { AnyLossError } from '@anyloss/core';
import { describeValue, isArrayLike } from '@anyloss/core/internal';
import type { BrainTrainingRow } from './network.js';

type Kind = 'array' | 'object';

function kindOf(value: unknown): Kind | undefined {
  if (isArrayLike(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  return undefined;
}

function kindName(kind: Kind): string {
  return kind === 'array' ? 'an array' : 'an object';
}

function rowError(
  code: 'INVALID_ARGUMENT' | 'LENGTH_MISMATCH' | 'INVALID_LABEL',
  argument: string,
  index: number,
  message: string,
  value: unknown,
): never {
  throw new AnyLossError(code, `${argument} ${message}`, { argument, index, value });
}

function checkInput(input: unknown, index: number, kind: Kind, length: number): void {
  const argument = `data[${index}].input`;
  if (input === undefined || input === null) rowError('INVALID_ARGUMENT', argument, index, 'is missing.', input);
  const actual = kindOf(input);
  if (actual === undefined) {
    rowError('INVALID_ARGUMENT', argument, index, `must be an array or an object of numbers, got ${describeValue(input)}.`, input);
  }
  if (actual !== kind) {
    rowError(
      'INVALID_ARGUMENT',
      argument,
      index,
      `is ${kindName(actual)} but data[0].input is ${kindName(kind)}; all rows must use one form.`,
      input,
    );
  }
  const values: ArrayLike<unknown> = kind === 'array' ? (input as ArrayLike<unknown>) : Object.values(input as object);
  if (kind === 'array' && values.length !== length) {
    rowError(
      'LENGTH_MISMATCH',
      argument,
      index,
      `has length ${values.length} but data[0].input has length ${length}; inputs must not be ragged.`,
      values.length,
    );
  }
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    // brain.js stores inputs in Float32Arrays: beyond ±3.4e38 a number becomes Infinity there, and the net NaN.
    if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) {
      const key = kind === 'array' ? String(k) : JSON.stringify(Object.keys(input as object)[k]);
      const range =
        typeof value === 'number' && Number.isFinite(value)
          ? ' within float32 range (brain.js stores inputs as Float32Array; |x| ≤ 3.4e38)'
          : '';
      rowError('INVALID_ARGUMENT', argument, index, `[${key}] must be a finite number${range}, got ${describeValue(value)}.`, value);
    }
  }
}

function checkOutput(output: unknown, index: number, kind: Kind, length: number, multiOutput: boolean): void {
  const argument = `data[${index}].output`;
  const what = multiOutput ? 'labels' : 'a binary label';
  if (output === undefined || output === null)
    rowError('INVALID_ARGUMENT', argument, index, `is missing; every row needs ${what}.`, output);
  const actual = kindOf(output);
  if (actual === undefined) {
    const expected = multiOutput ? 'an array of 0/1 labels (or an object of 0/1 values)' : '[0] or [1] (or an object with one 0/1 value)';
    rowError('INVALID_ARGUMENT', argument, index, `must be ${expected}, got ${describeValue(output)}.`, output);
  }
  if (actual !== kind) {
    rowError(
      'INVALID_ARGUMENT',
      argument,
      index,
      `is ${kindName(actual)} but data[0].output is ${kindName(kind)}; all rows must use one form.`,
      output,
    );
  }
  const values: ArrayLike<unknown> = kind === 'array' ? (output as ArrayLike<unknown>) : Object.values(output as object);
  if (kind === 'array' && !multiOutput && values.length !== 1) {
    if (index === 0 && values.length > 1) {
      throw new AnyLossError(
        'INVALID_OPTION',
        `options.average is missing: data[0].output has ${values.length} values (a net with ${values.length} output nodes), and ` +
          "multi-class or multi-label training needs options.average ('macro', 'weighted' or 'micro').",
        { argument: 'options.average', index, value: undefined },
      );
    }
    rowError(
      'LENGTH_MISMATCH',
      argument,
      index,
      `has ${values.length} values; AnyLoss trains a single output node (binary label [0] or [1]).`,
      values.length,
    );
  }
  if (kind === 'array' && multiOutput && values.length !== length) {
    rowError(
      'LENGTH_MISMATCH',
      argument,
      index,
      `has ${values.length} values but data[0].output has ${length}; outputs must not be ragged.`,
      values.length,
    );
  }
  for (let k = 0; k < values.length; k++) {
    const value = values[k];
    if (value !== 0 && value !== 1) {
      const key = kind === 'array' ? String(k) : JSON.stringify(Object.keys(output as object)[k]);
      const message = multiOutput
        ? `[${key}] must be a label 0 or 1, got ${describeValue(value)}.`
        : `must hold a binary label 0 or 1, got ${describeValue(value)}.`;
      rowError('INVALID_LABEL', argument, index, message, value);
    }
  }
}

/**
 * Checks brain.js training data for AnyLoss training, before brain.js formats it: a non-empty array of
 * `{ input, output }` rows, inputs all arrays of one length or all objects of finite numbers within float32 range
 * (brain.js stores them as Float32Array). Outputs: for a
 * single output node (`multiOutput` false) all `[0]`/`[1]` or all objects with 0/1 values; for K output nodes all
 * arrays of the same length of 0/1 values, or all objects of 0/1 values. Every error names the offending row.
 *
 * @param data - the rows.
 * @param multiOutput - whether `options.average` was given (a net with K ≥ 2 output nodes).
 * @throws {@link AnyLossError} `INVALID_ARGUMENT`, `EMPTY_INPUT`, `LENGTH_MISMATCH` or `INVALID_LABEL`; without
 *   `multiOutput`, `INVALID_OPTION` (`options.average`) if the first row has several array outputs.
 */
export function assertTrainingData(data: unknown, multiOutput = false): asserts data is readonly BrainTrainingRow[] {
  if (!Array.isArray(data)) {
    throw new AnyLossError('INVALID_ARGUMENT', `data must be an array of { input, output } rows, got ${describeValue(data)}.`, {
      argument: 'data',
      value: data,
    });
  }
  if (data.length === 0) {
    throw new AnyLossError('EMPTY_INPUT', 'data is empty; training needs at least one row.', { argument: 'data', value: data });
  }
  let inputKind: Kind | undefined;
  let outputKind: Kind | undefined;
  let inputLength = 0;
  let outputLength = 0;
  for (let index = 0; index < data.length; index++) {
    const row: unknown = data[index];
    if (typeof row !== 'object' || row === null) {
      rowError('INVALID_ARGUMENT', `data[${index}]`, index, `must be an { input, output } object, got ${describeValue(row)}.`, row);
    }
    const { input, output } = row as { input?: unknown; output?: unknown };
    if (index === 0) {
      inputKind = kindOf(input) ?? 'array';
      outputKind = kindOf(output) ?? 'array';
      inputLength = isArrayLike(input) ? input.length : 0;
      outputLength = isArrayLike(output) ? output.length : 0;
    }
    checkInput(input, index, inputKind as Kind, inputLength);
    checkOutput(output, index, outputKind as Kind, outputLength, multiOutput);
  }
}

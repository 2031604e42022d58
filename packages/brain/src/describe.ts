import { AnyLossError } from '@anyloss/core';

export { AnyLossError };

/** Renders a value for an error message: short and unambiguous (strings quoted, -0 and NaN visible). */
export function describeValueForMessage(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return `a value of type ${Object.prototype.toString.call(value).slice(8, -1)}`;
}

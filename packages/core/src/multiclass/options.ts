import { mustBe } from '../errors.js';
import type { Average } from './average.js';
import type { MulticlassOutput } from './batch.js';

/** Checks that `value` is one of `allowed` (undefined gives `fallback`); a typo is an error, never a default. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], argument: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const quoted = allowed.map((a) => `'${a}'`);
  mustBe('INVALID_OPTION', argument, `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`, value);
}

/** Checks an `average` option: `'macro'` (the default), `'micro'` or `'weighted'`. */
export function readAverage(value: unknown, argument = 'options.average'): Average {
  return oneOf(value, ['macro', 'micro', 'weighted'] as const, argument, 'macro');
}

/** Checks an `output` option: `'softmax'` (the default) or `'sigmoid'`. */
export function readOutput(value: unknown, argument = 'options.output'): MulticlassOutput {
  return oneOf(value, ['softmax', 'sigmoid'] as const, argument, 'softmax');
}

/** Checks a `classes` option: undefined, or the number of classes K, an integer ≥ 2. */
export function readClasses(value: unknown): number | undefined {
  if (value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 2)) return value;
  mustBe('INVALID_OPTION', 'options.classes', 'an integer ≥ 2 (the number of classes K)', value);
}

import { describe, expect, it } from 'vitest';
import { seededRandom } from '@anyloss/core';
import { withSeededRandom } from './with-seeded-random.js';
import { expectAnyLossError } from '@anyloss/test-utils';

describe('withSeededRandom', () => {
  it('replaces Math.random with the seeded PRNG and restores it, also when the body throws', () => {
    const original = Math.random;
    const expected = seededRandom(9);
    expect(withSeededRandom(9, () => [Math.random(), Math.random()])).toEqual([expected(), expected()]);
    expect(Math.random).toBe(original);
    expect(() =>
      withSeededRandom(9, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Math.random).toBe(original);
  });
});

describe('bad arguments (found by the fuzz suite)', () => {
  it('withSeededRandom needs a finite seed and a function: typed errors, Math.random untouched', () => {
    const original = Math.random;
    expectAnyLossError(() => withSeededRandom(1, 'body' as never), 'INVALID_ARGUMENT', 'body');
    expectAnyLossError(() => withSeededRandom(Symbol('s') as never, () => 1), 'INVALID_ARGUMENT', 'seed');
    expect(Math.random).toBe(original);
  });
});

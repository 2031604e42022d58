import { describe, expect, it } from 'vitest';
import { seededRandom, withSeededRandom } from './seeded-random.js';
import { expectError } from './testing/index.js';

describe('withSeededRandom', () => {
  it('replaces Math.random with the seeded PRNG and restores it, also when the body throws', () => {
    const original = Math.random;
    const expected = seededRandom(9);
    expect(withSeededRandom(9, () => [Math.random(), Math.random()])).toEqual([expected(), expected()]);
    expect(Math.random).toBe(original);
    expect(() => withSeededRandom(9, () => { throw new Error('boom'); })).toThrow('boom');
    expect(Math.random).toBe(original);
  });

  it('gives numbers in [0, 1) that depend on the seed', () => {
    const first = seededRandom(1);
    const second = seededRandom(2);
    const a = Array.from({ length: 1000 }, first);
    const b = Array.from({ length: 1000 }, second);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(a).not.toEqual(b);
    // A uniform sample of 1000 has mean 0.5 ± 0.03 (three standard errors of √(1/12/1000) ≈ 0.009).
    expect(Math.abs(a.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.03);
  });
});

describe('bad arguments (found by the fuzz suite)', () => {
  it('seededRandom needs a finite number and withSeededRandom a function: typed errors, Math.random untouched', () => {
    const original = Math.random;
    for (const seed of [Symbol('s'), 1n, Number.NaN, Infinity, '1']) {
      expectError(() => seededRandom(seed as never), 'INVALID_ARGUMENT', 'seed');
    }
    expectError(() => withSeededRandom(1, 'body' as never), 'INVALID_ARGUMENT', 'body');
    expectError(() => withSeededRandom(Symbol('s') as never, () => 1), 'INVALID_ARGUMENT', 'seed');
    expect(Math.random).toBe(original);
  });
});

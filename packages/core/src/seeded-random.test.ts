import { describe, expect, it } from 'vitest';
import { AnyLossError } from './errors.js';
import { seededRandom } from './seeded-random.js';

describe('seededRandom', () => {
  it('gives numbers in [0, 1) that depend on the seed, the same sequence for the same seed', () => {
    const first = seededRandom(1);
    const second = seededRandom(2);
    const a = Array.from({ length: 1000 }, first);
    const b = Array.from({ length: 1000 }, second);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(a).not.toEqual(b);
    expect(Array.from({ length: 1000 }, seededRandom(1))).toEqual(a);
    // A uniform sample of 1000 has mean 0.5 ± 0.03 (three standard errors of √(1/12/1000) ≈ 0.009).
    expect(Math.abs(a.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.03);
  });

  it('is mulberry32: its first outputs for seed 1', () => {
    // Expected: mulberry32's published steps recomputed with BigInt arithmetic modulo 2³² (below), not with Math.imul.
    const next = seededRandom(1);
    expect([next(), next(), next()].map((x) => Math.round(x * 4294967296))).toEqual(reference(1, 3));
  });

  it('needs a finite number: a typed error naming seed', () => {
    for (const seed of [Symbol('s'), 1n, Number.NaN, Infinity, '1']) {
      let caught: unknown;
      try {
        seededRandom(seed as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AnyLossError);
      expect((caught as AnyLossError).code).toBe('INVALID_ARGUMENT');
      expect((caught as AnyLossError).argument).toBe('seed');
    }
  });
});

/** mulberry32 written out with BigInt arithmetic modulo 2³², independently of the implementation's Math.imul. */
function reference(seed: number, count: number): number[] {
  const mask = (1n << 32n) - 1n;
  const imul = (a: bigint, b: bigint): bigint => (a * b) & mask;
  let state = BigInt(seed) & mask;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5n) & mask;
    let t = state;
    t = imul(t ^ (t >> 15n), t | 1n);
    t = (t ^ ((t + imul(t ^ (t >> 7n), t | 61n)) & mask)) & mask;
    out.push(Number((t ^ (t >> 14n)) & mask));
  }
  return out;
}

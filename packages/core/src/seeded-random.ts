import { mustBe } from './errors.js';

/**
 * A small, fast, seedable pseudo-random generator (mulberry32): returns a function giving floats uniform in
 * [0, 1), like `Math.random`, and the same sequence for the same seed on every platform. The conformance cases
 * use it so that every run and every adapter sees the same batches; the adapters use it for seeded shuffling
 * and initialisation, their tests and benchmarks for seeded splits.
 *
 * @param seed - any finite number; it is reduced to 32 bits (`seed >>> 0`).
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` naming `seed` if it is not a finite number.
 */
export function seededRandom(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) mustBe('INVALID_ARGUMENT', 'seed', 'a finite number', seed);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

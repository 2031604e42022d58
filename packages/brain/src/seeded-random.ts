import { invalidArgument } from './arguments.js';

/**
 * A small deterministic PRNG (mulberry32): returns a function giving uniform numbers in [0, 1), like
 * `Math.random`, from a 32-bit seed.
 *
 * @param seed - any finite number; it is reduced to 32 bits.
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` if it is not a finite number.
 */
export function seededRandom(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) invalidArgument('seed', 'a finite number', seed);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `body` with `Math.random` replaced by a seeded PRNG ({@link seededRandom}) and restores the original
 * afterwards, even if `body` throws. brain.js draws its initial weights from `Math.random` and has no seed
 * option, so this is how a brain.js network (trained by `net.train` or by {@link train}) gets reproducible
 * initial weights. Synchronous only: do not `await` inside `body`.
 *
 * @example
 * ```ts
 * const net = new brain.NeuralNetwork({ hiddenLayers: [8] });
 * withSeededRandom(42, () => net.train(data, { iterations: 100 })); // same weights on every run
 * ```
 * @param seed - the PRNG seed.
 * @param body - the code to run.
 * @returns what `body` returns.
 */
export function withSeededRandom<T>(seed: number, body: () => T): T {
  if (typeof body !== 'function') invalidArgument('body', 'a function', body);
  const random = seededRandom(seed);
  const original = Math.random;
  Math.random = random;
  try {
    return body();
  } finally {
    Math.random = original;
  }
}

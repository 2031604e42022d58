import { seededRandom } from '@anyloss/core';
import { mustBe } from '@anyloss/core/internal';

/**
 * Runs `body` with `Math.random` replaced by core's seeded PRNG (`seededRandom`, mulberry32) and restores the original
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
  if (typeof body !== 'function') mustBe('INVALID_ARGUMENT', 'body', 'a function', body);
  const random = seededRandom(seed);
  const original = Math.random;
  Math.random = random;
  try {
    return body();
  } finally {
    Math.random = original;
  }
}

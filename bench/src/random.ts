import { seededRandom } from '@anyloss/core';

/** A seeded pseudo-random generator: returns floats uniformly distributed in [0, 1). */
export type Random = () => number;

/**
 * Mulberry32, a small, fast, seedable 32-bit generator — core's `seededRandom`, the one the conformance cases and
 * the adapters' tests use. Same seed → same sequence, on every platform.
 *
 * @param seed - any integer (taken modulo 2³²).
 */
export const createRandom: (seed: number) => Random = seededRandom;

/**
 * Derives a 32-bit seed from a base seed and any number of labels (dataset name, fold index, ...), so that
 * every fold and model gets its own reproducible stream (FNV-1a over the labels' text).
 */
export function deriveSeed(seed: number, ...labels: readonly (string | number)[]): number {
  let hash = (2166136261 ^ (seed >>> 0)) >>> 0;
  const text = labels.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}

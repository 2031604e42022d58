import { AnyLossError } from '@anyloss/core';
import { createRandom, shuffleInPlace } from './random.js';

/** One train/test split of a cross-validation: row indices into the dataset, each sorted ascending. */
export interface Fold {
  /** Rows to fit on. */
  readonly train: Int32Array;
  /** Rows to evaluate on. */
  readonly test: Int32Array;
}

/**
 * Stratified k-fold cross-validation: the rows of each class are shuffled with the seed and dealt round-robin
 * into `k` folds (continuing where the previous class stopped), so every test fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉
 * rows of class c and the folds partition the rows. Same labels, k and seed → same folds.
 *
 * @param labels - class value per row (any small non-negative integers).
 * @param k - number of folds, an integer ≥ 2 and ≤ the row count.
 * @param seed - shuffling seed.
 * @throws {@link AnyLossError} `INVALID_OPTION` for a bad `k`.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed: number): Fold[] {
  if (!Number.isInteger(k) || k < 2 || k > labels.length) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `folds must be an integer between 2 and the number of rows (${labels.length}), got ${String(k)}.`,
      { argument: 'folds', value: k },
    );
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    const rows = byClass.get(label);
    if (rows === undefined) byClass.set(label, [i]);
    else rows.push(i);
  }
  const random = createRandom(seed);
  const assignment = new Int32Array(labels.length);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const row of shuffleInPlace(byClass.get(label) ?? [], random)) {
      assignment[row] = next;
      next = (next + 1) % k;
    }
  }
  const folds: Fold[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < labels.length; i++) (assignment[i] === fold ? test : train).push(i);
    folds.push({ train: Int32Array.from(train), test: Int32Array.from(test) });
  }
  return folds;
}

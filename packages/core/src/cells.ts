import { mustBe } from './errors.js';

/**
 * The four cells of a binary confusion matrix. In a soft confusion matrix they are sums of (weighted)
 * amplified probabilities rather than counts, so they are non-negative reals, not integers.
 */
export interface ConfusionCells {
  /** Positives predicted positive: Σ w·y·ŷ. */
  readonly truePositives: number;
  /** Positives predicted negative: Σ w·y·(1 − ŷ). */
  readonly falseNegatives: number;
  /** Negatives predicted positive: Σ w·(1 − y)·ŷ. */
  readonly falsePositives: number;
  /** Negatives predicted negative: Σ w·(1 − y)·(1 − ŷ). */
  readonly trueNegatives: number;
}

/** The four cell names, in the order used throughout AnyLoss (TP, FN, FP, TN). */
export const CELL_NAMES = ['truePositives', 'falseNegatives', 'falsePositives', 'trueNegatives'] as const;

/** One of the four {@link ConfusionCells} keys. */
export type CellName = (typeof CELL_NAMES)[number];

/**
 * Checks that `value` is a {@link ConfusionCells} object with four finite, non-negative numbers.
 *
 * @throws {@link AnyLossError} `INVALID_CELLS` naming the bad cell, or `INVALID_ARGUMENT` if not an object.
 */
export function assertCells(value: unknown, argument = 'cells'): asserts value is ConfusionCells {
  if (typeof value !== 'object' || value === null) mustBe('INVALID_ARGUMENT', argument, 'a confusion-matrix cells object', value);
  const record = value as Record<string, unknown>;
  for (const name of CELL_NAMES) {
    const cell = record[name];
    if (typeof cell !== 'number' || !Number.isFinite(cell) || cell < 0)
      mustBe('INVALID_CELLS', `${argument}.${name}`, 'a finite number ≥ 0', cell);
  }
}

import { CELL_NAMES, type CellName, type ConfusionCells } from './cells.js';
import { AnyLossError } from './errors.js';

/** Magnitudes in [2⁻⁶⁴, 2⁶⁴] are left alone by {@link cellScale}. */
const LOWEST_UNSCALED = 2 ** -64;
const HIGHEST_UNSCALED = 2 ** 64;

/**
 * The factor s that brings a magnitude — the largest confusion-matrix cell, or the largest weight — back near 1
 * when it lies outside [2⁻⁶⁴, 2⁶⁴], and 1 inside (the ordinary case, which is thus left bit for bit alone).
 *
 * Every metric is scale-invariant, M(s·cells) = M(cells): a ratio of cell sums does not care about the unit of
 * the weights. Its arithmetic does: squares and products of cells overflow beyond about 10¹⁵⁴ and underflow below
 * about 10⁻¹⁵⁴ (sample weights of 10²⁰⁰ or 10⁻¹⁷⁰). Evaluating on s·cells avoids both, and s is a power of 4 so
 * that the scaling is exact in float64 — even under the square roots of MCC and G-mean, the built-in metrics give
 * bit-identical results on s·cells — and the partials scale back exactly: ∂M/∂c(cells) = s·∂M/∂c(s·cells).
 *
 * @param largest - the largest of the magnitudes (≥ 0, finite).
 * @returns 1, or a power of 4 between 2⁻¹⁰²² and 2¹⁰²² (so that 1/s is finite too).
 */
export function cellScale(largest: number): number {
  if (largest >= LOWEST_UNSCALED && largest <= HIGHEST_UNSCALED) return 1;
  // 0 (all cells empty) gives the largest factor, which leaves zeros zero.
  return 2 ** -Math.min(1022, Math.max(-1022, 2 * Math.round(Math.log2(largest) / 2)));
}

/** `cells` (or partials) with every entry multiplied by `factor`; the same object for a factor of 1. */
export function scaleCells<T extends Readonly<Record<CellName, number>>>(cells: T, factor: number): T {
  if (factor === 1) return cells;
  const result = { ...cells };
  for (const name of CELL_NAMES) (result as Record<CellName, number>)[name] = factor * cells[name];
  return result;
}

/**
 * Cells computed with weights multiplied by `scale` (a {@link cellScale}), back in the caller's unit: exact, as
 * the scale is a power of 4.
 * @throws {@link AnyLossError} `INVALID_WEIGHT` naming `argument` when they overflow float64 (weights × samples
 *   above ~1.8·10³⁰⁸).
 */
export function unscaleCells(cells: ConfusionCells, scale: number, argument: string): ConfusionCells {
  const result = scaleCells(cells, 1 / scale);
  for (const name of CELL_NAMES) {
    if (!(result[name] < Infinity)) {
      throw new AnyLossError('INVALID_WEIGHT', `${argument} overflow the weighted cells (${name}); divide them by a common factor.`, {
        argument,
        value: result[name],
      });
    }
  }
  return result;
}

import { CELL_NAMES, type ConfusionCells } from '../cells.js';
import { AnyLossError, describeValue } from '../errors.js';

/** The readout's number at `index` (NaN past its end: a cell that is not finite is reported as such). */
function valueAt(data: ArrayLike<number>, index: number): number {
  return data[index] ?? Number.NaN;
}

/** The cells of the readout's first four numbers `[TP, FN, FP, TN]`, each times its class weight. */
export function readBinaryCells(data: ArrayLike<number>, negativeWeight = 1, positiveWeight = 1): ConfusionCells {
  return {
    truePositives: valueAt(data, 0) * positiveWeight,
    falseNegatives: valueAt(data, 1) * positiveWeight,
    falsePositives: valueAt(data, 2) * negativeWeight,
    trueNegatives: valueAt(data, 3) * negativeWeight,
  };
}

/** Per-class cells from the readout `[TP₀…TP_K−1, FN₀…, FP₀…, TN₀…]`. */
export function readClassCells(data: ArrayLike<number>, classes: number): ConfusionCells[] {
  return Array.from({ length: classes }, (_, k) => ({
    truePositives: valueAt(data, k),
    falseNegatives: valueAt(data, classes + k),
    falsePositives: valueAt(data, 2 * classes + k),
    trueNegatives: valueAt(data, 3 * classes + k),
  }));
}

/** True when every cell of every class is finite (NaN and ±∞ are not). */
export function allCellsFinite(perClass: readonly ConfusionCells[]): boolean {
  return perClass.every((cells) => CELL_NAMES.every((name) => Number.isFinite(cells[name])));
}

/**
 * The error for the first negative cell — sums of non-negative terms cannot be negative, so a label outside
 * {0, 1} or a negative weight got past an unchecked batch — or undefined when there is none. One class is
 * named as `cells.<cell>`, one of several as `cells.<cell> of class k` (with the class as `index`).
 */
export function negativeCellError(perClass: readonly ConfusionCells[]): AnyLossError | undefined {
  for (const [index, cells] of perClass.entries()) {
    for (const name of CELL_NAMES) {
      const value = cells[name];
      if (value < 0) {
        const which = perClass.length === 1 ? '' : ` of class ${index}`;
        return new AnyLossError('INVALID_CELLS', `cells.${name}${which} must be a finite number ≥ 0, got ${describeValue(value)}.`, {
          argument: `cells.${name}`,
          ...(perClass.length === 1 ? {} : { index }),
          value,
        });
      }
    }
  }
  return undefined;
}

/**
 * The error for chain-rule coefficients too large for float32 (they would make the gradient ±Infinity or NaN):
 * the soft cells of the batch are tiny, which takes sample weights near 0 (metrics divide by the cells).
 */
export function gradientOverflowError(cells: readonly number[], weighted: boolean): AnyLossError {
  const largest = Math.max(...cells);
  return new AnyLossError(
    weighted ? 'INVALID_WEIGHT' : 'INVALID_CELLS',
    `the gradient of this batch overflows float32: the soft confusion cells of yPred are too small (largest ${largest})` +
      (weighted
        ? ', from sampleWeight values this close to 0; scale the weights up (the metric does not change when all weights are scaled).'
        : '.'),
    { argument: weighted ? 'sampleWeight' : 'yPred', value: largest },
  );
}

import { CELL_NAMES, type CellName, type ConfusionCells } from './cells.js';
import { ZERO_PARTIALS, type MetricPartials } from './metric.js';

const SHRINK = 1.4;
const SHRINK_SQUARED = SHRINK * SHRINK;
const TABLE_SIZE = 12;
const SAFE = 2;

/**
 * Derivative of `f` at `x` by Ridders' method: central (or, at the boundary x − h < 0, forward) differences
 * with shrinking steps, extrapolated to step 0 in a Neville tableau; it keeps the estimate with the smallest
 * error estimate and stops when the error starts to grow. Typical relative accuracy 1e-10 to 1e-13 for smooth
 * functions, at 2·k evaluations of `f` (k ≤ 12).
 */
export function riddersDerivative(f: (x: number) => number, x: number, initialStep: number): number {
  const central = x - initialStep >= 0;
  // Central differences have an error series in even powers of h; one-sided ones in all powers.
  const factorStep = central ? SHRINK_SQUARED : SHRINK;
  const difference = (h: number): number => (central ? (f(x + h) - f(x - h)) / (2 * h) : (f(x + h) - f(x)) / h);
  const table = new Float64Array(TABLE_SIZE * TABLE_SIZE); // table[j * TABLE_SIZE + i]
  let step = initialStep;
  table[0] = difference(step);
  let best = table[0] as number;
  let bestError = Infinity;
  for (let i = 1; i < TABLE_SIZE; i++) {
    step /= SHRINK;
    table[i] = difference(step);
    let factor = factorStep;
    for (let j = 1; j <= i; j++) {
      const current = table[(j - 1) * TABLE_SIZE + i] as number;
      const previous = table[(j - 1) * TABLE_SIZE + i - 1] as number;
      const extrapolated = (current * factor - previous) / (factor - 1);
      table[j * TABLE_SIZE + i] = extrapolated;
      factor *= factorStep;
      const error = Math.max(Math.abs(extrapolated - current), Math.abs(extrapolated - previous));
      if (error <= bestError) {
        bestError = error;
        best = extrapolated;
      }
    }
    const diagonal = table[i * TABLE_SIZE + i] as number;
    const previousDiagonal = table[(i - 1) * TABLE_SIZE + i - 1] as number;
    if (Math.abs(diagonal - previousDiagonal) >= SAFE * bestError) break;
  }
  return best;
}

/**
 * The four partial derivatives of a metric's value function, computed numerically (Ridders' extrapolated
 * differences). The step for a cell c starts at 0.1·c (so central differences stay inside c ≥ 0), or at
 * 1e-4 of the total when c is 0 or below 1e-8 of the total (then one-sided). A metric only sees four numbers,
 * so this costs O(1) per batch — about a hundred evaluations of `value`, independent of the batch size.
 *
 * A numeric primitive: `point` is not validated. {@link defineMetric} calls it on checked cells whose largest
 * entry lies in [2⁻⁶⁴, 2⁶⁴] (see `cellScale`), where every step is a normal float64; on subnormal cells the steps
 * underflow.
 */
export function numericPartials(value: (cells: ConfusionCells) => number, point: ConfusionCells): MetricPartials {
  const total = point.truePositives + point.falseNegatives + point.falsePositives + point.trueNegatives;
  const result: Record<CellName, number> = { ...ZERO_PARTIALS };
  if (!(total > 0)) return ZERO_PARTIALS;
  for (const name of CELL_NAMES) {
    const x = point[name];
    // A cell below 1e-8 of the total (or 0) gets the one-sided step of an empty cell: 0.1·x would be so small that
    // rounding swamps the difference (or, for a subnormal x, is 0).
    const initialStep = x > 1e-8 * total ? 0.1 * x : 1e-4 * total;
    result[name] = riddersDerivative((shifted) => value({ ...point, [name]: shifted }), x, initialStep);
  }
  return result;
}

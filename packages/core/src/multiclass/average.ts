import { cellScale, scaleCells } from '../cell-scale.js';
import { assertCells, CELL_NAMES, type ConfusionCells } from '../cells.js';
import { AnyLossError, describeValue } from '../errors.js';
import { readMetric, type Metric, type MetricPartials } from '../metric.js';
import { readAverage } from './options.js';

/**
 * How per-class (one-vs-rest) results are combined:
 * - `'macro'`: the plain mean of the per-class metric over the classes present (support > 0);
 * - `'weighted'`: the mean weighted by class support (the weighted count of samples of each class);
 * - `'micro'`: the metric of the summed cells (ΣTP, ΣFN, ΣFP, ΣTN).
 *
 * Zero division: a class with no samples in the batch (support 0) is left out of `macro` and has weight 0 in
 * `weighted`, so a mini-batch that misses a class is not dragged down by a metric that cannot be defined for
 * it; if no class is present at all (all weights 0), the value is 0 with zero gradient.
 */
export type Average = 'macro' | 'micro' | 'weighted';

/** Per-class support: TP + FN of each class (its weighted sample count). */
function support(cells: ConfusionCells): number {
  return cells.truePositives + cells.falseNegatives;
}

/** Checks that `perClass` is a non-empty array of cells objects (finite, ≥ 0). */
function assertPerClass(perClass: unknown): asserts perClass is readonly ConfusionCells[] {
  if (!Array.isArray(perClass) || perClass.length === 0) {
    throw new AnyLossError('INVALID_ARGUMENT', `perClass must be a non-empty array of per-class cells, got ${describeValue(perClass)}.`, {
      argument: 'perClass',
      value: perClass,
    });
  }
  perClass.forEach((cells, k) => assertCells(cells, `perClass[${k}]`));
}

/** Σ of `scale`·cells over the classes. */
function scaledSum(perClass: readonly ConfusionCells[], scale: number): ConfusionCells {
  let truePositives = 0;
  let falseNegatives = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  for (const cells of perClass) {
    truePositives += scale * cells.truePositives;
    falseNegatives += scale * cells.falseNegatives;
    falsePositives += scale * cells.falsePositives;
    trueNegatives += scale * cells.trueNegatives;
  }
  return { truePositives, falseNegatives, falsePositives, trueNegatives };
}

/**
 * Sums per-class cells (micro averaging).
 * @throws `AnyLossError` `INVALID_CELLS` when the sum overflows float64 (the micro metrics still work: they
 *   sum rescaled cells).
 */
export function sumCells(perClass: readonly ConfusionCells[]): ConfusionCells {
  assertPerClass(perClass);
  const sum = scaledSum(perClass, 1);
  assertCells(sum, 'the sum of perClass');
  return sum;
}

/**
 * The cells the micro metric is evaluated on: the sum, taken in a smaller unit (the {@link cellScale} of the
 * largest cell, when that is below 1) if the plain sum could overflow. Metrics are scale-invariant, and small cells
 * are rescaled by the metric itself.
 */
function microCells(perClass: readonly ConfusionCells[]): { cells: ConfusionCells; scale: number } {
  assertPerClass(perClass);
  const scale = Math.min(1, cellScale(Math.max(...perClass.flatMap((cells) => CELL_NAMES.map((name) => cells[name])))));
  return { cells: scaledSum(perClass, scale), scale };
}

/** The weight of each class in a macro or weighted average (they sum to 1, or are all 0). */
function classWeights(perClass: readonly ConfusionCells[], average: 'macro' | 'weighted'): number[] {
  const supports = perClass.map(support);
  const largest = Math.max(...supports); // relative supports: their sum cannot overflow
  const raw = supports.map((s) => (s > 0 ? (average === 'macro' ? 1 : s / largest) : 0));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => (total > 0 ? r / total : 0));
}

/**
 * The averaged metric value over per-class cells — for soft cells in training and hard cells in evaluation.
 */
export function averageMetric(metric: Metric, perClass: readonly ConfusionCells[], average: Average): number {
  const checked = readMetric(metric);
  const kind = readAverage(average, 'average');
  if (kind === 'micro') return checked.value(microCells(perClass).cells); // scale-invariant
  assertPerClass(perClass);
  const weights = classWeights(perClass, kind);
  let value = 0;
  perClass.forEach((cells, k) => {
    const weight = weights[k] ?? 0;
    if (weight > 0) value += weight * checked.value(cells);
  });
  return value;
}

/** ∂(averaged metric)/∂(cells of class k), for every k, with the class supports (labels) held fixed. */
export function averagedPartials(metric: Metric, perClass: readonly ConfusionCells[], average: Average): MetricPartials[] {
  const checked = readMetric(metric);
  const kind = readAverage(average, 'average');
  if (kind === 'micro') {
    // ∂M/∂c at the true sum is s·∂M/∂c at the rescaled one (the partials are homogeneous of degree −1).
    const { cells, scale } = microCells(perClass);
    const shared = scaleCells(checked.partials(cells), scale); // scale ≤ 1: cannot overflow
    return perClass.map(() => shared);
  }
  assertPerClass(perClass);
  const weights = classWeights(perClass, kind);
  return perClass.map((cells, k) => {
    const weight = weights[k] ?? 0;
    if (!(weight > 0)) return { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
    const p = checked.partials(cells);
    // Supports are TP_k + FN_k = Σ w·y_ik: labels, constant under any change of the predictions, so the
    // class weights are held fixed (their own derivative cancels in the chain rule: ∂TP/∂ŷ = −∂FN/∂ŷ).
    return {
      truePositives: weight * p.truePositives,
      falseNegatives: weight * p.falseNegatives,
      falsePositives: weight * p.falsePositives,
      trueNegatives: weight * p.trueNegatives,
    };
  });
}

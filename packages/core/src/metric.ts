import { cellScale, scaleCells } from './cell-scale.js';
import { assertCells, CELL_NAMES, type CellName, type ConfusionCells } from './cells.js';
import { AnyLossError, describeValue, mustBe } from './errors.js';
import { numericPartials } from './numeric-partials.js';
import { assertOptions } from './validate.js';

/** The partial derivatives of a metric with respect to each confusion-matrix cell (∂metric/∂cell). */
export interface MetricPartials {
  /** ∂metric/∂TP. */
  readonly truePositives: number;
  /** ∂metric/∂FN. */
  readonly falseNegatives: number;
  /** ∂metric/∂FP. */
  readonly falsePositives: number;
  /** ∂metric/∂TN. */
  readonly trueNegatives: number;
}

/**
 * A confusion-matrix metric: a value (higher is better) and its four partial derivatives. Its loss is
 * `1 − value`. The same object evaluates hard matrices ({@link confusionMatrix}) and trains on soft ones.
 */
export interface Metric {
  /** Identifier used in logs, tables and errors, e.g. `"f1"`. */
  readonly name: string;
  /** `[lowest, highest]` value the metric can take, when known (e.g. `[-1, 1]` for MCC). */
  readonly range: readonly [number, number] | undefined;
  /** True when `partials` is a closed form; false when it is computed numerically by {@link defineMetric}. */
  readonly exactPartials: boolean;
  /**
   * The metric's value for these cells. Always finite: where the formula divides by zero the metric's
   * documented zero-division value is returned.
   * @throws {@link AnyLossError} `INVALID_CELLS` for negative or non-finite cells.
   */
  value(cells: ConfusionCells): number;
  /**
   * ∂value/∂cell for each cell. Always finite: a term that divides by zero contributes 0.
   * @throws {@link AnyLossError} `INVALID_CELLS` for negative or non-finite cells.
   */
  partials(cells: ConfusionCells): MetricPartials;
}

/** What {@link defineMetric} needs: a name, a value function, and optionally closed-form partials and a range. */
export interface MetricDefinition {
  /** Identifier, e.g. `"myScore"`: a non-empty string. */
  readonly name: string;
  /**
   * The metric as a function of the four cells; must return a finite number for every non-negative input.
   * It should be scale-invariant, `value(s·cells) = value(cells)`, as every built-in is (a ratio of cell sums):
   * cells whose largest entry lies outside [2⁻⁶⁴, 2⁶⁴] reach it divided by an exact power of 4 (see
   * the numerics page), and so do the soft cells of a loss whose weights lie outside that range.
   */
  readonly value: (cells: ConfusionCells) => number;
  /**
   * Closed-form partial derivatives. When omitted they are computed numerically (Ridders' extrapolated
   * differences, relative accuracy ≈ 1e-10 on smooth metrics; O(1) per batch).
   */
  readonly partials?: (cells: ConfusionCells) => MetricPartials;
  /** `[lowest, highest]` value, if known: two finite numbers. */
  readonly range?: readonly [number, number];
}

const DEFINITION_KEYS = ['name', 'value', 'partials', 'range'] as const;

/** The metrics made by {@link defineMetric}: their results are checked already. */
const definedMetrics = new WeakSet<object>();

/**
 * Checks that `metric` is a metric object (built-in, `fBeta(β)`, `defineMetric(...)`, or any object with a
 * non-empty `name` and `value` and `partials` functions).
 * @throws {@link AnyLossError} `INVALID_METRIC` naming `argument`.
 */
export function assertMetric(metric: unknown, argument = 'metric'): asserts metric is Metric {
  const candidate = metric as Partial<Metric> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.value !== 'function' ||
    typeof candidate.partials !== 'function' ||
    typeof candidate.name !== 'string' ||
    candidate.name === ''
  ) {
    mustBe('INVALID_METRIC', argument, 'a metric (from metrics, fBeta or defineMetric)', metric);
  }
}

/**
 * Checks `metric` like {@link assertMetric} and returns a metric whose results are checked: the metric itself
 * when it comes from {@link defineMetric} (every built-in does), otherwise `defineMetric` around its `value` and
 * `partials`, so that a hand-made `{ name, value, partials }` object is held to the same rules — a NaN value or
 * an infinite partial is an `INVALID_METRIC` error naming the metric, not a NaN loss.
 * @throws {@link AnyLossError} `INVALID_METRIC` naming `argument`.
 */
export function readMetric(metric: unknown, argument = 'metric'): Metric {
  assertMetric(metric, argument);
  if (definedMetrics.has(metric)) return metric;
  return defineMetric({ name: metric.name, value: (cells) => metric.value(cells), partials: (cells) => metric.partials(cells) });
}

function checkResult(result: unknown, metricName: string, what: string, cells: ConfusionCells): number {
  if (typeof result !== 'number' || !Number.isFinite(result)) {
    throw new AnyLossError(
      'INVALID_METRIC',
      `metric ${JSON.stringify(metricName)} returned ${describeValue(result)} for ${what} at cells ` +
        `${JSON.stringify(cells)}, not a finite number (handle division by zero).`,
      { argument: 'metric', value: result },
    );
  }
  return result;
}

/**
 * Turns a function of the confusion-matrix cells into a {@link Metric} that AnyLoss can train on.
 * Inputs are validated on every call; a non-finite result is an `INVALID_METRIC` error, not a silent NaN.
 *
 * @example
 * ```ts
 * // Precision-weighted recall, with an explicit zero-division policy.
 * const myScore = defineMetric({
 *   name: 'myScore',
 *   value: ({ truePositives, falsePositives, falseNegatives }) => {
 *     const denominator = 2 * truePositives + falsePositives + 3 * falseNegatives;
 *     return denominator > 0 ? (2 * truePositives) / denominator : 0;
 *   },
 * });
 * const loss = anyLoss(myScore);
 * ```
 * @throws {@link AnyLossError} `INVALID_METRIC` for a bad definition, `UNKNOWN_OPTION` for unknown keys.
 */
export function defineMetric(definition: MetricDefinition): Metric {
  assertOptions(definition, DEFINITION_KEYS, 'definition');
  const { name, value, partials, range } = (definition ?? {}) as MetricDefinition; // checked just below
  const problems: Array<[boolean, keyof MetricDefinition, string]> = [
    [typeof name === 'string' && name.length > 0, 'name', 'a non-empty string'],
    [typeof value === 'function', 'value', 'a function of the cells'],
    [partials === undefined || typeof partials === 'function', 'partials', 'a function of the cells or omitted'],
    [
      range === undefined ||
        (Array.isArray(range) && range.length === 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1]),
      'range',
      '[lowest, highest], finite, with lowest < highest (omit it when unknown)',
    ],
  ];
  for (const [valid, key, expected] of problems) {
    if (!valid) {
      mustBe('INVALID_METRIC', `definition.${key}`, expected, (definition as unknown as Record<string, unknown> | undefined)?.[key]);
    }
  }
  const evaluate = (cells: ConfusionCells): number => checkResult(value(cells), name, 'its value', cells);
  /** Checks `cells` and returns the exact scale s of {@link cellScale} for them. */
  const scaleOf = (cells: ConfusionCells): number => {
    assertCells(cells);
    return cellScale(Math.max(cells.truePositives, cells.falseNegatives, cells.falsePositives, cells.trueNegatives));
  };
  /** Checks that every partial is a finite number, naming the metric and the cell. */
  const checkPartials = (result: { readonly [cell in CellName]?: unknown }, cells: ConfusionCells): MetricPartials => {
    for (const cell of CELL_NAMES) checkResult(result[cell], name, `∂/∂${cell}`, cells);
    return result as unknown as MetricPartials;
  };
  const partialsAt = (cells: ConfusionCells): MetricPartials => {
    if (partials === undefined) return numericPartials(evaluate, cells);
    // Not an object (null, a number): its "entries" are undefined, reported like any other non-finite partial.
    return checkPartials(Object(partials(cells)) as Record<string, unknown>, cells);
  };
  const metric: Metric = Object.freeze({
    name,
    range: range === undefined ? undefined : ([range[0], range[1]] as const),
    exactPartials: partials !== undefined,
    value(cells: ConfusionCells): number {
      return evaluate(scaleCells(cells, scaleOf(cells)));
    },
    partials(cells: ConfusionCells): MetricPartials {
      const scale = scaleOf(cells);
      // ∂M/∂c is homogeneous of degree −1 in the cells: ∂M/∂c(cells) = s·∂M/∂c(s·cells).
      if (scale === 1) return partialsAt(cells);
      return checkPartials(scaleCells(partialsAt(scaleCells(cells, scale)), scale), cells); // s·∂ may overflow
    },
  });
  definedMetrics.add(metric);
  return metric;
}

/** All four partials 0: what a metric returns where its formula divides by zero. Frozen; copy to modify. */
export const ZERO_PARTIALS: MetricPartials = Object.freeze({
  truePositives: 0,
  falseNegatives: 0,
  falsePositives: 0,
  trueNegatives: 0,
});

/**
 * `numerator / denominator`, or 0 when the denominator is 0 — the zero-division policy of every built-in
 * ratio (the same as scikit-learn's `zero_division=0`). Cells are non-negative, so denominators are ≥ 0.
 */
export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}

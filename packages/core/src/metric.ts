import { assertCells, CELL_NAMES, type ConfusionCells } from './cells.js';
import { AnyLossError, describeValue } from './errors.js';
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
  /** The metric as a function of the four cells; must return a finite number for every non-negative input. */
  readonly value: (cells: ConfusionCells) => number;
  /**
   * Closed-form partial derivatives. When omitted they are computed numerically (Ridders' extrapolated
   * differences, relative accuracy ≈ 1e-10 on smooth metrics; O(1) per batch).
   */
  readonly partials?: (cells: ConfusionCells) => MetricPartials;
  /** `[lowest, highest]` value, if known. */
  readonly range?: readonly [number, number];
}

const DEFINITION_KEYS = ['name', 'value', 'partials', 'range'] as const;

function checkResult(result: unknown, metricName: string, what: string, cells: ConfusionCells): number {
  if (typeof result !== 'number' || !Number.isFinite(result)) {
    throw new AnyLossError(
      'INVALID_METRIC',
      `metric ${JSON.stringify(metricName)} returned ${describeValue(result)} for ${what} at cells ` +
        `${JSON.stringify(cells)}; it must return a finite number (handle division by zero).`,
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
        (Array.isArray(range) && range.length === 2 && typeof range[0] === 'number' && range[0] < (range[1] as number)),
      'range',
      '[lowest, highest] with lowest < highest',
    ],
  ];
  for (const [valid, key, expected] of problems) {
    if (!valid) {
      const offending = (definition as unknown as Record<string, unknown> | undefined)?.[key];
      throw new AnyLossError('INVALID_METRIC', `definition.${key} must be ${expected}, got ${describeValue(offending)}.`, {
        argument: `definition.${key}`,
        value: offending,
      });
    }
  }
  const evaluate = (cells: ConfusionCells): number => checkResult(value(cells), name, 'its value', cells);
  return Object.freeze({
    name,
    range: range === undefined ? undefined : ([range[0], range[1]] as const),
    exactPartials: partials !== undefined,
    value(cells: ConfusionCells): number {
      assertCells(cells);
      return evaluate(cells);
    },
    partials(cells: ConfusionCells): MetricPartials {
      assertCells(cells);
      if (partials === undefined) return numericPartials(evaluate, cells);
      const result = partials(cells) as unknown;
      if (typeof result !== 'object' || result === null) {
        throw new AnyLossError(
          'INVALID_METRIC',
          `metric ${JSON.stringify(name)} partials returned ${describeValue(result)}, not a cells-shaped object.`,
          { argument: 'metric', value: result },
        );
      }
      for (const cell of CELL_NAMES) {
        checkResult((result as Record<string, unknown>)[cell], name, `∂/∂${cell}`, cells);
      }
      return result as MetricPartials;
    },
  });
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

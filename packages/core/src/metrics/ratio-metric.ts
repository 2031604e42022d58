import type { CellName } from '../cells.js';
import { defineMetric, ZERO_PARTIALS, ratio, type Metric } from '../metric.js';

/**
 * Builds a metric of the form `a / (a + b)` for two cells a and b (precision, recall, specificity, npv).
 * Partials: ∂/∂a = b / (a + b)², ∂/∂b = −a / (a + b)², 0 for the other cells. Range [0, 1].
 * Zero division (a + b = 0): value 0, partials 0.
 */
export function defineRatioMetric(name: string, numerator: CellName, complement: CellName): Metric {
  return defineMetric({
    name,
    range: [0, 1],
    value: (cells) => ratio(cells[numerator], cells[numerator] + cells[complement]),
    partials: (cells) => {
      const a = cells[numerator];
      const b = cells[complement];
      const denominatorSquared = (a + b) * (a + b);
      const partials = { ...ZERO_PARTIALS };
      partials[numerator] = ratio(b, denominatorSquared);
      partials[complement] = -ratio(a, denominatorSquared);
      return partials;
    },
  });
}

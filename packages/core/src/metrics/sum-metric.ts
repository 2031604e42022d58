import { CELL_NAMES } from '../cells.js';
import { defineMetric, ZERO_PARTIALS, type Metric } from '../metric.js';

/**
 * Builds `first + second + offset` from two metrics (Youden's J = recall + specificity − 1,
 * markedness = precision + npv − 1); partials are the sums of the two metrics' partials.
 */
export function defineSumMetric(name: string, first: Metric, second: Metric, offset: number, range: readonly [number, number]): Metric {
  return defineMetric({
    name,
    range,
    value: (cells) => first.value(cells) + second.value(cells) + offset,
    partials: (cells) => {
      const a = first.partials(cells);
      const b = second.partials(cells);
      const partials = { ...ZERO_PARTIALS };
      for (const cell of CELL_NAMES) partials[cell] = a[cell] + b[cell];
      return partials;
    },
  });
}

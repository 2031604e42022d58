import { datasetsOf, find, lossesOf, meanScoresByLoss } from './analysis.js';
import type { ReportedMetric } from './evaluate.js';
import type { BenchmarkResult } from './run.js';

/** Columns of the results table: metric and header. */
export const TABLE_METRICS: readonly { readonly metric: ReportedMetric; readonly header: string }[] = [
  { metric: 'f1', header: 'F1' },
  { metric: 'balancedAccuracy', header: 'balanced acc.' },
  { metric: 'accuracy', header: 'accuracy' },
  { metric: 'geometricMean', header: 'G-mean' },
  { metric: 'mcc', header: 'MCC' },
];

/** How a loss is shown: `BCE`, `weighted BCE`, `MSE`, `BCE + threshold`, `focal`, `soft F1`, or `AnyLoss-<metric>`. */
export function lossLabel(loss: string): string {
  if (loss === 'bce') return 'BCE';
  if (loss === 'wbce') return 'weighted BCE';
  if (loss === 'mse') return 'MSE';
  if (loss === 'bce-thr') return 'BCE + threshold';
  if (loss === 'focal') return 'focal';
  if (loss === 'soft-f1') return 'soft F1';
  return `AnyLoss-${loss}`;
}

/** Formats a score with 4 decimals (or `n/a`). */
export function score(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : 'n/a';
}

/**
 * The markdown table of mean test metrics per dataset and loss (one row each), the best F1 of each dataset in
 * bold, followed (for more than one dataset) by the mean over datasets per loss.
 */
export function resultsTable(results: readonly BenchmarkResult[]): string {
  const header = ['dataset', 'positives', 'loss', ...TABLE_METRICS.map((c) => c.header), 'train s'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 3 ? '---' : '---:')).join(' | ')} |`];
  const losses = lossesOf(results);
  for (const dataset of datasetsOf(results)) {
    const rows = losses.map((loss) => find(results, dataset, loss)).filter((r): r is BenchmarkResult => r !== undefined);
    const bestF1 = Math.max(...rows.map((r) => r.metrics.f1));
    for (const row of rows) {
      const cells = TABLE_METRICS.map((c) => {
        const text = score(row.metrics[c.metric]);
        return c.metric === 'f1' && row.metrics.f1 === bestF1 ? `**${text}**` : text;
      });
      lines.push(
        `| ${dataset} | ${(row.positiveShare * 100).toFixed(1)}% | ${lossLabel(row.loss)} | ${cells.join(' | ')} | ${row.seconds.toFixed(2)} |`,
      );
    }
  }
  if (datasetsOf(results).length > 1) {
    for (const [loss, values] of meanScoresByLoss(results)) {
      const seconds = results.filter((r) => r.loss === loss).reduce((a, r) => a + r.seconds, 0);
      lines.push(
        `| **mean of ${datasetsOf(results).length}** | | ${lossLabel(loss)} | ${TABLE_METRICS.map((c) => score(values[c.metric])).join(' | ')} | ${seconds.toFixed(2)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

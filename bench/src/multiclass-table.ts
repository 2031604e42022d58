import type { MulticlassBenchmarkResult } from './run.js';
import { barChart } from './svg.js';
import { lossLabel, score } from './table.js';

/** How a multi-class loss is shown: `CCE`, `weighted CCE`, or `AnyLoss-<metric>` with its average when not macro. */
export function multiclassLossLabel(result: Pick<MulticlassBenchmarkResult, 'loss' | 'average'>): string {
  if (result.loss === 'cce') return 'CCE';
  if (result.loss === 'wcce') return 'weighted CCE';
  return result.average === 'macro' ? lossLabel(result.loss) : `${lossLabel(result.loss)} (${result.average})`;
}

function mean(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/**
 * The markdown table of a multi-class run: one row per dataset and loss with macro-F1, macro balanced accuracy and
 * argmax accuracy (the best macro-F1 of each dataset in bold), then the means over datasets per loss.
 */
export function multiclassResultsTable(results: readonly MulticlassBenchmarkResult[]): string {
  const header = ['dataset', 'classes', 'rarest class', 'loss', 'macro-F1', 'macro balanced acc.', 'accuracy', 'train s'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 4 && i !== 1 ? '---' : '---:')).join(' | ')} |`];
  const datasets = [...new Set(results.map((r) => r.dataset))];
  const losses = [...new Set(results.map((r) => r.loss))];
  for (const dataset of datasets) {
    const rows = results.filter((r) => r.dataset === dataset);
    const best = Math.max(...rows.map((r) => r.metrics.macroF1));
    for (const row of rows) {
      const f1 = score(row.metrics.macroF1);
      lines.push(
        `| ${dataset} | ${row.classes} | ${(row.minorityShare * 100).toFixed(1)}% | ${multiclassLossLabel(row)} | ${row.metrics.macroF1 === best ? `**${f1}**` : f1} | ${score(row.metrics.macroBalancedAccuracy)} | ${score(row.metrics.accuracy)} | ${row.seconds.toFixed(2)} |`,
      );
    }
  }
  if (datasets.length > 1) {
    for (const loss of losses) {
      const rows = results.filter((r) => r.loss === loss);
      const first = rows[0] as MulticlassBenchmarkResult;
      lines.push(
        `| **mean of ${datasets.length}** | | | ${multiclassLossLabel(first)} | ${score(mean(rows.map((r) => r.metrics.macroF1)))} | ${score(mean(rows.map((r) => r.metrics.macroBalancedAccuracy)))} | ${score(mean(rows.map((r) => r.metrics.accuracy)))} | ${rows.reduce((a, r) => a + r.seconds, 0).toFixed(2)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The markdown section (and its chart, `multiclass-macro-f1.svg`) of a multi-class run's report. */
export function multiclassReportSection(results: readonly MulticlassBenchmarkResult[]): { files: Map<string, string>; markdown: string } {
  const files = new Map<string, string>();
  const losses = [...new Set(results.map((r) => r.loss))];
  const first = results[0];
  files.set(
    'multiclass-macro-f1.svg',
    barChart(
      losses.map((loss) => {
        const rows = results.filter((r) => r.loss === loss);
        return {
          label: multiclassLossLabel(rows[0] as MulticlassBenchmarkResult).replace('AnyLoss-', 'AL-'),
          value: mean(rows.map((r) => r.metrics.macroF1)),
        };
      }),
      {
        title: 'Multi-class: mean test macro-F1 per loss',
        xLabel: 'loss (AL = AnyLoss)',
        yLabel: 'macro-F1 (mean over datasets)',
        digits: 4,
      },
    ),
  );
  const settings =
    first === undefined
      ? ''
      : `- model: \`${first.model}\` (${first.model === 'logistic' ? 'softmax regression' : 'Dense K → BatchNorm → sigmoid → Dense K → softmax'}), engine \`${first.engine}\`, ${first.folds} stratified folds, ${first.epochs} epochs, learning rate ${first.learningRate}; AnyLoss: ${first.average} average, ${first.amplifier} amplifier, L = ${first.amplification}`;
  const markdown = [
    '## Multi-class targets',
    '',
    settings,
    '',
    'Means over the test folds; predictions are the argmax of the K logits. Macro balanced accuracy = mean per-class recall. The best macro-F1 of each dataset is in bold.',
    '',
    multiclassResultsTable(results),
    '![Mean test macro-F1 per loss](multiclass-macro-f1.svg)',
    '',
  ].join('\n');
  return { files, markdown };
}

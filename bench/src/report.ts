import { join } from 'node:path';
import {
  bestOrTied,
  convergenceByLoss,
  datasetsOf,
  find,
  gainByImbalance,
  lossesOf,
  meanScoresByLoss,
  notWorseThanBce,
  pairedPermutationPValue,
  IMBALANCE_GROUPS,
  secondsPerEpochByLoss,
  TIE_TOLERANCE,
  timeRelativeToBce,
} from './analysis.js';
import { PAPER, paperCount, paperMeans } from './paper.js';
import { writeFilesOrRescue } from './paths.js';
import type { BenchmarkResult } from './run.js';
import { barChart, scatterChart } from './svg.js';
import { lossLabel, resultsTable, score, TABLE_METRICS } from './table.js';

/** A report: file name → content. `index.md` is the entry point. */
export type ReportFiles = Map<string, string>;

/**
 * The three charts of a run, as SVG files named `<prefix>f1-scatter.svg`, `<prefix>f1-gain.svg` and
 * `<prefix>time-per-epoch.svg`, plus the markdown that embeds them. The F1 charts need `bce` and `f1` in the run.
 */
export function charts(results: readonly BenchmarkResult[], prefix = '', title = ''): { files: ReportFiles; markdown: string } {
  const files: ReportFiles = new Map();
  const lines: string[] = [];
  const pairs = datasetsOf(results)
    .map((dataset) => ({ bce: find(results, dataset, 'bce'), f1: find(results, dataset, 'f1') }))
    .filter((pair): pair is { bce: BenchmarkResult; f1: BenchmarkResult } => pair.bce !== undefined && pair.f1 !== undefined);
  if (pairs.length > 0) {
    files.set(
      `${prefix}f1-scatter.svg`,
      scatterChart(
        pairs.map(({ bce, f1 }) => ({
          x: bce.metrics.f1,
          y: f1.metrics.f1,
          label: `${bce.dataset}: BCE ${score(bce.metrics.f1)}, AnyLoss-F1 ${score(f1.metrics.f1)}`,
        })),
        { title: `${title}Test F1 per dataset`, xLabel: 'BCE', yLabel: 'AnyLoss-F1', xDomain: [0, 1], yDomain: [0, 1], diagonal: true },
      ),
    );
    files.set(
      `${prefix}f1-gain.svg`,
      scatterChart(
        pairs.map(({ bce, f1 }) => ({
          x: f1.positiveShare,
          y: f1.metrics.f1 - bce.metrics.f1,
          label: `${f1.dataset}: ${(f1.positiveShare * 100).toFixed(1)}% positive, gain ${(f1.metrics.f1 - bce.metrics.f1).toFixed(4)}`,
        })),
        {
          title: `${title}F1 gain of AnyLoss-F1 over BCE`,
          xLabel: 'positive (minority) share',
          yLabel: 'F1(AnyLoss-F1) − F1(BCE)',
          zeroLine: true,
          xPercent: true,
        },
      ),
    );
    lines.push(
      `![Test F1 per dataset, AnyLoss-F1 against BCE](${prefix}f1-scatter.svg) ![F1 gain against positive share](${prefix}f1-gain.svg)`,
    );
    lines.push('');
    lines.push('Points above the dashed line: AnyLoss-F1 has the higher test F1 on that dataset (hover a point for its name).');
    lines.push('');
  } else {
    lines.push('_The F1 charts need both `bce` and `f1` among the losses._');
    lines.push('');
  }
  const perEpoch = secondsPerEpochByLoss(results);
  files.set(
    `${prefix}time-per-epoch.svg`,
    barChart(
      [...perEpoch].map(([loss, seconds]) => ({ label: lossLabel(loss).replace('AnyLoss-', 'AL-'), value: seconds * 1000 })),
      {
        title: `${title}Training time per epoch (mean over datasets)`,
        xLabel: 'loss (AL = AnyLoss)',
        yLabel: 'milliseconds per epoch',
        digits: 3,
      },
    ),
  );
  lines.push(`![Training time per epoch per loss](${prefix}time-per-epoch.svg)`);
  lines.push('');
  return { files, markdown: lines.join('\n') };
}

/** Describes the run settings in one markdown list. */
function settings(results: readonly BenchmarkResult[], extra: Record<string, string>): string {
  const first = results[0];
  const items: string[] = [];
  if (first !== undefined) {
    items.push(
      `- model: \`${first.model}\`, engine: \`${first.engine}\`, ${first.folds} stratified folds, ${first.epochs} epochs, learning rate ${first.learningRate}`,
    );
    const batches = lossesOf(results).map(
      (loss) => `${lossLabel(loss)} ${find(results, results.find((r) => r.loss === loss)?.dataset ?? '', loss)?.batchSize ?? '?'}`,
    );
    items.push(`- rows per gradient step on the first dataset's first fold: ${batches.join(', ')}`);
  }
  for (const [key, value] of Object.entries(extra)) items.push(`- ${key}: ${value}`);
  return items.join('\n');
}

/** A markdown report of one run: settings, the results table and the three charts. */
export function runReport(results: readonly BenchmarkResult[], extra: Record<string, string> = {}): ReportFiles {
  const { files, markdown } = charts(results);
  const body = [
    '# AnyLoss benchmark report',
    '',
    settings(results, extra),
    '',
    '## Mean test metrics per dataset and loss',
    '',
    'Means over the test folds; the best F1 of each dataset is in bold. Positives = share of the minority class.',
    '',
    resultsTable(results),
    '## Charts',
    '',
    markdown,
  ];
  files.set('index.md', body.join('\n'));
  return files;
}

/**
 * Writes report files into `dir` (created if needed) and returns the path of `index.md`; if that fails, the files go
 * to a temporary directory and the error says where (see `writeFilesOrRescue`).
 */
export function writeReport(dir: string, files: ReportFiles): string {
  writeFilesOrRescue(dir, files, 'the report');
  return join(dir, 'index.md');
}

function percent(count: number, total: number): string {
  return total > 0 ? `${count}/${total} (${((count / total) * 100).toFixed(0)}%)` : 'n/a';
}

function percentOf(count: { count: number; datasets: number }): string {
  return percent(count.count, count.datasets);
}

function signed(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(3)}` : 'n/a';
}

/** The sections of the reproduction report for one model. */
function modelSection(results: readonly BenchmarkResult[], model: 'logistic' | 'mlp'): { files: ReportFiles; markdown: string } {
  const title = model === 'logistic' ? 'Single logistic unit' : 'Small MLP';
  const { files, markdown } = charts(results, `${model}-`, `${title}: `);
  const lines: string[] = [`## ${title}`, '', settings(results, {}), ''];
  lines.push('### Mean test scores over datasets', '');
  lines.push(`| loss | ${TABLE_METRICS.map((c) => c.header).join(' | ')} |`);
  lines.push(`| --- | ${TABLE_METRICS.map(() => '---:').join(' | ')} |`);
  for (const [loss, values] of meanScoresByLoss(results)) {
    lines.push(`| ${lossLabel(loss)} | ${TABLE_METRICS.map((c) => score(values[c.metric])).join(' | ')} |`);
  }
  lines.push('');
  lines.push('### Best or tied', '');
  lines.push(
    `A loss is "best or tied" on a dataset when its mean test score is within ${TIE_TOLERANCE} of the reference (BCE, or the best of all losses in this run). Wins/losses: better/worse than BCE by more than ${TIE_TOLERANCE}.`,
    '',
  );
  lines.push(
    'Fold-level: "not worse than BCE" when the loss\'s mean is higher or the exact paired sign-flip permutation test over the folds gives p ≥ 0.05 (two-sided); significant wins/losses are p < 0.05.',
    '',
  );
  lines.push(
    '| loss → metric | ≥ BCE − 0.005 | ≥ best of all − 0.005 | wins / ties / losses vs BCE | fold-level: not worse than BCE | significant wins / losses |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [loss, metric, name] of [
    ['f1', 'f1', 'AnyLoss-F1 → F1'],
    ['balancedAccuracy', 'balancedAccuracy', 'AnyLoss-BAcc → balanced acc.'],
    ['geometricMean', 'geometricMean', 'AnyLoss-G-mean → G-mean'],
    ['accuracy', 'accuracy', 'AnyLoss-Acc → accuracy'],
  ] as const) {
    if (!lossesOf(results).includes(loss)) continue;
    const count = bestOrTied(results, loss, metric);
    const paired = notWorseThanBce(results, loss, metric);
    lines.push(
      `| ${name} | ${percent(count.versusBce, count.datasets)} | ${percent(count.versusAll, count.datasets)} | ${count.wins} / ${count.datasets - count.wins - count.losses} / ${count.losses} | ${percent(paired.count, paired.datasets)} | ${paired.significantWins} / ${paired.significantLosses} |`,
    );
  }
  lines.push('');
  lines.push('### F1 gain of AnyLoss-F1 over BCE by imbalance', '');
  lines.push('| positive share | datasets | mean F1 gain | mean balanced-acc. gain of AnyLoss-BAcc |');
  lines.push('| --- | ---: | ---: | ---: |');
  const bAccGain = gainByImbalance(results, 'balancedAccuracy', 'balancedAccuracy');
  gainByImbalance(results, 'f1', 'f1').forEach((group, i) => {
    lines.push(`| ${group.label} | ${group.datasets} | ${signed(group.gain)} | ${signed(bAccGain[i]?.gain ?? Number.NaN)} |`);
  });
  lines.push('');
  lines.push('### Time and convergence', '');
  lines.push(
    "Time per epoch relative to BCE: the median over datasets of (training seconds per epoch of the loss) / (of BCE on the same dataset); each fit runs on one thread (with several worker threads, fits of different folds run side by side), same machine, same run. Convergence: mean over datasets and folds of (L₀ − L after 10% of the epochs) / (L₀ − L final) of each loss's own training loss" +
      (model === 'mlp'
        ? ' (per-epoch means of the mini-batch losses; L₀ = loss of the first batch). AnyLoss-BAcc (full batch) and AnyLoss-G-mean (half batches) take 20× and 10× fewer steps per epoch than the 5%-batch losses, so their time per epoch and convergence are not comparable with the others.'
        : ' (full-batch loss, L₀ = loss at the zero weights).'),
    '',
  );
  lines.push('| loss | ms per epoch | time per epoch vs BCE | loss decrease reached after 10% of the epochs |');
  lines.push('| --- | ---: | ---: | ---: |');
  const relative = timeRelativeToBce(results);
  const perEpoch = secondsPerEpochByLoss(results);
  for (const [loss, convergence] of convergenceByLoss(results)) {
    lines.push(
      `| ${lossLabel(loss)} | ${((perEpoch.get(loss) ?? Number.NaN) * 1000).toFixed(3)} | ${(relative.get(loss) ?? Number.NaN).toFixed(2)}× | ${(convergence * 100).toFixed(0)}% |`,
    );
  }
  lines.push('');
  lines.push('### Charts', '', markdown);
  return { files, markdown: lines.join('\n') };
}

/** Facts about the reproduction run, for its report. */
export interface ReproductionMeta {
  /** Command that regenerates the report. */
  readonly command: string;
  /** Seed used. */
  readonly seed: number;
  /** Datasets left out, with reasons. */
  readonly excluded: Readonly<Record<string, string>>;
  /** Datasets used to choose the learning rates. */
  readonly tuningDatasets: readonly string[];
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number;
  /** Worker threads of the run (absent in reports rebuilt from results that did not record it). */
  readonly workers?: number;
}

/**
 * The committed reproduction report (index.md + SVG charts): for each model, mean scores, best-or-tied
 * counts, gain by imbalance, time and convergence, and the paper's numbers (its reported results) beside ours.
 */
export function reproductionReport(
  logistic: readonly BenchmarkResult[],
  mlp: readonly BenchmarkResult[],
  meta: ReproductionMeta,
): ReportFiles {
  const files: ReportFiles = new Map();
  const datasets = datasetsOf(logistic);
  const headline = (results: readonly BenchmarkResult[]) => {
    const scores = meanScoresByLoss(results);
    const count = bestOrTied(results, 'f1', 'f1');
    return { scores, count };
  };
  const single = headline(logistic);
  const network = headline(mlp);
  type Scores = Map<string, { f1: number; balancedAccuracy: number; accuracy: number }>;
  /** Our mean with BCE → with the AnyLoss `loss`, on `metric`. */
  const ours = (scores: Scores, loss: string, metric: 'f1' | 'balancedAccuracy' | 'accuracy'): string =>
    `${score(scores.get('bce')?.[metric] ?? Number.NaN)} → ${score(scores.get(loss)?.[metric] ?? Number.NaN)}`;
  const nonTuning = (results: readonly BenchmarkResult[]) =>
    bestOrTied(
      results.filter((r) => !meta.tuningDatasets.includes(r.dataset)),
      'f1',
      'f1',
    );
  const bestOrTiedCounts = (results: readonly BenchmarkResult[], count: ReturnType<typeof bestOrTied>): string =>
    [
      `${percent(count.versusBce, count.datasets)} vs BCE`,
      `${percent(count.versusAll, count.datasets)} among all`,
      `without the tuning sets ${percent(nonTuning(results).versusBce, nonTuning(results).datasets)} vs BCE`,
      `fold-level not worse than BCE ${percentOf(notWorseThanBce(results, 'f1', 'f1'))}`,
    ].join('; ');
  const singleGain = gainByImbalance(logistic, 'f1', 'f1');
  const logisticSection = modelSection(logistic, 'logistic');
  const mlpSection = modelSection(mlp, 'mlp');
  const lines: string[] = [
    '# Reproduction: AnyLoss on real imbalanced data',
    '',
    `Regenerate with \`${meta.command}\` (seed ${meta.seed}; wall time ${Math.ceil(meta.seconds / 60)} min on 2 cores${meta.workers !== undefined ? ` with ${meta.workers} worker thread${meta.workers === 1 ? '' : 's'}` : ''}). Every score is deterministic; only the timings vary between runs. Raw numbers: [results-logistic.json](results-logistic.json), [results-mlp.json](results-mlp.json).`,
    '',
    '## Setup',
    '',
    `- **Data**: the ${datasets.length} binary datasets of \`@anyloss/datasets\` (converted from Debian's r-cran-ddalpha, python3-sklearn and weka; provenance and licences in \`datasets/manifest.json\`), positive share ${(Math.min(...logistic.map((r) => r.positiveShare)) * 100).toFixed(1)}%–${(Math.max(...logistic.map((r) => r.positiveShare)) * 100).toFixed(0)}%, label 1 = minority class.` +
      ` Left out: ${Object.entries(meta.excluded)
        .map(([name, why]) => `\`${name}\` (${why})`)
        .join('; ')}.`,
    "- **Protocol**: stratified 10-fold cross-validation (seeded); features z-standardised with the **training fold's** statistics only (the paper standardised before splitting); a fresh model per fold and loss, all losses of a fold starting from the same seed; test metrics from the hard confusion matrix (p > 0.5) of `@anyloss/core`; reported numbers are means over folds, then over datasets.",
    `- **Single logistic unit** (the paper's single-unit protocol): weights and bias start at 0, ${logistic[0]?.epochs ?? 1000} full-batch gradient-descent steps, learning rate ${logistic[0]?.learningRate ?? '?'} for every loss.`,
    `- **Small MLP** (the paper's): Dense 2 → BatchNorm → sigmoid → Dense 1 → sigmoid, Glorot-uniform initialisation, Adam (learning rate ${mlp[0]?.learningRate ?? '?'}, Keras defaults otherwise), ${mlp[0]?.epochs ?? 100} epochs, batch 5% of the training fold for BCE, weighted BCE, MSE, AnyLoss-Acc and AnyLoss-F1, 50% for AnyLoss-G-mean, the full fold for AnyLoss-BAcc. Batch normalisation uses batch statistics in training and the training fold's statistics under the final weights at test time.`,
    "- **Losses**: BCE, class-weighted BCE (weights n/(2·n_class) of the training fold; stands in for the paper's resampling baselines), MSE, and AnyLoss (L = 73) for accuracy, F1, balanced accuracy and G-mean, with gradients from `@anyloss/core` (`anyLoss(metric, { from: 'logits' })`).",
    `- **Learning rates** were chosen once, for all losses, by a sweep on ${meta.tuningDatasets.map((d) => `\`${d}\``).join(', ')} (5 folds, criterion: mean test balanced accuracy over BCE, AnyLoss-F1 and AnyLoss-BAcc). These four datasets are included below; the counts without them are given too.`,
    '- **Engine**: `core` (plain TypeScript in float64). The paper used Keras (float32).',
    '',
    '## Headline: ours beside the paper',
    '',
    `| | paper (${PAPER.datasets} sets) | ours (${datasets.length} sets) |`,
    '| --- | ---: | ---: |',
    headlineRow('single unit, mean F1: BCE → AnyLoss-F1', paperMeans(PAPER.singleUnit.f1), ours(single.scores, 'f1', 'f1')),
    headlineRow(
      'single unit, mean balanced acc.: BCE → AnyLoss-BAcc',
      paperMeans(PAPER.singleUnit.balancedAccuracy),
      ours(single.scores, 'balancedAccuracy', 'balancedAccuracy'),
    ),
    headlineRow(
      'single unit, mean accuracy: BCE → AnyLoss-Acc',
      paperMeans(PAPER.singleUnit.accuracy),
      ours(single.scores, 'accuracy', 'accuracy'),
    ),
    headlineRow('MLP, mean F1: BCE → AnyLoss-F1', paperMeans(PAPER.mlp.f1), ours(network.scores, 'f1', 'f1')),
    headlineRow('MLP, mean balanced acc.: BCE → AnyLoss-BAcc', '—', ours(network.scores, 'balancedAccuracy', 'balancedAccuracy')),
    headlineRow(
      'single unit, AnyLoss-F1 best or tied on F1',
      paperCount(PAPER.singleUnit.f1BestOrTied),
      bestOrTiedCounts(logistic, single.count),
    ),
    headlineRow('MLP, AnyLoss-F1 best or tied on F1', paperCount(PAPER.mlp.f1BestOrTied), bestOrTiedCounts(mlp, network.count)),
    headlineRow(
      'single unit, F1 gain by imbalance (paper groups by negative share)',
      PAPER.singleUnit.f1GainByNegativeShare.map((g) => `${g.label}: +${g.gain.toFixed(3)}`).join(' · '),
      singleGain.map((g) => `${g.label} pos.: ${signed(g.gain)} (${g.datasets})`).join(' · '),
    ),
    headlineRow(
      'time per fit vs BCE',
      `AnyLoss ${PAPER.timePerFitVersusBce.low.toFixed(2)}–${PAPER.timePerFitVersusBce.high.toFixed(2)}×`,
      'see the time tables below (per epoch)',
    ),
    headlineRow(
      'loss decrease after 10% of the iterations',
      `AnyLoss ${percentRange(PAPER.lossDecreaseAfterTenPercent.anyLoss)}, BCE ${percentRange(PAPER.lossDecreaseAfterTenPercent.bce)}`,
      'see the convergence tables below',
    ),
    '',
    '## Verdict',
    '',
    verdict(logistic, mlp),
    '',
    logisticSection.markdown,
    '',
    mlpSection.markdown,
    '',
    '## Per-dataset results, single logistic unit',
    '',
    resultsTable(logistic),
    '## Per-dataset results, MLP',
    '',
    resultsTable(mlp),
  ];
  for (const [name, content] of logisticSection.files) files.set(name, content);
  for (const [name, content] of mlpSection.files) files.set(name, content);
  files.set('index.md', lines.join('\n'));
  const run = { seconds: meta.seconds, ...(meta.workers !== undefined ? { workers: meta.workers } : {}) };
  files.set('results-logistic.json', `${JSON.stringify({ ...run, results: logistic }, null, 1)}\n`);
  files.set('results-mlp.json', `${JSON.stringify({ ...run, results: mlp }, null, 1)}\n`);
  return files;
}

/** The target check: AnyLoss-F1 best-or-tied with BCE on ≥ 90% of the datasets, gain growing with imbalance; and why. */
function verdict(logistic: readonly BenchmarkResult[], mlp: readonly BenchmarkResult[]): string {
  const out: string[] = [];
  for (const [name, results, paperBceF1] of [
    ['Single logistic unit', logistic, PAPER.singleUnit.f1.bce],
    ['MLP', mlp, PAPER.mlp.f1.bce],
  ] as const) {
    const count = bestOrTied(results, 'f1', 'f1');
    const balanced = results.filter((r) => r.loss === 'bce' && r.positiveShare >= 0.4).length;
    const bceF1 = score(meanScoresByLoss(results).get('bce')?.f1 ?? Number.NaN);
    const share = count.datasets > 0 ? count.versusBce / count.datasets : 0;
    const paired = notWorseThanBce(results, 'f1', 'f1');
    const pairedShare = paired.datasets > 0 ? paired.count / paired.datasets : 0;
    const inPaperRange = bestOrTied(
      results.filter((r) => r.positiveShare < 0.4),
      'f1',
      'f1',
    );
    const gains = gainByImbalance(results, 'f1', 'f1').filter((g) => g.datasets > 0);
    const monotone = gains.every((g, i) => i === 0 || g.gain <= (gains[i - 1]?.gain ?? Infinity) + 1e-12);
    const easy = datasetsOf(results)
      .map((dataset) => ({ bce: find(results, dataset, 'bce'), f1: find(results, dataset, 'f1') }))
      .filter((pair): pair is { bce: BenchmarkResult; f1: BenchmarkResult } => pair.bce !== undefined && pair.f1 !== undefined);
    const nearPerfect = easy.filter((pair) => pair.bce.metrics.f1 >= 0.9);
    const nearPerfectLosses = nearPerfect.filter((pair) => pair.f1.metrics.f1 < pair.bce.metrics.f1 - TIE_TOLERANCE).length;
    const otherLosses = easy.filter((pair) => pair.bce.metrics.f1 < 0.9 && pair.f1.metrics.f1 < pair.bce.metrics.f1 - TIE_TOLERANCE);
    const otherNoise = otherLosses.filter(
      (pair) => pairedPermutationPValue(pair.f1.foldMetrics.f1, pair.bce.foldMetrics.f1) >= 0.05,
    ).length;
    const worst = [...easy].sort((a, b) => a.f1.metrics.f1 - a.bce.metrics.f1 - (b.f1.metrics.f1 - b.bce.metrics.f1))[0];
    out.push(
      `- **${name}**: AnyLoss-F1 is best or tied (within ${TIE_TOLERANCE}) with BCE on F1 on ${percent(count.versusBce, count.datasets)} of the datasets — target (≥ 90%) ${share >= 0.9 ? '**met**' : '**missed**'}` +
        ` (${percent(inPaperRange.versusBce, inPaperRange.datasets)} on the datasets in the paper's imbalance range, positive share < 40%). ` +
        `With the fold-level definition (not significantly worse than BCE) it is ${percent(paired.count, paired.datasets)} — ${pairedShare >= 0.9 ? 'above' : 'below'} 90% — with ${paired.significantWins} significant wins and ${paired.significantLosses} significant losses. ` +
        `The F1 gain ${monotone ? '**grows with imbalance**' : `does **not** grow monotonically with imbalance (${gains.map((g) => `${g.label}: ${signed(g.gain)}`).join(', ')})`}.`,
      `  Why: ${nearPerfectLosses} of the ${count.losses} datasets where AnyLoss-F1 trails BCE by more than ${TIE_TOLERANCE} are nearly separable sets on which BCE already reaches F1 ≥ 0.9 (${nearPerfect.length} such sets); ` +
        `our reading (not separately tested) is that the amplified loss (L = 73) saturates there — a confidently wrong prediction gets almost no gradient — and leaves a few errors that BCE's unbounded log-loss keeps correcting. ` +
        `Of the other ${otherLosses.length}, ${otherNoise} are within fold-to-fold noise (paired permutation p ≥ 0.05). ` +
        (worst !== undefined
          ? `The largest single loss, ${worst.f1.dataset} (${(worst.f1.positiveShare * 100).toFixed(1)}% positives: F1 ${score(worst.bce.metrics.f1)} with BCE, ${score(worst.f1.metrics.f1)} with AnyLoss-F1), alone moves its imbalance group's mean gain by ${signed((worst.f1.metrics.f1 - worst.bce.metrics.f1) / Math.max(1, gains.find((g) => worst.f1.positiveShare >= (IMBALANCE_GROUPS.find((x) => x.label === g.label)?.lower ?? 0) && worst.f1.positiveShare < (IMBALANCE_GROUPS.find((x) => x.label === g.label)?.upper ?? 1))?.datasets ?? 1))}. `
          : '') +
        `Our corpus is also easier and more balanced than the paper's (${balanced} of ${count.datasets} sets have ≥ 40% positives, ` +
        `a range the paper did not include), so BCE's mean F1 starts far higher (${bceF1} vs the paper's ${paperBceF1.toFixed(4)}) ` +
        'and leaves less to gain.',
    );
  }
  return out.join('\n');
}

/** One row of the headline table: what is compared, the paper's value, ours. */
function headlineRow(what: string, paper: string, ours: string): string {
  return `| ${what} | ${paper} | ${ours} |`;
}

/** A range of shares as whole percentages: `95–97%`. */
function percentRange([low, high]: readonly number[]): string {
  return `${Math.round((low ?? Number.NaN) * 100)}–${Math.round((high ?? Number.NaN) * 100)}%`;
}

/** Re-exported for the CLI: the stdout table. */
export { resultsTable };

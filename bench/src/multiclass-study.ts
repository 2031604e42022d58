import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnyLossError } from '@anyloss/core';
import { DEFAULT_SOFTMAX_AMPLIFICATION, type MulticlassAmplifier } from '@anyloss/core/multiclass';
import { pairedPermutationPValue } from './analysis.js';
import { corpusDatasetNames, EXCLUDED_MULTICLASS_DATASETS, loadCorpusDataset } from './dataset.js';
import { coreEngine, type ModelName } from './engines.js';
import type { LossName } from './losses.js';
import type { TextSink } from './progress.js';
import { writeReport, type ReportFiles } from './report.js';
import { DEFAULT_EPOCHS, MULTICLASS_MLP_BATCH_FRACTION, runMulticlassBenchmark, type MulticlassBenchmarkResult } from './run.js';
import { groupedBarChart } from './svg.js';
import { score } from './table.js';

/** One training loss of the amplifier study: CCE, or macro-F1 AnyLoss with an amplifier and L. */
export interface StudyDesign {
  /** Short id used in tables and JSON, e.g. `softmax L=10`. */
  readonly id: string;
  /** `cce` or `f1`. */
  readonly loss: LossName;
  /** AnyLoss amplifier (absent for CCE). */
  readonly amplifier?: MulticlassAmplifier;
  /** AnyLoss amplification L (absent for CCE). */
  readonly amplification?: number;
}

/** The designs of the study: CCE, macro-F1 with one-vs-rest at L ∈ {5, 20, 73} and softmax at L ∈ {1, 3, 10, 30}. */
export const STUDY_DESIGNS: readonly StudyDesign[] = [
  { id: 'CCE', loss: 'cce' },
  ...[5, 20, 73].map((amplification) => ({ id: `one-vs-rest L=${amplification}`, loss: 'f1' as const, amplifier: 'one-vs-rest' as const, amplification })),
  ...[1, 3, 10, 30].map((amplification) => ({ id: `softmax L=${amplification}`, loss: 'f1' as const, amplifier: 'softmax' as const, amplification })),
];

/** Candidate learning rates per model (gradient descent for softmax regression, Adam for the MLP). */
export const STUDY_LEARNING_RATES: Readonly<Record<ModelName, readonly number[]>> = Object.freeze({
  logistic: [0.1, 0.3, 1, 3],
  mlp: [0.003, 0.01, 0.03, 0.1],
});

/** Epochs of the study: full-batch steps for softmax regression, epochs of 25% batches for the MLP. */
export const STUDY_EPOCHS: Readonly<Record<ModelName, number>> = Object.freeze({ logistic: 500, mlp: DEFAULT_EPOCHS.mlp });

/** The imbalanced multi-class sets the issue's target is about. */
export const IMBALANCED_MULTICLASS_DATASETS = ['weka-glass', 'weka-soybean'] as const;

/** Options of {@link runMulticlassStudy}. */
export interface MulticlassStudyOptions {
  /** Report directory (index.md, results.json, SVG). */
  readonly dir: string;
  /** Multi-class dataset names; default all minus {@link EXCLUDED_MULTICLASS_DATASETS}. */
  readonly datasets?: readonly string[];
  /** Stratified folds of the test estimate; default 5. */
  readonly folds?: number;
  /** Seed; default 42. The tuning split uses seed + 1000. */
  readonly seed?: number;
  /** Epochs for both models (tests use a few); default {@link STUDY_EPOCHS}. */
  readonly epochs?: number;
  /** Worker threads; default 1. */
  readonly workers?: number;
  /** Rebuild the report from `results.json` without training. */
  readonly reuseResults: boolean;
  /** Command line shown in the report. */
  readonly command: string;
  /** Summary output. */
  readonly stdout: TextSink;
  /** Progress lines; none when absent. */
  readonly stderr?: TextSink;
}

/** One line of a learning-rate sweep. */
export interface SweepLine {
  /** Learning rate. */
  readonly rate: number;
  /** Mean validation macro-F1 of each design over the datasets. */
  readonly byDesign: Record<string, number>;
  /** The criterion: mean over designs of `byDesign`. */
  readonly criterion: number;
}

/** A study result: one design on one dataset and model. */
export interface StudyResult {
  /** Design id. */
  readonly design: string;
  /** Model. */
  readonly model: ModelName;
  /** The benchmark result (means and folds). */
  readonly result: MulticlassBenchmarkResult;
}

/** What `results.json` holds. */
export interface StudyRecord {
  /** Wall-clock seconds of the run. */
  readonly seconds: number;
  /** Worker threads of the run (absent in results recorded before workers existed). */
  readonly workers?: number;
  /** Seed. */
  readonly seed: number;
  /** Test folds. */
  readonly folds: number;
  /** Datasets in order. */
  readonly datasets: readonly string[];
  /** Learning-rate sweep and choice per model. */
  readonly learningRates: Record<ModelName, { readonly chosen: number; readonly sweep: readonly SweepLine[] }>;
  /** Every result. */
  readonly results: readonly StudyResult[];
}

const MODELS: readonly ModelName[] = ['logistic', 'mlp'];

function mean(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

async function runDesigns(
  model: ModelName,
  names: readonly string[],
  config: { folds: number; seed: number; epochs: number; learningRate: number; onlyFirstFolds?: number; workers: number },
  progress: (label: string) => void,
): Promise<StudyResult[]> {
  const datasets = names.map((name) => loadCorpusDataset(name, 'multiclass'));
  const out: StudyResult[] = [];
  for (const design of STUDY_DESIGNS) {
    const results = await runMulticlassBenchmark({
      datasets,
      losses: [design.loss],
      model,
      engine: coreEngine,
      folds: config.folds,
      seed: config.seed,
      epochs: config.epochs,
      learningRate: config.learningRate,
      workers: config.workers,
      ...(config.onlyFirstFolds !== undefined ? { onlyFirstFolds: config.onlyFirstFolds } : {}),
      ...(design.amplifier !== undefined ? { amplifier: design.amplifier } : {}),
      ...(design.amplification !== undefined ? { amplification: design.amplification } : {}),
    });
    for (const result of results) out.push({ design: design.id, model, result });
    progress(`${model} lr ${config.learningRate} ${design.id}`);
  }
  return out;
}

/**
 * Runs the multi-class amplifier study and writes its report: for each model, a learning rate is chosen once
 * (for every design) on a held-out split — the first of 4 stratified folds drawn with seed + 1000, criterion the
 * mean validation macro-F1 over datasets and all designs — then every design is cross-validated with `folds`
 * stratified folds. Returns the path of `index.md`.
 */
export async function runMulticlassStudy(options: MulticlassStudyOptions): Promise<string> {
  const resultsPath = join(options.dir, 'results.json');
  let record: StudyRecord;
  if (options.reuseResults) {
    if (!existsSync(resultsPath)) {
      throw new AnyLossError('INVALID_OPTION', `--reuse-results: ${resultsPath} does not exist; run multiclass-study without it first.`, { argument: 'argv' });
    }
    record = JSON.parse(readFileSync(resultsPath, 'utf8')) as StudyRecord;
  } else {
    const names = options.datasets ?? corpusDatasetNames('multiclass');
    for (const name of names) loadCorpusDataset(name, 'multiclass');
    const folds = options.folds ?? 5;
    const seed = options.seed ?? 42;
    const workers = options.workers ?? 1;
    const started = performance.now();
    const progress = (label: string): void => {
      options.stderr?.write(`multiclass-study ${((performance.now() - started) / 1000).toFixed(0)}s ${label}\n`);
    };
    const learningRates = {} as Record<ModelName, { chosen: number; sweep: SweepLine[] }>;
    const results: StudyResult[] = [];
    for (const model of MODELS) {
      const epochs = options.epochs ?? STUDY_EPOCHS[model];
      const sweep: SweepLine[] = [];
      for (const rate of STUDY_LEARNING_RATES[model]) {
        const tuning = await runDesigns(model, names, { folds: 4, onlyFirstFolds: 1, seed: seed + 1000, epochs, learningRate: rate, workers }, progress);
        const byDesign: Record<string, number> = {};
        for (const design of STUDY_DESIGNS) byDesign[design.id] = mean(tuning.filter((r) => r.design === design.id).map((r) => r.result.metrics.macroF1));
        sweep.push({ rate, byDesign, criterion: mean(Object.values(byDesign)) });
      }
      const chosen = sweep.reduce((best, line) => (line.criterion > best.criterion ? line : best)).rate;
      learningRates[model] = { chosen, sweep };
      results.push(...(await runDesigns(model, names, { folds, seed, epochs, learningRate: chosen, workers }, progress)));
    }
    record = { seconds: (performance.now() - started) / 1000, workers, seed, folds, datasets: names, learningRates, results };
  }
  const files = studyReport(record, options.command);
  if (!options.reuseResults) files.set('results.json', `${JSON.stringify(record, null, 2)}\n`);
  const index = writeReport(options.dir, files);
  options.stdout.write(studySummary(record));
  return index;
}

/** Mean macro-F1 of a design over the given datasets for one model. */
export function designMean(record: Pick<StudyRecord, 'results'>, model: ModelName, design: string, datasets?: readonly string[], metric: 'macroF1' | 'macroBalancedAccuracy' | 'accuracy' = 'macroF1'): number {
  return mean(
    record.results
      .filter((r) => r.model === model && r.design === design && (datasets === undefined || datasets.includes(r.result.dataset)))
      .map((r) => r.result.metrics[metric]),
  );
}

/** The AnyLoss design with the highest mean macro-F1 over both models (on `datasets`, default all). */
export function bestDesign(record: Pick<StudyRecord, 'results'>, datasets?: readonly string[]): { design: string; score: number } {
  let best = { design: '', score: -Infinity };
  for (const design of STUDY_DESIGNS) {
    if (design.loss === 'cce') continue;
    const value = mean(MODELS.map((model) => designMean(record, model, design.id, datasets)));
    if (value > best.score) best = { design: design.id, score: value };
  }
  return best;
}

function studySummary(record: StudyRecord): string {
  const lines = ['', `Multi-class amplifier study: ${record.datasets.length} datasets, ${record.folds} folds, ${record.seconds.toFixed(0)} s wall time${record.workers !== undefined ? ` (${record.workers} worker thread${record.workers === 1 ? '' : 's'})` : ''}.`];
  for (const model of MODELS) {
    const means = STUDY_DESIGNS.map((d) => `${d.id} ${score(designMean(record, model, d.id))}`);
    lines.push(`${model} (lr ${record.learningRates[model].chosen}): ${means.join(' · ')}`);
  }
  const best = bestDesign(record);
  lines.push(`best AnyLoss design overall (mean of both models): ${best.design} (${score(best.score)})`, '');
  return lines.join('\n');
}

function find(record: StudyRecord, model: ModelName, design: string, dataset: string): MulticlassBenchmarkResult | undefined {
  return record.results.find((r) => r.model === model && r.design === design && r.result.dataset === dataset)?.result;
}

function signed(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(4)}` : 'n/a';
}

/** The study's report: setup, learning-rate sweeps, per-model tables, the ranking, the verdict and a chart. */
export function studyReport(record: StudyRecord, command: string): ReportFiles {
  const files: ReportFiles = new Map();
  const imbalanced = IMBALANCED_MULTICLASS_DATASETS.filter((name) => record.datasets.includes(name));
  const designs = STUDY_DESIGNS.map((d) => d.id);
  const lines: string[] = [
    '# Multi-class AnyLoss: which amplifier?',
    '',
    `Regenerate with \`${command}\` (seed ${record.seed}; wall time ${Math.ceil(record.seconds / 60)} min on 2 cores${record.workers !== undefined ? ` with ${record.workers} worker thread${record.workers === 1 ? '' : 's'}` : ''}; only timings vary between runs). Raw numbers: [results.json](results.json).`,
    '',
    'Softmax outputs need an amplifier that turns probabilities into near-hard votes before the soft confusion matrices are built. Two designs of `@anyloss/core/multiclass` are compared, both training **macro-F1 AnyLoss** (`multiclassAnyLoss(metrics.f1, { average: \'macro\', from: \'logits\', amplifier, amplification })`):',
    '',
    '- **one-vs-rest**: ŷ_ik = σ(L·(p_ik − 0.5)) on each softmax probability — the binary AnyLoss amplifier applied per class. When no class reaches 0.5, every ŷ is small, which disagrees with the argmax decision used at test time.',
    '- **softmax**: ŷ_i = softmax(L·z_i), a sharpened softmax of the logits — rows still sum to 1 and the largest entry tends to the argmax vote as L grows.',
    '',
    'and the baseline **categorical cross-entropy (CCE)**.',
    '',
    '## Setup',
    '',
    `- **Data**: the multi-class sets of \`@anyloss/datasets\`: ${record.datasets.map((d) => `\`${d}\``).join(', ')}. Left out as duplicates: ${Object.entries(EXCLUDED_MULTICLASS_DATASETS).map(([name, why]) => `\`${name}\` (${why})`).join('; ')}. Imbalanced: ${imbalanced.map((d) => `\`${d}\``).join(', ')} (rarest class ${imbalanced.map((d) => `${((find(record, 'logistic', 'CCE', d)?.minorityShare ?? Number.NaN) * 100).toFixed(1)}%`).join(' and ')} of the rows); the others are close to balanced.`,
    `- **Protocol**: stratified ${record.folds}-fold cross-validation (seed ${record.seed}); features standardised with training-fold statistics only; test metrics from the argmax of the K logits: macro-F1 = \`multiclassMetric(metrics.f1, y, z, { from: 'logits', average: 'macro' })\`, macro balanced accuracy = macro recall, accuracy.`,
    `- **Softmax regression** (\`--model logistic\`): weights and biases start at 0, ${record.results.find((r) => r.model === 'logistic')?.result.epochs ?? '?'} full-batch gradient-descent steps.`,
    `- **MLP** (\`--model mlp\`): Dense K → BatchNorm → sigmoid → Dense K → softmax (K = number of classes), Glorot-uniform initialisation, Adam, ${record.results.find((r) => r.model === 'mlp')?.result.epochs ?? '?'} epochs of shuffled batches of ${MULTICLASS_MLP_BATCH_FRACTION * 100}% of the training fold (a macro average needs most classes in every batch), every loss alike.`,
    '- **Learning rate**, chosen once per model for every design (not per design, and not on the test folds\' score): a held-out split — the first of 4 stratified folds drawn with seed + 1000, i.e. train on 75%, validate on 25% of each dataset — and the criterion "mean validation macro-F1 over the datasets and all eight designs". The held-out quarter is not disjoint from the test folds of the cross-validation (there are only six sets), but the single shared rate favours no design.',
    '',
    '## Learning-rate sweeps (validation macro-F1 on the held-out split)',
    '',
  ];
  for (const model of MODELS) {
    const { chosen, sweep } = record.learningRates[model];
    lines.push(`**${model === 'logistic' ? 'Softmax regression (gradient descent)' : 'MLP (Adam)'}** — chosen: **${chosen}**`, '');
    lines.push(`| learning rate | ${designs.join(' | ')} | **criterion** |`);
    lines.push(`| ---: | ${designs.map(() => '---:').join(' | ')} | ---: |`);
    for (const line of sweep) {
      const rate = line.rate === chosen ? `**${line.rate}**` : String(line.rate);
      lines.push(`| ${rate} | ${designs.map((d) => score(line.byDesign[d] ?? Number.NaN)).join(' | ')} | ${score(line.criterion)} |`);
    }
    lines.push('');
  }
  for (const model of MODELS) {
    lines.push(`## ${model === 'logistic' ? 'Softmax regression' : 'MLP'}: test macro-F1 (mean over ${record.folds} folds)`, '');
    lines.push(`| dataset | K | rarest class | ${designs.join(' | ')} |`);
    lines.push(`| --- | ---: | ---: | ${designs.map(() => '---:').join(' | ')} |`);
    for (const dataset of record.datasets) {
      const values = designs.map((d) => find(record, model, d, dataset)?.metrics.macroF1 ?? Number.NaN);
      const best = Math.max(...values);
      const first = find(record, model, 'CCE', dataset);
      lines.push(`| ${dataset} | ${first?.classes ?? '?'} | ${((first?.minorityShare ?? Number.NaN) * 100).toFixed(1)}% | ${values.map((v) => (v === best ? `**${score(v)}**` : score(v))).join(' | ')} |`);
    }
    const meanRow = (label: string, sets: readonly string[] | undefined, metric: 'macroF1' | 'macroBalancedAccuracy' | 'accuracy') => {
      const values = designs.map((d) => designMean(record, model, d, sets, metric));
      const best = Math.max(...values);
      lines.push(`| ${label} | | | ${values.map((v) => (v === best ? `**${score(v)}**` : score(v))).join(' | ')} |`);
    };
    meanRow(`**mean macro-F1, all ${record.datasets.length}**`, undefined, 'macroF1');
    if (imbalanced.length > 0) meanRow(`**mean macro-F1, imbalanced (${imbalanced.length})**`, imbalanced, 'macroF1');
    meanRow('mean macro balanced acc., all', undefined, 'macroBalancedAccuracy');
    meanRow('mean accuracy, all', undefined, 'accuracy');
    lines.push('');
  }

  lines.push('## Ranking over both models', '');
  lines.push('Mean test macro-F1 over the datasets, averaged over the two models.', '');
  lines.push('| design | all datasets | imbalanced | softmax regression | MLP |');
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  const rows = STUDY_DESIGNS.map((d) => ({
    id: d.id,
    all: mean(MODELS.map((m) => designMean(record, m, d.id))),
    imbalanced: mean(MODELS.map((m) => designMean(record, m, d.id, imbalanced))),
    logistic: designMean(record, 'logistic', d.id),
    mlp: designMean(record, 'mlp', d.id),
  })).sort((a, b) => b.all - a.all);
  for (const row of rows) lines.push(`| ${row.id} | ${score(row.all)} | ${score(row.imbalanced)} | ${score(row.logistic)} | ${score(row.mlp)} |`);
  lines.push('');
  const overall = bestDesign(record);
  const onImbalanced = bestDesign(record, imbalanced);
  const cceAll = mean(MODELS.map((m) => designMean(record, m, 'CCE')));
  const cceImbalanced = mean(MODELS.map((m) => designMean(record, m, 'CCE', imbalanced)));
  lines.push(
    `- Best AnyLoss design overall: **${overall.design}** (${score(overall.score)}; CCE ${score(cceAll)}).`,
    `- Best AnyLoss design on the imbalanced sets: **${onImbalanced.design}** (${score(onImbalanced.score)}; CCE ${score(cceImbalanced)}).`,
    '',
  );

  lines.push('## Verdict on the target "macro-F1 at least as high as CCE on the imbalanced sets"', '');
  lines.push(
    `Per model and imbalanced set, the overall best design (**${overall.design}**) against CCE: difference of the mean test macro-F1 and the two-sided exact paired sign-flip permutation p-value over the ${record.folds} folds${record.folds <= 5 ? ` (with ${record.folds} folds the smallest attainable p is ${(2 / 2 ** record.folds).toFixed(4)}, so no single set can reach p < 0.05)` : ''}.`,
    '',
  );
  lines.push(`| model | dataset | CCE | ${overall.design} | difference | p |`);
  lines.push('| --- | --- | ---: | ---: | ---: | ---: |');
  let atLeast = 0;
  let total = 0;
  let significant = 0;
  const misses: string[] = [];
  for (const model of MODELS) {
    for (const dataset of imbalanced) {
      const cce = find(record, model, 'CCE', dataset);
      const own = find(record, model, overall.design, dataset);
      if (cce === undefined || own === undefined) continue;
      total++;
      const difference = own.metrics.macroF1 - cce.metrics.macroF1;
      if (difference >= -0.005) atLeast++;
      else misses.push(`${model === 'logistic' ? 'softmax regression' : 'MLP'} on ${dataset} (${signed(difference)})`);
      const p = pairedPermutationPValue(own.foldMetrics.macroF1, cce.foldMetrics.macroF1);
      if (p < 0.05) significant++;
      lines.push(`| ${model} | ${dataset} | ${score(cce.metrics.macroF1)} | ${score(own.metrics.macroF1)} | ${signed(difference)} | ${p.toFixed(3)} |`);
    }
  }
  lines.push('');
  lines.push(
    `**${atLeast} of ${total}** model × imbalanced-set cases reach the target (macro-F1 ≥ CCE − 0.005) with ${overall.design}. ${
      misses.length === 0 ? 'The target is met on every imbalanced case.' : `The target is **not** met everywhere: CCE is better for ${misses.join(', ')}.`
    } ${significant === 0 ? 'No difference in the table is significant at the 5% level.' : `${significant} difference(s) are significant at the 5% level.`} Averaged over both models and both imbalanced sets, ${overall.design} scores ${score(mean(MODELS.map((m) => designMean(record, m, overall.design, imbalanced))))} against CCE's ${score(mean(MODELS.map((m) => designMean(record, m, 'CCE', imbalanced))))}.`,
    '',
  );
  const coreDefault = `softmax L=${DEFAULT_SOFTMAX_AMPLIFICATION}`;
  const coreRank = rows.findIndex((row) => row.id === coreDefault);
  const coreRow = rows[coreRank];
  lines.push('## Recommendation for the defaults of `@anyloss/core/multiclass`', '');
  lines.push(
    `- Amplifier and L: **${overall.design}** — the AnyLoss design with the highest mean test macro-F1 over both models${overall.design === onImbalanced.design ? ' and also on the imbalanced sets' : ` (on the imbalanced sets: ${onImbalanced.design})`}.`,
  );
  if (coreRow !== undefined && coreDefault !== overall.design) {
    lines.push(
      `- Core's current default, ${coreDefault}, ranks ${coreRank + 1} of ${rows.length} here (mean ${score(coreRow.all)}; softmax regression ${score(coreRow.logistic)}, MLP ${score(coreRow.mlp)}).`,
    );
  } else if (coreRow !== undefined) {
    lines.push(`- This is core's current default (${coreDefault}).`);
  }
  const byFamily = (family: string) => rows.filter((row) => row.id.startsWith(family)).map((row) => `${row.id.replace(`${family} `, '')} ${score(row.all)}`).join(', ');
  lines.push(`- Mean macro-F1 by L — softmax: ${byFamily('softmax')}; one-vs-rest: ${byFamily('one-vs-rest')} (both models averaged, best first).`, '');
  lines.push('![Mean test macro-F1 per design and model](macro-f1.svg)', '');
  files.set(
    'macro-f1.svg',
    groupedBarChart(
      STUDY_DESIGNS.map((d) => ({ label: d.id.replace('one-vs-rest', 'OvR').replace(' L=', '\nL='), values: MODELS.map((m) => designMean(record, m, d.id)) })),
      { title: 'Mean test macro-F1 over the multi-class sets', xLabel: 'training loss (CCE, or macro-F1 AnyLoss with amplifier and L)', yLabel: 'macro-F1', series: ['softmax regression', 'MLP'], domain: [0, 1], digits: 4 },
    ),
  );
  files.set('index.md', lines.join('\n'));
  return files;
}

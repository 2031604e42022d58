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
import * as TEXT from './multiclass-study-text.js';
import { fillTemplate } from './template.js';

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
    try {
      record = JSON.parse(readFileSync(resultsPath, 'utf8')) as StudyRecord;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AnyLossError('INVALID_OPTION', `--reuse-results: ${resultsPath} is not a results file (${reason}).`, { argument: 'argv' });
    }
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

/** How each model is named in the report's headings and sentences. */
const MODEL_LABELS: Readonly<Record<ModelName, { readonly sweep: string; readonly table: string; readonly sentence: string }>> = {
  logistic: { sweep: 'Softmax regression (gradient descent)', table: 'Softmax regression', sentence: 'softmax regression' },
  mlp: { sweep: 'MLP (Adam)', table: 'MLP', sentence: 'MLP' },
};

/** A markdown table: header row, alignment row (`---` or `---:` per column), body rows. */
function table(header: readonly string[], align: readonly ('left' | 'right')[], rows: readonly string[]): string[] {
  return [`| ${header.join(' | ')} |`, `| ${align.map((a) => (a === 'left' ? '---' : '---:')).join(' | ')} |`, ...rows];
}

/** A row of numbers with the largest in bold. */
function boldBest(values: readonly number[]): string {
  const best = Math.max(...values);
  return values.map((v) => (v === best ? `**${score(v)}**` : score(v))).join(' | ');
}

/** The study's designs ranked by mean test macro-F1 over both models (all datasets), with the columns of the ranking table. */
function ranking(record: StudyRecord, imbalanced: readonly string[]) {
  return STUDY_DESIGNS.map((d) => ({
    id: d.id,
    all: mean(MODELS.map((m) => designMean(record, m, d.id))),
    imbalanced: mean(MODELS.map((m) => designMean(record, m, d.id, imbalanced))),
    logistic: designMean(record, 'logistic', d.id),
    mlp: designMean(record, 'mlp', d.id),
  })).sort((a, b) => b.all - a.all);
}

function introSection(record: StudyRecord, command: string, imbalanced: readonly string[]): string {
  const epochs = (model: ModelName) => record.results.find((r) => r.model === model)?.result.epochs ?? '?';
  const list = (names: readonly string[]) => names.map((d) => `\`${d}\``).join(', ');
  return fillTemplate(TEXT.INTRO, {
    command,
    seed: record.seed,
    minutes: Math.ceil(record.seconds / 60),
    workers:
      record.workers !== undefined ? fillTemplate(TEXT.WORKERS, { count: record.workers, plural: record.workers === 1 ? '' : 's' }) : '',
    datasets: list(record.datasets),
    excluded: Object.entries(EXCLUDED_MULTICLASS_DATASETS)
      .map(([name, why]) => `\`${name}\` (${why})`)
      .join('; '),
    imbalanced: list(imbalanced),
    rarest: imbalanced.map((d) => `${((find(record, 'logistic', 'CCE', d)?.minorityShare ?? Number.NaN) * 100).toFixed(1)}%`).join(' and '),
    folds: record.folds,
    logisticEpochs: epochs('logistic'),
    mlpEpochs: epochs('mlp'),
    batchPercent: MULTICLASS_MLP_BATCH_FRACTION * 100,
  });
}

/** Per model: the validation macro-F1 of every design at every learning rate, the chosen rate in bold. */
function sweepSection(record: StudyRecord, designs: readonly string[]): string[] {
  return MODELS.flatMap((model) => {
    const { chosen, sweep } = record.learningRates[model];
    const rows = sweep.map((line) => {
      const rate = line.rate === chosen ? `**${line.rate}**` : String(line.rate);
      return `| ${rate} | ${designs.map((d) => score(line.byDesign[d] ?? Number.NaN)).join(' | ')} | ${score(line.criterion)} |`;
    });
    return [
      fillTemplate(TEXT.SWEEP_HEADING, { model: MODEL_LABELS[model].sweep, chosen }),
      ...table(['learning rate', ...designs, '**criterion**'], ['right', ...designs.map(() => 'right' as const), 'right'], rows),
      '',
    ];
  });
}

/** Per model: test macro-F1 per dataset and design, then the means. */
function modelSection(record: StudyRecord, designs: readonly string[], imbalanced: readonly string[]): string[] {
  return MODELS.flatMap((model) => {
    const rows = record.datasets.map((dataset) => {
      const first = find(record, model, 'CCE', dataset);
      const values = designs.map((d) => find(record, model, d, dataset)?.metrics.macroF1 ?? Number.NaN);
      const rarest = `${((first?.minorityShare ?? Number.NaN) * 100).toFixed(1)}%`;
      return `| ${dataset} | ${first?.classes ?? '?'} | ${rarest} | ${boldBest(values)} |`;
    });
    const meanRow = (label: string, sets: readonly string[] | undefined, metric: 'macroF1' | 'macroBalancedAccuracy' | 'accuracy') =>
      `| ${label} | | | ${boldBest(designs.map((d) => designMean(record, model, d, sets, metric)))} |`;
    rows.push(meanRow(`**mean macro-F1, all ${record.datasets.length}**`, undefined, 'macroF1'));
    if (imbalanced.length > 0) rows.push(meanRow(`**mean macro-F1, imbalanced (${imbalanced.length})**`, imbalanced, 'macroF1'));
    rows.push(meanRow('mean macro balanced acc., all', undefined, 'macroBalancedAccuracy'));
    rows.push(meanRow('mean accuracy, all', undefined, 'accuracy'));
    return [
      fillTemplate(TEXT.MODEL_HEADING, { model: MODEL_LABELS[model].table, folds: record.folds }),
      ...table(['dataset', 'K', 'rarest class', ...designs], ['left', 'right', 'right', ...designs.map(() => 'right' as const)], rows),
      '',
    ];
  });
}

/** The designs ranked over both models, and the best overall and on the imbalanced sets. */
function rankingSection(record: StudyRecord, imbalanced: readonly string[], rows: ReturnType<typeof ranking>): string[] {
  const overall = bestDesign(record);
  const onImbalanced = bestDesign(record, imbalanced);
  const body = rows.map((row) => `| ${[row.id, ...[row.all, row.imbalanced, row.logistic, row.mlp].map(score)].join(' | ')} |`);
  return [
    TEXT.RANKING,
    ...table(['design', 'all datasets', 'imbalanced', 'softmax regression', 'MLP'], ['left', 'right', 'right', 'right', 'right'], body),
    '',
    fillTemplate(TEXT.BEST, {
      overall: overall.design,
      overallScore: score(overall.score),
      cceAll: score(mean(MODELS.map((m) => designMean(record, m, 'CCE')))),
      imbalanced: onImbalanced.design,
      imbalancedScore: score(onImbalanced.score),
      cceImbalanced: score(mean(MODELS.map((m) => designMean(record, m, 'CCE', imbalanced)))),
    }),
  ];
}

/** The best design against CCE on every model × imbalanced set, with paired permutation p-values. */
function verdictSection(record: StudyRecord, imbalanced: readonly string[]): string[] {
  const design = bestDesign(record).design;
  const rows: string[] = [];
  const misses: string[] = [];
  let reached = 0;
  let significant = 0;
  for (const model of MODELS) {
    for (const dataset of imbalanced) {
      const cce = find(record, model, 'CCE', dataset);
      const own = find(record, model, design, dataset);
      if (cce === undefined || own === undefined) continue;
      const difference = own.metrics.macroF1 - cce.metrics.macroF1;
      if (difference >= -0.005) reached++;
      else misses.push(`${MODEL_LABELS[model].sentence} on ${dataset} (${signed(difference)})`);
      const p = pairedPermutationPValue(own.foldMetrics.macroF1, cce.foldMetrics.macroF1);
      if (p < 0.05) significant++;
      const cells = [model, dataset, score(cce.metrics.macroF1), score(own.metrics.macroF1), signed(difference), p.toFixed(3)];
      rows.push(`| ${cells.join(' | ')} |`);
    }
  }
  const folds = record.folds;
  return [
    fillTemplate(TEXT.VERDICT, {
      design,
      folds,
      smallestP: folds <= 5 ? fillTemplate(TEXT.SMALLEST_P, { folds, p: (2 / 2 ** folds).toFixed(4) }) : '',
    }),
    ...table(['model', 'dataset', 'CCE', design, 'difference', 'p'], ['left', 'left', 'right', 'right', 'right', 'right'], rows),
    '',
    fillTemplate(TEXT.VERDICT_CONCLUSION, {
      reached,
      total: rows.length,
      design,
      misses: misses.length === 0 ? TEXT.TARGET_MET : fillTemplate(TEXT.TARGET_MISSED, { misses: misses.join(', ') }),
      significance: significant === 0 ? TEXT.NONE_SIGNIFICANT : fillTemplate(TEXT.SOME_SIGNIFICANT, { count: significant }),
      designScore: score(mean(MODELS.map((m) => designMean(record, m, design, imbalanced)))),
      cceScore: score(mean(MODELS.map((m) => designMean(record, m, 'CCE', imbalanced)))),
    }),
  ];
}

/** What the study says about core's default amplifier and L. */
function recommendationSection(record: StudyRecord, imbalanced: readonly string[], rows: ReturnType<typeof ranking>): string[] {
  const overall = bestDesign(record).design;
  const onImbalanced = bestDesign(record, imbalanced).design;
  const alsoImbalanced = overall === onImbalanced ? ' and also on the imbalanced sets' : ` (on the imbalanced sets: ${onImbalanced})`;
  const lines = [fillTemplate(TEXT.RECOMMENDATION, { design: overall, imbalanced: alsoImbalanced })];
  const coreDefault = `softmax L=${DEFAULT_SOFTMAX_AMPLIFICATION}`;
  const coreRank = rows.findIndex((row) => row.id === coreDefault);
  const coreRow = rows[coreRank];
  if (coreRow !== undefined && coreDefault !== overall) {
    lines.push(
      fillTemplate(TEXT.CORE_DEFAULT_RANK, {
        design: coreDefault,
        rank: coreRank + 1,
        total: rows.length,
        mean: score(coreRow.all),
        logistic: score(coreRow.logistic),
        mlp: score(coreRow.mlp),
      }),
    );
  } else if (coreRow !== undefined) lines.push(fillTemplate(TEXT.CORE_DEFAULT_BEST, { design: coreDefault }));
  const byFamily = (family: string) =>
    rows
      .filter((row) => row.id.startsWith(family))
      .map((row) => `${row.id.replace(`${family} `, '')} ${score(row.all)}`)
      .join(', ');
  lines.push(fillTemplate(TEXT.BY_L, { softmax: byFamily('softmax'), oneVsRest: byFamily('one-vs-rest') }));
  return lines;
}

/** The study's chart: mean test macro-F1 per design, one bar per model. */
function studyChart(record: StudyRecord): string {
  return groupedBarChart(
    STUDY_DESIGNS.map((d) => ({
      label: d.id.replace('one-vs-rest', 'OvR').replace(' L=', '\nL='),
      values: MODELS.map((m) => designMean(record, m, d.id)),
    })),
    {
      title: 'Mean test macro-F1 over the multi-class sets',
      xLabel: 'training loss (CCE, or macro-F1 AnyLoss with amplifier and L)',
      yLabel: 'macro-F1',
      series: ['softmax regression', 'MLP'],
      domain: [0, 1],
      digits: 4,
    },
  );
}

/**
 * The study's report (index.md and macro-f1.svg): setup, learning-rate sweeps, per-model tables, the ranking, the
 * verdict and the recommendation. The prose is in multiclass-study-text.ts; this function assembles the sections.
 */
export function studyReport(record: StudyRecord, command: string): ReportFiles {
  const imbalanced = IMBALANCED_MULTICLASS_DATASETS.filter((name) => record.datasets.includes(name));
  const designs = STUDY_DESIGNS.map((d) => d.id);
  const rows = ranking(record, imbalanced);
  const lines = [
    introSection(record, command, imbalanced),
    ...sweepSection(record, designs),
    ...modelSection(record, designs, imbalanced),
    ...rankingSection(record, imbalanced, rows),
    ...verdictSection(record, imbalanced),
    ...recommendationSection(record, imbalanced, rows),
  ];
  return new Map([
    ['macro-f1.svg', studyChart(record)],
    ['index.md', lines.join('\n')],
  ]);
}

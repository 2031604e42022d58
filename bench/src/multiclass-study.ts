import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnyLossError } from '@anyloss/core';
import { DEFAULT_SOFTMAX_AMPLIFICATION, type MulticlassAmplifier } from '@anyloss/core/multiclass';
import { pairedPermutationPValue, TIE_TOLERANCE } from './analysis.js';
import { corpusDatasetNames, EXCLUDED_MULTICLASS_DATASETS, loadCorpusDataset } from './dataset.js';
import { coreEngine, type ModelName } from './engines.js';
import type { LossName } from './losses.js';
import { createFoldPool, type FoldPool } from './pool.js';
import type { TextSink } from './progress.js';
import { datasetPermutationPValue, PERMUTATION_DRAWS } from './recipe-study.js';
import { writeReport, type ReportFiles } from './report.js';
import {
  DEFAULT_EPOCHS,
  DEFAULT_INNER_FOLDS,
  LEARNING_RATE_GRIDS,
  MULTICLASS_MLP_BATCH_FRACTION,
  runMulticlassBenchmark,
  type MulticlassBenchmarkResult,
} from './run.js';
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
  ...[5, 20, 73].map((amplification) => ({
    id: `one-vs-rest L=${amplification}`,
    loss: 'f1' as const,
    amplifier: 'one-vs-rest' as const,
    amplification,
  })),
  ...[1, 3, 10, 30].map((amplification) => ({
    id: `softmax L=${amplification}`,
    loss: 'f1' as const,
    amplifier: 'softmax' as const,
    amplification,
  })),
];

/**
 * The designs of the baselines comparison (part 2 of the study), every one with its own learning rate tuned per outer
 * fold: CCE, class-weighted CCE (`wcce`) and macro-F1 AnyLoss with the softmax amplifier at the candidate L of
 * {@link DEFAULT_CANDIDATES}. One-vs-rest (its best L in part 1, {@link LEFT_OUT_OF_PART_TWO}) is left out to bound
 * the cost: it is not a candidate for the default, and it trails the softmax amplifier in part 1 (the report says by
 * how much).
 */
export const TUNED_DESIGNS: readonly StudyDesign[] = [
  { id: 'CCE', loss: 'cce' },
  { id: 'weighted CCE', loss: 'wcce' },
  ...[1, 3, 10].map((amplification) => ({
    id: `softmax L=${amplification}`,
    loss: 'f1' as const,
    amplifier: 'softmax' as const,
    amplification,
  })),
];

/** The part-1 design left out of part 2 for cost (see {@link TUNED_DESIGNS}). */
export const LEFT_OUT_OF_PART_TWO = 'one-vs-rest L=5';

/** The baselines of part 2 every AnyLoss design is compared with. */
export const TUNED_BASELINES: readonly string[] = ['CCE', 'weighted CCE'];

/** The softmax amplifications the decision on core's `DEFAULT_SOFTMAX_AMPLIFICATION` chooses from. */
export const DEFAULT_CANDIDATES: readonly number[] = [1, 3, 10];

/** Significance level of the decision rule ({@link decideDefault}). */
export const DECISION_ALPHA = 0.05;

/** Candidate learning rates per model (gradient descent for softmax regression, Adam for the MLP). */
export const STUDY_LEARNING_RATES: Readonly<Record<ModelName, readonly number[]>> = Object.freeze({
  logistic: [0.1, 0.3, 1, 3],
  mlp: [0.003, 0.01, 0.03, 0.1],
});

/**
 * Inner stratified folds of part 2's learning-rate tuning: 2, not the benchmark's {@link DEFAULT_INNER_FOLDS} (3), to
 * bound the study's cost. Part 2 trains every design on every rate of the grid in every inner fold of every outer
 * fold; with 3 inner folds that is 4 × 3 fits on 53% of a dataset plus the final fit per outer fold (about 9 fits'
 * worth of rows), with 2 inner folds 4 × 2 fits on 40% plus the final fit (about 5). Fewer inner folds keep every rate
 * of the grid for every loss (dropping rates would drop the rate that suits some loss: part 1's sweeps show each end
 * of the grid winning for some design); the price is a noisier choice of rate. The report states it.
 */
export const STUDY_INNER_FOLDS = 2;

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
  /** Run part 2 (the baselines at tuned learning rates); default true. */
  readonly baselines?: boolean;
  /** Rebuild the report from `results.json` without training. */
  readonly reuseResults: boolean;
  /** Take part 1 from `results.json` (same seed, folds, datasets and epochs) and run part 2 only; default false. */
  readonly reusePartOne?: boolean;
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
  /** Wall-clock seconds of part 1 (the amplifier comparison at one shared rate); absent in older records. */
  readonly amplifierSeconds?: number;
  /** Part 2: the baselines comparison at tuned learning rates; absent in older records. */
  readonly tuned?: TunedPart;
  /** True when part 1 was taken from an earlier run's `results.json` (`--reuse-part-one`). */
  readonly partOneReused?: boolean;
}

/** Part 2 of the study: every design of {@link TUNED_DESIGNS} with its learning rate tuned per outer fold. */
export interface TunedPart {
  /** Wall-clock seconds of this part. */
  readonly seconds: number;
  /** Inner stratified folds of the tuning. */
  readonly innerFolds: number;
  /** Candidate learning rates per model. */
  readonly grids: Readonly<Record<ModelName, readonly number[]>>;
  /** Core's `DEFAULT_SOFTMAX_AMPLIFICATION` when the study ran: the incumbent of the decision rule. */
  readonly defaultAtRun: number;
  /** Every result (`result.learningRates` = the rate chosen in each fold). */
  readonly results: readonly StudyResult[];
}

const MODELS: readonly ModelName[] = ['logistic', 'mlp'];

function mean(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/** What {@link runDesigns} needs besides the model and datasets. */
interface DesignRunConfig {
  readonly folds: number;
  readonly seed: number;
  readonly epochs: number;
  /** The shared rate (part 1), or undefined with `tune` (part 2). */
  readonly learningRate?: number;
  readonly onlyFirstFolds?: number;
  /** Part 2: tune each design's rate per fold by inner CV over this grid. */
  readonly tune?: { readonly grid: readonly number[]; readonly innerFolds: number };
  readonly pool: FoldPool;
}

async function runDesigns(
  model: ModelName,
  names: readonly string[],
  designs: readonly StudyDesign[],
  config: DesignRunConfig,
  progress: (label: string) => void,
): Promise<StudyResult[]> {
  const datasets = names.map((name) => loadCorpusDataset(name, 'multiclass'));
  const out: StudyResult[] = [];
  for (const design of designs) {
    const results = await runMulticlassBenchmark({
      datasets,
      losses: [design.loss],
      model,
      engine: coreEngine,
      folds: config.folds,
      seed: config.seed,
      epochs: config.epochs,
      pool: config.pool,
      ...(config.learningRate !== undefined ? { learningRate: config.learningRate } : {}),
      ...(config.tune !== undefined
        ? { tuneLearningRate: true, learningRateGrid: config.tune.grid, innerFolds: config.tune.innerFolds }
        : {}),
      ...(config.onlyFirstFolds !== undefined ? { onlyFirstFolds: config.onlyFirstFolds } : {}),
      ...(design.amplifier !== undefined ? { amplifier: design.amplifier } : {}),
      ...(design.amplification !== undefined ? { amplification: design.amplification } : {}),
    });
    for (const result of results) out.push({ design: design.id, model, result });
    progress(`${model} ${config.tune !== undefined ? 'tuned rates' : `lr ${String(config.learningRate)}`} ${design.id}`);
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
    record = readRecord(resultsPath, '--reuse-results');
  } else {
    const names = options.datasets ?? corpusDatasetNames('multiclass');
    for (const name of names) loadCorpusDataset(name, 'multiclass');
    const folds = options.folds ?? 5;
    const seed = options.seed ?? 42;
    const workers = options.workers ?? 1;
    const earlier = options.reusePartOne === true ? readRecord(resultsPath, '--reuse-part-one') : undefined;
    if (earlier !== undefined) checkPartOne(earlier, { names, folds, seed, epochs: options.epochs });
    const started = performance.now();
    const progress = (label: string): void => {
      options.stderr?.write(`multiclass-study ${((performance.now() - started) / 1000).toFixed(0)}s ${label}\n`);
    };
    // One pool for every run of the study (results do not depend on it; it saves starting threads per design).
    const pool = createFoldPool({ workers, engine: coreEngine, onWorkerOutput: (text) => options.stderr?.write(text) });
    try {
      const learningRates = (earlier?.learningRates ?? {}) as Record<ModelName, { chosen: number; sweep: readonly SweepLine[] }>;
      const results: StudyResult[] = [...(earlier?.results ?? [])];
      for (const model of earlier === undefined ? MODELS : []) {
        const epochs = options.epochs ?? STUDY_EPOCHS[model];
        const sweep: SweepLine[] = [];
        for (const rate of STUDY_LEARNING_RATES[model]) {
          const tuning = await runDesigns(
            model,
            names,
            STUDY_DESIGNS,
            { folds: 4, onlyFirstFolds: 1, seed: seed + 1000, epochs, learningRate: rate, pool },
            progress,
          );
          const byDesign: Record<string, number> = {};
          for (const design of STUDY_DESIGNS)
            byDesign[design.id] = mean(tuning.filter((r) => r.design === design.id).map((r) => r.result.metrics.macroF1));
          sweep.push({ rate, byDesign, criterion: mean(Object.values(byDesign)) });
        }
        const chosen = sweep.reduce((best, line) => (line.criterion > best.criterion ? line : best)).rate;
        learningRates[model] = { chosen, sweep };
        results.push(...(await runDesigns(model, names, STUDY_DESIGNS, { folds, seed, epochs, learningRate: chosen, pool }, progress)));
      }
      const amplifierSeconds = earlier !== undefined ? (earlier.amplifierSeconds ?? earlier.seconds) : (performance.now() - started) / 1000;
      let tuned: TunedPart | undefined;
      if (options.baselines !== false) {
        const tunedStarted = performance.now();
        const tunedResults: StudyResult[] = [];
        const grids = { logistic: LEARNING_RATE_GRIDS.core.logistic, mlp: LEARNING_RATE_GRIDS.core.mlp };
        for (const model of MODELS) {
          const tune = { grid: grids[model], innerFolds: STUDY_INNER_FOLDS };
          tunedResults.push(
            ...(await runDesigns(
              model,
              names,
              TUNED_DESIGNS,
              { folds, seed, epochs: options.epochs ?? STUDY_EPOCHS[model], tune, pool },
              progress,
            )),
          );
        }
        tuned = {
          seconds: (performance.now() - tunedStarted) / 1000,
          innerFolds: STUDY_INNER_FOLDS,
          grids,
          defaultAtRun: DEFAULT_SOFTMAX_AMPLIFICATION,
          results: tunedResults,
        };
      }
      const seconds = (performance.now() - started) / 1000 + (earlier !== undefined ? amplifierSeconds : 0);
      record = {
        seconds,
        workers,
        seed,
        folds,
        datasets: names,
        learningRates,
        results,
        amplifierSeconds,
        ...(tuned !== undefined ? { tuned } : {}),
        ...(earlier !== undefined ? { partOneReused: true } : {}),
      };
    } finally {
      await pool.close();
    }
  }
  const files = studyReport(record, options.command);
  if (!options.reuseResults) files.set('results.json', `${JSON.stringify(record, null, 2)}\n`);
  const index = writeReport(options.dir, files);
  options.stdout.write(studySummary(record));
  return index;
}

/** Reads a study's `results.json`, or throws `INVALID_OPTION` naming the flag that needed it. */
function readRecord(path: string, flag: string): StudyRecord {
  if (!existsSync(path)) {
    throw new AnyLossError('INVALID_OPTION', `${flag}: ${path} does not exist; run multiclass-study without it first.`, {
      argument: 'argv',
    });
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StudyRecord;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AnyLossError('INVALID_OPTION', `${flag}: ${path} is not a results file (${reason}).`, { argument: 'argv' });
  }
}

/** `--reuse-part-one`: the earlier run's part 1 must have this run's datasets, folds, seed and epochs. */
function checkPartOne(
  earlier: StudyRecord,
  run: { names: readonly string[]; folds: number; seed: number; epochs: number | undefined },
): void {
  const mismatch = (what: string, was: unknown, now: unknown): never => {
    throw new AnyLossError(
      'INVALID_OPTION',
      `--reuse-part-one: the results there were run with ${what} ${JSON.stringify(was)}, this run has ${JSON.stringify(now)}; run without --reuse-part-one.`,
      {
        argument: 'argv',
        value: now,
      },
    );
  };
  if (earlier.datasets.join(',') !== run.names.join(',')) mismatch('datasets', earlier.datasets, run.names);
  if (earlier.folds !== run.folds) mismatch('folds', earlier.folds, run.folds);
  if (earlier.seed !== run.seed) mismatch('seed', earlier.seed, run.seed);
  for (const model of MODELS) {
    const epochs = run.epochs ?? STUDY_EPOCHS[model];
    const was = earlier.results.find((r) => r.model === model)?.result.epochs;
    if (was !== epochs) mismatch(`${model} epochs`, was, epochs);
  }
}

/** Mean macro-F1 of a design over the given datasets for one model. */
export function designMean(
  record: Pick<StudyRecord, 'results'>,
  model: ModelName,
  design: string,
  datasets?: readonly string[],
  metric: 'macroF1' | 'macroBalancedAccuracy' | 'accuracy' = 'macroF1',
): number {
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

/** One design against another in part 2, over one model or both. */
export interface HeadToHeadRow {
  /** The design compared (an AnyLoss design, or a candidate L). */
  readonly design: string;
  /** What it is compared with (CCE, weighted CCE, or the incumbent L). */
  readonly baseline: string;
  /** The models whose results are pooled. */
  readonly models: readonly ModelName[];
  /** Mean test macro-F1 of `design`: over the datasets, then over the models. */
  readonly designMean: number;
  /** The same for `baseline`. */
  readonly baselineMean: number;
  /** Over the (model, dataset) cases: `design` higher by more than {@link TIE_TOLERANCE}, within it, lower by more. */
  readonly wins: number;
  readonly ties: number;
  readonly losses: number;
  /** (model, dataset, fold) pairs of the permutation test. */
  readonly pairs: number;
  /** Two-sided paired sign-flip permutation p-value over those pairs (exact up to 20 pairs, else Monte Carlo). */
  readonly p: number;
}

/**
 * `design` against `baseline` over `models` × `datasets`: the mean test macro-F1 of each (over the datasets, then the
 * models), wins/ties/losses over the (model, dataset) cases on the means over folds (tie band {@link TIE_TOLERANCE}),
 * and the paired permutation p-value over the (model, dataset, fold) test macro-F1 pairs (`datasetPermutationPValue`:
 * exact sign-flip enumeration up to 20 pairs, otherwise seeded random sign patterns).
 */
export function headToHead(
  results: readonly StudyResult[],
  design: string,
  baseline: string,
  models: readonly ModelName[],
  datasets: readonly string[],
): HeadToHeadRow {
  const source = { results };
  const own: number[] = [];
  const other: number[] = [];
  let wins = 0;
  let ties = 0;
  let losses = 0;
  for (const model of models) {
    for (const dataset of datasets) {
      const a = find(source, model, design, dataset);
      const b = find(source, model, baseline, dataset);
      if (a === undefined || b === undefined) continue;
      const difference = a.metrics.macroF1 - b.metrics.macroF1;
      if (difference > TIE_TOLERANCE) wins++;
      else if (difference < -TIE_TOLERANCE) losses++;
      else ties++;
      own.push(...a.foldMetrics.macroF1);
      other.push(...b.foldMetrics.macroF1);
    }
  }
  return {
    design,
    baseline,
    models,
    designMean: mean(models.map((model) => designMean(source, model, design, datasets))),
    baselineMean: mean(models.map((model) => designMean(source, model, baseline, datasets))),
    wins,
    ties,
    losses,
    pairs: own.length,
    p: own.length > 0 ? datasetPermutationPValue(own, other) : Number.NaN,
  };
}

/** A candidate L of the decision on core's default. */
export interface CandidateRow {
  /** Softmax amplification L. */
  readonly amplification: number;
  /** Design id, `softmax L=…`. */
  readonly design: string;
  /** Mean test macro-F1 per model (over the datasets), over both models, and over both models on the imbalanced sets. */
  readonly logistic: number;
  readonly mlp: number;
  readonly both: number;
  readonly imbalanced: number;
  /** Against the incumbent (absent for the incumbent itself, or when the incumbent was not measured). */
  readonly versusIncumbent?: HeadToHeadRow;
}

/** The outcome of {@link decideDefault}. */
export interface DefaultDecision {
  /** Core's default when the study ran. */
  readonly incumbent: number;
  /** The candidate with the highest mean macro-F1 over both models. */
  readonly best: number;
  /** What the rule chooses. */
  readonly chosen: number;
  /** Why: the incumbent is the best; the best is within the tie band; its gain is not significant; it wins (changed); or the incumbent was not measured. */
  readonly reason: 'incumbent-best' | 'within-tolerance' | 'not-significant' | 'changed' | 'no-incumbent';
  /** Every candidate, in the order of {@link DEFAULT_CANDIDATES}. */
  readonly candidates: readonly CandidateRow[];
}

/**
 * The decision rule on core's `DEFAULT_SOFTMAX_AMPLIFICATION`, fixed before the study ran: among the softmax
 * amplifications of {@link DEFAULT_CANDIDATES}, at tuned learning rates, the default stays the incumbent unless
 * another L has a higher mean test macro-F1 over both models and all datasets by more than {@link TIE_TOLERANCE}
 * **and** its paired permutation test against the incumbent over the (model, dataset, fold) pairs gives
 * p < {@link DECISION_ALPHA}; then that L is chosen. (An incumbent the study did not measure is replaced by the best.)
 */
export function decideDefault(
  tuned: Pick<TunedPart, 'results' | 'defaultAtRun'>,
  datasets: readonly string[],
  imbalanced: readonly string[],
): DefaultDecision {
  const incumbent = tuned.defaultAtRun;
  const incumbentId = `softmax L=${incumbent}`;
  const measured = tuned.results.some((r) => r.design === incumbentId);
  const source = { results: tuned.results };
  const candidates = DEFAULT_CANDIDATES.map((amplification): CandidateRow => {
    const design = `softmax L=${amplification}`;
    const logistic = designMean(source, 'logistic', design, datasets);
    const mlp = designMean(source, 'mlp', design, datasets);
    return {
      amplification,
      design,
      logistic,
      mlp,
      both: mean([logistic, mlp]),
      imbalanced: mean(MODELS.map((model) => designMean(source, model, design, imbalanced))),
      ...(measured && amplification !== incumbent
        ? { versusIncumbent: headToHead(tuned.results, design, incumbentId, MODELS, datasets) }
        : {}),
    };
  });
  const best = candidates.reduce((a, b) => (b.both > a.both ? b : a));
  if (!measured) return { incumbent, best: best.amplification, chosen: best.amplification, reason: 'no-incumbent', candidates };
  const versus = best.versusIncumbent;
  if (versus === undefined) return { incumbent, best: best.amplification, chosen: incumbent, reason: 'incumbent-best', candidates };
  if (versus.designMean - versus.baselineMean <= TIE_TOLERANCE)
    return { incumbent, best: best.amplification, chosen: incumbent, reason: 'within-tolerance', candidates };
  if (!(versus.p < DECISION_ALPHA))
    return { incumbent, best: best.amplification, chosen: incumbent, reason: 'not-significant', candidates };
  return { incumbent, best: best.amplification, chosen: best.amplification, reason: 'changed', candidates };
}

function studySummary(record: StudyRecord): string {
  const lines = [
    '',
    `Multi-class amplifier study: ${record.datasets.length} datasets, ${record.folds} folds, ${record.seconds.toFixed(0)} s wall time${record.workers !== undefined ? ` (${record.workers} worker thread${record.workers === 1 ? '' : 's'})` : ''}.`,
  ];
  for (const model of MODELS) {
    const means = STUDY_DESIGNS.map((d) => `${d.id} ${score(designMean(record, model, d.id))}`);
    lines.push(`${model} (lr ${record.learningRates[model].chosen}): ${means.join(' · ')}`);
  }
  const best = bestDesign(record);
  lines.push(`best AnyLoss design overall (mean of both models): ${best.design} (${score(best.score)})`);
  const tuned = record.tuned;
  if (tuned !== undefined) {
    lines.push(`Part 2, learning rates tuned per fold (${tuned.seconds.toFixed(0)} s):`);
    const source = { results: tuned.results };
    for (const model of MODELS)
      lines.push(`${model}: ${TUNED_DESIGNS.map((d) => `${d.id} ${score(designMean(source, model, d.id))}`).join(' · ')}`);
    const decision = decideDefault(tuned, record.datasets, imbalancedOf(record));
    lines.push(
      `default softmax L: ${decision.chosen === decision.incumbent ? `keep ${decision.incumbent}` : `change ${decision.incumbent} → ${decision.chosen}`} (${decision.reason})`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** The imbalanced sets among the record's datasets. */
function imbalancedOf(record: Pick<StudyRecord, 'datasets'>): string[] {
  return IMBALANCED_MULTICLASS_DATASETS.filter((name) => record.datasets.includes(name));
}

function find(
  record: Pick<StudyRecord, 'results'>,
  model: ModelName,
  design: string,
  dataset: string,
): MulticlassBenchmarkResult | undefined {
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
    reused:
      record.partOneReused === true && record.tuned !== undefined
        ? fillTemplate(TEXT.REUSED_PART_ONE, {
            partOneMinutes: Math.ceil((record.amplifierSeconds ?? 0) / 60),
            partTwoMinutes: Math.ceil(record.tuned.seconds / 60),
          })
        : '',
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
    partTwo: record.tuned !== undefined ? TEXT.PART_TWO_SETUP : '',
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

/**
 * Per model: test macro-F1 per dataset and design, then the means — of part 1 (`record.results`) or, with `source`
 * and `heading`, of part 2.
 */
function modelSection(
  record: StudyRecord,
  designs: readonly string[],
  imbalanced: readonly string[],
  source: Pick<StudyRecord, 'results'> = record,
  heading = TEXT.MODEL_HEADING,
): string[] {
  return MODELS.flatMap((model) => {
    const rows = record.datasets.map((dataset) => {
      const first = find(source, model, 'CCE', dataset);
      const values = designs.map((d) => find(source, model, d, dataset)?.metrics.macroF1 ?? Number.NaN);
      const rarest = `${((first?.minorityShare ?? Number.NaN) * 100).toFixed(1)}%`;
      return `| ${dataset} | ${first?.classes ?? '?'} | ${rarest} | ${boldBest(values)} |`;
    });
    const meanRow = (label: string, sets: readonly string[] | undefined, metric: 'macroF1' | 'macroBalancedAccuracy' | 'accuracy') =>
      `| ${label} | | | ${boldBest(designs.map((d) => designMean(source, model, d, sets, metric)))} |`;
    rows.push(meanRow(`**mean macro-F1, all ${record.datasets.length}**`, undefined, 'macroF1'));
    if (imbalanced.length > 0) rows.push(meanRow(`**mean macro-F1, imbalanced (${imbalanced.length})**`, imbalanced, 'macroF1'));
    rows.push(meanRow('mean macro balanced acc., all', undefined, 'macroBalancedAccuracy'));
    rows.push(meanRow('mean accuracy, all', undefined, 'accuracy'));
    return [
      fillTemplate(heading, { model: MODEL_LABELS[model].table, folds: record.folds }),
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
  // The table sits in a region the docs' multi-class recipe page includes (VitePress `<!--@include: …#ranking-->`).
  return [
    TEXT.RANKING,
    '<!-- #region ranking -->',
    ...table(['design', 'all datasets', 'imbalanced', 'softmax regression', 'MLP'], ['left', 'right', 'right', 'right', 'right'], body),
    '<!-- #endregion ranking -->',
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
  lines.push(
    fillTemplate(TEXT.BY_L, {
      softmax: byFamily('softmax'),
      oneVsRest: byFamily('one-vs-rest'),
      partTwo: record.tuned !== undefined ? TEXT.DECIDED_IN_PART_TWO : '',
    }),
  );
  return lines;
}

/** A p-value with 3 decimals, or `< 0.001`. */
function pValue(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** `a, b and c` */
function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}

/** How a part-2 design is named in prose. */
function designLabel(id: string): string {
  if (id === 'CCE') return '**CCE**';
  if (id === 'weighted CCE') return '**weighted CCE** (`wcce`)';
  return `macro-F1 AnyLoss **${id}**`;
}

/**
 * Why part 2 used fewer inner folds than the benchmark's default, with the share of rows per inner fit and the
 * saving in fitted rows: per outer fold and design, `grid × k` inner fits on (k − 1)/k of the training fold plus the
 * final fit on all of it.
 */
function reducedInnerFolds(record: StudyRecord, tuned: TunedPart): string {
  const trainingShare = (record.folds - 1) / record.folds;
  const incumbent = `softmax L=${tuned.defaultAtRun}`;
  const leftOut = tuned.results.some((r) => r.design === LEFT_OUT_OF_PART_TWO)
    ? ''
    : fillTemplate(TEXT.LEFT_OUT, {
        design: LEFT_OUT_OF_PART_TWO,
        incumbent: tuned.defaultAtRun,
        score: score(mean(MODELS.map((m) => designMean(record, m, LEFT_OUT_OF_PART_TWO)))),
        incumbentScore: score(mean(MODELS.map((m) => designMean(record, m, incumbent)))),
      });
  const rows = (k: number) => tuned.grids.logistic.length * k * ((k - 1) / k) * trainingShare + trainingShare;
  return fillTemplate(TEXT.REDUCED_INNER_FOLDS, {
    innerFolds: tuned.innerFolds,
    defaultInnerFolds: DEFAULT_INNER_FOLDS,
    innerShare: Math.round(((tuned.innerFolds - 1) / tuned.innerFolds) * trainingShare * 100),
    defaultInnerShare: Math.round(((DEFAULT_INNER_FOLDS - 1) / DEFAULT_INNER_FOLDS) * trainingShare * 100),
    saving: Math.round((1 - rows(tuned.innerFolds) / rows(DEFAULT_INNER_FOLDS)) * 100),
    leftOut,
  });
}

/** Part 2's introduction, per-model tables, chosen rates and what tuning changed. */
function tunedSection(record: StudyRecord, tuned: TunedPart, imbalanced: readonly string[]): string[] {
  const designs = TUNED_DESIGNS.map((d) => d.id);
  const source = { results: tuned.results };
  const lines = [
    fillTemplate(TEXT.TUNED_INTRO, {
      innerFolds: tuned.innerFolds,
      logisticGrid: tuned.grids.logistic.join(', '),
      mlpGrid: tuned.grids.mlp.join(', '),
      designs: listing(designs.map(designLabel)),
      minutes: Math.ceil(tuned.seconds / 60),
      reduced: tuned.innerFolds < DEFAULT_INNER_FOLDS ? reducedInnerFolds(record, tuned) : '',
    }),
    ...modelSection(record, designs, imbalanced, source, TEXT.TUNED_MODEL_HEADING),
    fillTemplate(TEXT.TUNED_RATES, { cases: record.datasets.length * record.folds }),
  ];
  for (const model of MODELS) {
    const grid = tuned.grids[model];
    const rows = designs.map((design) => {
      const chosen = tuned.results.filter((r) => r.model === model && r.design === design).flatMap((r) => r.result.learningRates ?? []);
      return `| ${design} | ${grid.map((rate) => String(chosen.filter((c) => c === rate).length)).join(' | ')} |`;
    });
    lines.push(
      `**${MODEL_LABELS[model].sweep}**\n`,
      ...table(['design', ...grid.map((rate) => `lr ${rate}`)], ['left', ...grid.map(() => 'right' as const)], rows),
      '',
    );
  }
  const shared = designs.filter((d) => record.results.some((r) => r.design === d));
  const effect = shared.map((design) => {
    const cells = MODELS.flatMap((model) => {
      const before = designMean(record, model, design);
      const after = designMean(source, model, design);
      return [score(before), score(after), signed(after - before)];
    });
    return `| ${design} | ${cells.join(' | ')} |`;
  });
  lines.push(
    TEXT.TUNING_EFFECT,
    ...table(
      ['design', ...MODELS.flatMap((model) => [`${MODEL_LABELS[model].table}, shared rate`, 'tuned', 'change'])],
      ['left', ...MODELS.flatMap(() => ['right', 'right', 'right'] as const)],
      effect,
    ),
    '',
  );
  return lines;
}

/** Part 2: every AnyLoss design against CCE and weighted CCE, per model and over both. */
function headToHeadSection(record: StudyRecord, tuned: TunedPart): string[] {
  const rows: string[] = [];
  const scopes: { label: string; models: readonly ModelName[] }[] = [
    ...MODELS.map((model) => ({ label: MODEL_LABELS[model].table, models: [model] })),
    { label: 'both', models: MODELS },
  ];
  for (const design of TUNED_DESIGNS.filter((d) => !TUNED_BASELINES.includes(d.id))) {
    for (const baseline of TUNED_BASELINES) {
      for (const scope of scopes) {
        const row = headToHead(tuned.results, design.id, baseline, scope.models, record.datasets);
        rows.push(
          `| ${[design.id, baseline, scope.label, score(row.designMean), score(row.baselineMean), signed(row.designMean - row.baselineMean), `${row.wins}/${row.ties}/${row.losses}`, pValue(row.p)].join(' | ')} |`,
        );
      }
    }
  }
  return [
    fillTemplate(TEXT.HEAD_TO_HEAD, {
      tolerance: TIE_TOLERANCE,
      pairsPerModel: record.datasets.length * record.folds,
      pairsBoth: MODELS.length * record.datasets.length * record.folds,
      draws: PERMUTATION_DRAWS.toLocaleString('en-GB'),
    }),
    ...table(
      ['AnyLoss design', 'against', 'model', 'AnyLoss', 'baseline', 'difference', 'W/T/L', 'p'],
      ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right'],
      rows,
    ),
    '',
  ];
}

/** The decision on core's default L (see {@link decideDefault}) and the summary the docs' recipe page includes. */
function decisionSection(record: StudyRecord, tuned: TunedPart, imbalanced: readonly string[]): string[] {
  const decision = decideDefault(tuned, record.datasets, imbalanced);
  const incumbent = decision.candidates.find((c) => c.amplification === decision.incumbent);
  const bestRow = decision.candidates.find((c) => c.amplification === decision.best);
  const rows = decision.candidates.map((c) => {
    const versus = c.versusIncumbent;
    const cells = [
      `L=${c.amplification}${c.amplification === decision.incumbent ? ' (incumbent)' : ''}`,
      score(c.logistic),
      score(c.mlp),
      score(c.both),
      score(c.imbalanced),
    ];
    cells.push(
      versus === undefined ? '—' : signed(versus.designMean - versus.baselineMean),
      versus === undefined ? '—' : `${versus.wins}/${versus.ties}/${versus.losses}`,
      versus === undefined ? '—' : pValue(versus.p),
    );
    return `| ${cells.join(' | ')} |`;
  });
  const pairs = MODELS.length * record.datasets.length * record.folds;
  const reason = fillTemplate(TEXT.DECISION_REASONS[decision.reason], {
    incumbent: decision.incumbent,
    ...(decision.reason === 'incumbent-best' ? {} : { best: decision.best }),
    ...(decision.reason === 'within-tolerance' ? { tolerance: TIE_TOLERANCE } : {}),
    ...(decision.reason === 'within-tolerance' || decision.reason === 'not-significant' || decision.reason === 'changed'
      ? { difference: signed((bestRow?.both ?? Number.NaN) - (incumbent?.both ?? Number.NaN)) }
      : {}),
    ...(decision.reason === 'not-significant' || decision.reason === 'changed'
      ? { p: pValue(bestRow?.versusIncumbent?.p ?? Number.NaN) }
      : {}),
  });
  return [
    fillTemplate(TEXT.DECISION, {
      candidates: `{${DEFAULT_CANDIDATES.join(', ')}}`,
      incumbent: decision.incumbent,
      datasetCount: record.datasets.length,
      tolerance: TIE_TOLERANCE,
      pairs,
      alpha: DECISION_ALPHA,
    }),
    ...table(
      ['softmax L', 'softmax regression', 'MLP', 'both', 'imbalanced', `vs L=${decision.incumbent}`, 'W/T/L', 'p'],
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows,
    ),
    '',
    reason,
    '',
    ...summarySection(record, tuned, imbalanced, decision, reason),
  ];
}

/**
 * The summary of part 2 between `<!-- #region summary -->` markers: the docs' multi-class recipe page includes it
 * (VitePress `<!--@include: …#summary-->`), so it has no heading and no relative link.
 */
function summarySection(
  record: StudyRecord,
  tuned: TunedPart,
  imbalanced: readonly string[],
  decision: DefaultDecision,
  reason: string,
): string[] {
  const source = { results: tuned.results };
  const columns = TUNED_DESIGNS.map((d) => [
    designMean(source, 'logistic', d.id),
    designMean(source, 'mlp', d.id),
    mean(MODELS.map((m) => designMean(source, m, d.id))),
    mean(MODELS.map((m) => designMean(source, m, d.id, imbalanced))),
  ]);
  const best = [0, 1, 2, 3].map((column) => Math.max(...columns.map((values) => values[column] as number)));
  const rows = TUNED_DESIGNS.map((d, i) => {
    const label =
      d.loss === 'f1'
        ? `macro-F1 AnyLoss, ${d.id}${d.amplifier === 'softmax' && d.amplification === decision.chosen ? ' (default)' : ''}`
        : d.id === 'CCE'
          ? 'categorical cross-entropy (`cce`)'
          : 'class-weighted cross-entropy (`wcce`)';
    const cells = (columns[i] as number[]).map((value, column) => (value === best[column] ? `**${score(value)}**` : score(value)));
    return `| ${label} | ${cells.join(' | ')} |`;
  });
  const chosenId = `softmax L=${decision.chosen}`;
  const versus = TUNED_BASELINES.map((baseline) => {
    const row = headToHead(tuned.results, chosenId, baseline, MODELS, record.datasets);
    return fillTemplate(TEXT.SUMMARY_VERSUS, {
      design: `AnyLoss ${chosenId}`,
      baseline,
      difference: signed(row.designMean - row.baselineMean),
      wins: row.wins,
      ties: row.ties,
      losses: row.losses,
      cases: row.wins + row.ties + row.losses,
      p: pValue(row.p),
      pairs: row.pairs,
    });
  });
  return [
    TEXT.SUMMARY_HEADING,
    '<!-- #region summary -->',
    fillTemplate(TEXT.SUMMARY_LEAD, { imbalanced: listing(imbalanced.map((d) => `\`${d}\``)) }),
    ...table(
      ['loss, learning rate tuned per fold', 'softmax regression', 'MLP', 'both models', 'imbalanced sets'],
      ['left', 'right', 'right', 'right', 'right'],
      rows,
    ),
    '',
    ...versus,
    fillTemplate(TEXT.SUMMARY_DECISION, {
      rule: `candidates L ∈ {${DEFAULT_CANDIDATES.join(', ')}}, change only for a gain > ${TIE_TOLERANCE} with p < ${DECISION_ALPHA}`,
      decision: reason,
    }),
    '<!-- #endregion summary -->',
    '',
    '![Mean test macro-F1 per loss at tuned learning rates](macro-f1-tuned.svg)',
    '',
  ];
}

/** Part 2's chart: mean test macro-F1 per design at tuned rates, one bar per model. */
function tunedChart(tuned: TunedPart): string {
  const source = { results: tuned.results };
  return groupedBarChart(
    TUNED_DESIGNS.map((d) => ({
      label: d.id.replace('one-vs-rest', 'OvR').replace('weighted CCE', 'wCCE').replace(' L=', '\nL='),
      values: MODELS.map((m) => designMean(source, m, d.id)),
    })),
    {
      title: 'Mean test macro-F1, learning rate tuned per fold',
      xLabel: 'training loss (CCE, weighted CCE, or macro-F1 AnyLoss with amplifier and L)',
      yLabel: 'macro-F1',
      series: ['softmax regression', 'MLP'],
      domain: [0, 1],
      digits: 4,
    },
  );
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
  const imbalanced = imbalancedOf(record);
  const designs = STUDY_DESIGNS.map((d) => d.id);
  const rows = ranking(record, imbalanced);
  const tuned = record.tuned;
  const lines = [
    introSection(record, command, imbalanced),
    ...sweepSection(record, designs),
    ...modelSection(record, designs, imbalanced),
    ...rankingSection(record, imbalanced, rows),
    ...verdictSection(record, imbalanced),
    ...recommendationSection(record, imbalanced, rows),
    ...(tuned !== undefined
      ? [...tunedSection(record, tuned, imbalanced), ...headToHeadSection(record, tuned), ...decisionSection(record, tuned, imbalanced)]
      : []),
  ];
  const files: ReportFiles = new Map([
    ['macro-f1.svg', studyChart(record)],
    ['index.md', lines.join('\n')],
  ]);
  if (tuned !== undefined) files.set('macro-f1-tuned.svg', tunedChart(tuned));
  return files;
}

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnyLossError, PAPER_AMPLIFICATION } from '@anyloss/core';
import { checkCommandFlags, HELP, parseArgs, type CliOptions } from './args.js';
import { datasetFromCsvFile } from './csv.js';
import { corpusDatasetNames, EXCLUDED_DATASETS, loadCorpusDataset, type BenchDataset } from './dataset.js';
import { runMulticlassStudy } from './multiclass-study.js';
import { runRecipeStudy, STUDY_TARGETS } from './recipe-study.js';
import { multiclassReportSection, multiclassResultsTable } from './multiclass-table.js';
import { loadEngine } from './engines.js';
import { BASELINE_LOSSES, MULTICLASS_BASELINE_LOSSES, type AnyLossRecipe, type LossName } from './losses.js';
import { checkInputFile, prepareOutputs, writeFilesOrRescue, type Outputs } from './paths.js';
import { progressBar, type TextSink } from './progress.js';
import { reproductionReport, resultsTable, runReport, writeReport } from './report.js';
import { sweepCommand, SWEEPS_HELP } from './sweeps/index.js';
import { defaultWorkers, runBenchmark, runMulticlassBenchmark, type BenchmarkResult, type MulticlassBenchmarkResult } from './run.js';

/** The imbalanced datasets of `demo`, from 1.4% to 30% positives. */
export const DEMO_DATASETS = [
  'weka-unbalanced',
  'weka-glass-containers-vs-rest',
  'sklearn-digits-0-vs-rest',
  'ddalpha-plasma_retinol_mvsf',
  'ddalpha-bloodtransfusion',
  'weka-credit-g',
] as const;

/** Losses of `demo` and of a plain run unless `--losses` says otherwise. */
export const DEFAULT_LOSSES: readonly LossName[] = ['bce', 'f1', 'balancedAccuracy'];

/** Losses of a plain run's multi-class datasets unless `--losses` says otherwise (AnyLoss macro-averaged). */
export const DEFAULT_MULTICLASS_LOSSES: readonly LossName[] = ['cce', 'f1', 'balancedAccuracy'];

/** Losses of the reproduction. */
export const REPRODUCTION_LOSSES: readonly LossName[] = ['bce', 'wbce', 'mse', 'accuracy', 'f1', 'balancedAccuracy', 'geometricMean'];

/** Datasets the learning rates were tuned on (README, "Learning rates"). */
export const TUNING_DATASETS = ['ddalpha-haberman', 'ddalpha-indian_liver_patient_1vs2', 'ddalpha-tae', 'weka-breast-cancer'] as const;

/** Default seed. */
export const DEFAULT_SEED = 42;

/** Where output goes; tests pass doubles. */
export interface CliIo {
  /** Tables and the report path. */
  readonly stdout: TextSink;
  /** Progress, notes and errors. */
  readonly stderr: TextSink;
  /** Directory relative paths are resolved against; default `INIT_CWD` (set by pnpm) or the working directory. */
  readonly cwd?: string;
  /** Repository root, for the default report directories; default found from this file. */
  readonly root?: string;
}

function repositoryRoot(): string {
  const candidate = fileURLToPath(new URL('../..', import.meta.url));
  return existsSync(join(candidate, 'pnpm-workspace.yaml')) ? candidate : process.cwd();
}

function usage(message: string): never {
  throw new AnyLossError('INVALID_OPTION', message, { argument: 'argv' });
}

function loadDatasets(options: CliOptions, cwd: string, io: CliIo, fallback: readonly string[]): BenchDataset[] {
  if (options.data !== undefined) {
    const path = resolve(cwd, options.data);
    const csv = datasetFromCsvFile(path, {
      target: options.target ?? '',
      oneHot: options.oneHot,
      name: options.data.replace(/^.*[\\/]/, '').replace(/\.csv$/i, ''),
      ...(options.task === 'binary' || options.task === 'multiclass' ? { task: options.task } : {}),
    });
    if (csv.droppedRows > 0) {
      const shown = csv.droppedLines.slice(0, 20).join(', ');
      io.stderr.write(
        `note: dropped ${csv.droppedRows} row(s) with a missing value (CSV lines ${shown}${csv.droppedRows > 20 ? ', …' : ''}).\n`,
      );
    }
    if (csv.oneHotColumns.length > 0)
      io.stderr.write(`note: one-hot encoded ${csv.oneHotColumns.map((c) => JSON.stringify(c)).join(', ')}.\n`);
    const description =
      csv.classes !== undefined
        ? `class 1 (positive, minority) = ${JSON.stringify(csv.classes.positive)}, class 0 = ${JSON.stringify(csv.classes.negative)}`
        : `multi-class target with ${csv.classNames.length} classes: ${csv.classNames.map((name, k) => `${k} = ${JSON.stringify(name)}`).join(', ')}`;
    io.stderr.write(`note: ${description}; ${csv.dataset.labels.length} rows, ${csv.dataset.featureNames.length} features.\n`);
    return [csv.dataset];
  }
  const task = options.task;
  const explicit = task === 'binary' || task === 'multiclass' ? task : undefined;
  if (options.datasets !== undefined && options.datasets !== 'all')
    return options.datasets.map((name) => loadCorpusDataset(name, explicit));
  if (options.datasets === undefined && task === undefined) return fallback.map((name) => loadCorpusDataset(name));
  const names =
    task === 'multiclass'
      ? corpusDatasetNames('multiclass')
      : task === 'all'
        ? [...corpusDatasetNames('binary'), ...corpusDatasetNames('multiclass')]
        : corpusDatasetNames('binary');
  return names.map((name) => loadCorpusDataset(name));
}

/** The recipe levers of the command line, or undefined when none is set. */
export function recipeOf(options: CliOptions): AnyLossRecipe | undefined {
  const recipe: { -readonly [K in keyof AnyLossRecipe]: AnyLossRecipe[K] } = {};
  if (options.amplification === 'none') recipe.amplification = 'none';
  if (options.normalizeGradient !== undefined) recipe.normalizeGradient = options.normalizeGradient;
  if (options.bceWeight !== undefined) recipe.bceWeight = options.bceWeight;
  if (options.priorBias) recipe.priorBias = true;
  if (options.amplificationStart !== undefined) recipe.amplificationStart = options.amplificationStart;
  return Object.keys(recipe).length > 0 ? recipe : undefined;
}

/** Worker threads of a run: `--workers`, or the machine's cores. */
function workersOf(options: CliOptions): number {
  return options.workers ?? defaultWorkers();
}

/** The training settings shared by binary and multi-class runs: seed, optional overrides, progress, workers. */
function trainingOptions(options: CliOptions, bar: ReturnType<typeof progressBar> | null, io: CliIo, deferred: string[]) {
  return {
    seed: options.seed ?? DEFAULT_SEED,
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
    ...(typeof options.amplification === 'number' ? { amplification: options.amplification } : {}),
    ...(options.thresholdMetric !== undefined ? { thresholdMetric: options.thresholdMetric } : {}),
    ...(options.tuneLearningRate ? { tuneLearningRate: true } : {}),
    ...(options.innerFolds !== undefined ? { innerFolds: options.innerFolds } : {}),
    workers: workersOf(options),
    // Worker threads' own output (e.g. TensorFlow.js's banner) waits until the progress bar is done.
    onWorkerOutput: (text: string) => void (bar === null ? io.stderr.write(text) : deferred.push(text)),
    ...(bar !== null ? { onProgress: bar.update } : {}),
  };
}

function finish(bar: ReturnType<typeof progressBar> | null, io: CliIo, deferred: string[]): void {
  bar?.finish();
  for (const text of deferred.splice(0)) io.stderr.write(text);
}

async function benchmark(
  options: CliOptions,
  datasets: BenchDataset[],
  losses: readonly LossName[],
  folds: number,
  io: CliIo,
  label: string,
  model = options.model ?? 'logistic',
): Promise<BenchmarkResult[]> {
  const engine = await loadEngine(options.engine ?? 'core');
  const bar = options.quiet ? null : progressBar(io.stderr, label);
  const deferred: string[] = [];
  const recipe = recipeOf(options);
  try {
    return await runBenchmark({
      datasets,
      losses,
      model,
      engine,
      folds,
      ...trainingOptions(options, bar, io, deferred),
      ...(recipe !== undefined ? { recipe } : {}),
    });
  } finally {
    finish(bar, io, deferred);
  }
}

async function multiclassBenchmark(
  options: CliOptions,
  datasets: BenchDataset[],
  losses: readonly LossName[],
  folds: number,
  io: CliIo,
  label: string,
): Promise<MulticlassBenchmarkResult[]> {
  const engine = await loadEngine(options.engine ?? 'core');
  const bar = options.quiet ? null : progressBar(io.stderr, label);
  const deferred: string[] = [];
  try {
    return await runMulticlassBenchmark({
      datasets,
      losses,
      model: options.model ?? 'logistic',
      engine,
      folds,
      ...trainingOptions(options, bar, io, deferred),
      ...(options.average !== undefined ? { average: options.average } : {}),
      ...(options.amplifier !== undefined ? { amplifier: options.amplifier } : {}),
    });
  } finally {
    finish(bar, io, deferred);
  }
}

/** The fields every JSON record starts with, in this order (the `--json` format's key order). */
const RECORD_KEYS = [
  'dataset',
  'loss',
  'model',
  'engine',
  'folds',
  'metrics',
  'seconds',
  'secondsPerEpoch',
  'epochs',
  'batchSize',
  'learningRate',
  'rows',
] as const;

/** The listed fields of a result, in the order listed (undefined ones are left out by JSON.stringify). */
function pick<T extends object, K extends keyof T>(result: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, result[key]])) as Pick<T, K>;
}

/** The learning rates tuning chose, when the run tuned them. */
function tunedFields(result: { readonly learningRates?: unknown; readonly tuningSeconds?: unknown }): object {
  return result.learningRates !== undefined ? { learningRates: result.learningRates, tuningSeconds: result.tuningSeconds } : {};
}

/** The JSON record of a binary result: without the per-fold metrics; thresholds and recipe when the run has them. */
function slimBinary(result: BenchmarkResult): Record<string, unknown> {
  const { thresholdMetric, thresholds, thresholdFallbacks, recipe } = result;
  return {
    ...pick(result, [...RECORD_KEYS, 'positiveShare', 'convergence']),
    ...tunedFields(result),
    // JSON has no −∞: null stands for it (every row predicted positive).
    ...(thresholds !== undefined
      ? { thresholdMetric, thresholds: thresholds.map((t) => (Number.isFinite(t) ? t : null)), thresholdFallbacks }
      : {}),
    ...(recipe !== undefined ? { recipe } : {}),
  };
}

/** The JSON record of a multi-class result: the binary shape with `classes`, `minorityShare` and the AnyLoss settings instead of `positiveShare`. */
function slimMulticlass(result: MulticlassBenchmarkResult): Record<string, unknown> {
  const keys = [...RECORD_KEYS, 'classes', 'minorityShare', 'average', 'amplifier', 'amplification', 'convergence'] as const;
  return { ...pick(result, keys), ...tunedFields(result) };
}

function writeJson(path: string, results: readonly BenchmarkResult[], multiclass: readonly MulticlassBenchmarkResult[] = []): void {
  const slim = results.map(slimBinary);
  const content = `${JSON.stringify({ results: [...slim, ...multiclass.map(slimMulticlass)] }, null, 2)}\n`;
  writeFilesOrRescue(dirname(path), new Map([[basename(path), content]]), 'the results (--json)');
}

function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Runs the command line and returns the exit code: 0 on success, 2 for a usage error (unknown flag, bad value,
 * unknown dataset, unreadable CSV), 1 for anything unexpected.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const cwd = io.cwd ?? process.env['INIT_CWD'] ?? process.cwd();
  const root = io.root ?? repositoryRoot();
  const sweep = sweepCommand(argv);
  if (sweep !== undefined) return sweep({ ...io, cwd, root }).catch((error: unknown) => reportError(error, io));
  let options: CliOptions;
  let outputs: Outputs;
  try {
    options = parseArgs(argv);
    if (options.help) {
      io.stdout.write(`${HELP}${SWEEPS_HELP}`);
      return 0;
    }
    checkCommandFlags(options);
    if (options.data !== undefined) checkInputFile(resolve(cwd, options.data), '--data', options.data);
    outputs = prepareOutputs(options, cwd, root);
  } catch (error) {
    return reportError(error, io);
  }
  try {
    if (options.command === 'reproduce') return await reproduce(argv, options, io, cwd, outputs.report as string);
    if (options.command === 'recipe-study') {
      const dir = outputs.report as string;
      const targets = STUDY_TARGETS.filter(
        (t) => (options.engine === undefined || t.engine === options.engine) && (options.model === undefined || t.model === options.model),
      );
      if (targets.length === 0)
        usage(
          `no study target runs ${options.engine ?? ''} ${options.model ?? ''}; targets: ${STUDY_TARGETS.map((t) => t.id).join(', ')}.`,
        );
      const index = await runRecipeStudy({
        dir,
        targets,
        ...(options.datasets !== undefined && options.datasets !== 'all' ? { datasets: options.datasets } : {}),
        ...(options.folds !== undefined ? { reportFolds: options.folds } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
        workers: workersOf(options),
        reuseResults: options.reuseResults,
        command: [
          'pnpm bench -- recipe-study',
          ...argv.filter((a) => a !== '--' && a !== 'recipe-study' && a !== '--reuse-results' && a !== '--quiet'),
        ].join(' '),
        stdout: io.stdout,
        ...(options.quiet ? {} : { stderr: io.stderr }),
      });
      io.stdout.write(`Report written to ${shown(index, cwd)}\n`);
      return 0;
    }
    if (options.command === 'multiclass-study') {
      const dir = outputs.report as string;
      const index = await runMulticlassStudy({
        dir,
        ...(options.datasets !== undefined && options.datasets !== 'all' ? { datasets: options.datasets } : {}),
        ...(options.folds !== undefined ? { folds: options.folds } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
        workers: workersOf(options),
        reuseResults: options.reuseResults,
        reusePartOne: options.reusePartOne,
        command: [
          'pnpm bench -- multiclass-study',
          ...argv.filter(
            (a) => a !== '--' && a !== 'multiclass-study' && a !== '--reuse-results' && a !== '--reuse-part-one' && a !== '--quiet',
          ),
        ].join(' '),
        stdout: io.stdout,
        ...(options.quiet ? {} : { stderr: io.stderr }),
      });
      io.stdout.write(`Report written to ${shown(index, cwd)}\n`);
      return 0;
    }
    const demo = options.command === 'demo';
    const datasets = loadDatasets(options, cwd, io, demo ? DEMO_DATASETS : corpusDatasetNames());
    const binarySets = datasets.filter((d) => d.classes <= 2);
    const multiclassSets = datasets.filter((d) => d.classes > 2);
    if (multiclassSets.length === 0 && (options.average !== undefined || options.amplifier !== undefined)) {
      usage(
        `${options.average !== undefined ? '--average' : '--amplifier'} applies to multi-class targets, but every dataset of this run is binary (see --task).`,
      );
    }
    const requested = options.losses;
    const binaryLosses =
      requested === undefined
        ? DEFAULT_LOSSES
        : requested.filter((loss) => !(MULTICLASS_BASELINE_LOSSES as readonly string[]).includes(loss));
    const multiclassLosses =
      requested === undefined
        ? DEFAULT_MULTICLASS_LOSSES
        : requested.filter((loss) => !(BASELINE_LOSSES as readonly string[]).includes(loss));
    if (multiclassSets.length > 0 && recipeOf(options) !== undefined) {
      usage(
        'the recipe levers (--amplification none, --normalize-gradient, --bce-weight, --prior-bias, --amplification-start) apply to binary targets only, but this run has multi-class datasets (see --task).',
      );
    }
    if (requested !== undefined && binarySets.length > 0 && binaryLosses.length === 0)
      usage('--losses has no loss for the binary datasets (cce and wcce are multi-class only; use bce or a metric name).');
    if (requested !== undefined && multiclassSets.length > 0 && multiclassLosses.length === 0)
      usage(
        `--losses has no loss for the multi-class datasets (${BASELINE_LOSSES.join(', ')} are binary only; use cce, wcce or a metric name).`,
      );
    const folds = options.folds ?? (demo ? 5 : 10);
    const started = performance.now();
    const results = binarySets.length > 0 ? await benchmark(options, binarySets, binaryLosses, folds, io, demo ? 'demo' : 'bench') : [];
    const multiclass =
      multiclassSets.length > 0 ? await multiclassBenchmark(options, multiclassSets, multiclassLosses, folds, io, 'multiclass') : [];
    const seconds = (performance.now() - started) / 1000;
    if (results.length > 0) {
      io.stdout.write(resultsTable(results));
      io.stdout.write(
        `\n${results.length} results (${binarySets.length} datasets × ${results.length / Math.max(1, binarySets.length)} losses × ${folds} folds) in ${seconds.toFixed(1)} s.\n`,
      );
    }
    if (multiclass.length > 0) {
      io.stdout.write(`${results.length > 0 ? '\n' : ''}${multiclassResultsTable(multiclass)}`);
      io.stdout.write(
        `\n${multiclass.length} multi-class results (${multiclassSets.length} datasets × ${multiclass.length / multiclassSets.length} losses × ${folds} folds) in ${seconds.toFixed(1)} s.\n`,
      );
    }
    if (outputs.json !== undefined) {
      const path = outputs.json;
      writeJson(path, results, multiclass);
      io.stdout.write(`Results written to ${shown(path, cwd)}\n`);
    }
    const reportDir = outputs.report;
    if (reportDir !== undefined) {
      const meta = { command: `anyloss-bench ${argv.filter((a) => a !== '--').join(' ')}`.trim(), 'wall time': `${seconds.toFixed(1)} s` };
      const files =
        results.length > 0
          ? runReport(results, meta)
          : new Map([
              [
                'index.md',
                ['# AnyLoss benchmark report', '', ...Object.entries(meta).map(([key, value]) => `- ${key}: ${value}`), ''].join('\n'),
              ],
            ]);
      if (multiclass.length > 0) {
        const section = multiclassReportSection(multiclass);
        for (const [name, content] of section.files) files.set(name, content);
        files.set('index.md', `${files.get('index.md') ?? ''}\n${section.markdown}`);
      }
      const index = writeReport(reportDir, files);
      io.stdout.write(`Report written to ${shown(index, cwd)}\n`);
    }
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

async function reproduce(argv: readonly string[], options: CliOptions, io: CliIo, cwd: string, dir: string): Promise<number> {
  let logistic: BenchmarkResult[];
  let mlp: BenchmarkResult[];
  let seconds: number;
  let datasetCount: number;
  let workers: number | undefined;
  const folds = options.folds ?? 10;
  if (options.reuseResults) {
    const read = (model: string): { seconds?: number; workers?: number; results: BenchmarkResult[] } => {
      const path = join(dir, `results-${model}.json`);
      if (!existsSync(path)) usage(`--reuse-results: ${path} does not exist; run reproduce without it first.`);
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as { seconds?: number; workers?: number; results: BenchmarkResult[] };
      } catch (error) {
        return usage(`--reuse-results: ${path} is not a results file (${error instanceof Error ? error.message : String(error)}).`);
      }
    };
    const saved = [read('logistic'), read('mlp')] as const;
    logistic = saved[0].results;
    mlp = saved[1].results;
    seconds = saved[0].seconds ?? [...logistic, ...mlp].reduce((sum, r) => sum + r.seconds, 0);
    workers = saved[0].workers;
    datasetCount = new Set(logistic.map((r) => r.dataset)).size;
  } else {
    const datasets = loadDatasets(options, cwd, io, corpusDatasetNames());
    datasetCount = datasets.length;
    const started = performance.now();
    // The paper's setting, pinned: the reproduction keeps its meaning whatever the packages' defaults become.
    const paper: CliOptions = { ...options, amplification: options.amplification ?? PAPER_AMPLIFICATION };
    logistic = await benchmark(paper, datasets, REPRODUCTION_LOSSES, folds, io, 'logistic', 'logistic');
    mlp = await benchmark(paper, datasets, REPRODUCTION_LOSSES, folds, io, 'mlp', 'mlp');
    seconds = (performance.now() - started) / 1000;
    workers = workersOf(options);
  }
  const index = writeReport(
    dir,
    reproductionReport(logistic, mlp, {
      command: ['pnpm bench -- reproduce', ...argv.filter((a) => a !== '--' && a !== 'reproduce' && a !== '--reuse-results')].join(' '),
      seed: options.seed ?? DEFAULT_SEED,
      excluded: EXCLUDED_DATASETS,
      tuningDatasets: TUNING_DATASETS,
      seconds,
      ...(workers !== undefined ? { workers } : {}),
    }),
  );
  io.stdout.write(
    resultsTable(logistic.filter((r) => r.loss === 'bce' || r.loss === 'f1' || r.loss === 'balancedAccuracy'))
      .split('\n')
      .filter((line) => line.startsWith('| **mean') || line.startsWith('| dataset') || line.startsWith('| ---'))
      .join('\n'),
  );
  io.stdout.write(
    `\n\nReproduction (${datasetCount} datasets, ${folds} folds, logistic + MLP) in ${seconds.toFixed(0)} s wall time${workers !== undefined ? ` (${workers} worker thread${workers === 1 ? '' : 's'})` : ''}.\nReport written to ${shown(index, cwd)}\n`,
  );
  return 0;
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof AnyLossError) {
    io.stderr.write(`anyloss-bench: ${error.message}\nRun with --help for usage.\n`);
    return 2;
  }
  io.stderr.write(`anyloss-bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

/** Entry point of the `anyloss-bench` bin. */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, { stdout: process.stdout, stderr: process.stderr });
}

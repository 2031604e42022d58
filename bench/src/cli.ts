import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnyLossError } from '@anyloss/core';
import { HELP, parseArgs, type CliOptions } from './args.js';
import { datasetFromCsv } from './csv.js';
import { corpusDatasetNames, EXCLUDED_DATASETS, loadCorpusDataset, type BenchDataset } from './dataset.js';
import { loadEngine } from './engines.js';
import type { LossName } from './losses.js';
import { progressBar, type TextSink } from './progress.js';
import { reproductionReport, resultsTable, runReport, writeReport } from './report.js';
import { runBenchmark, type BenchmarkResult } from './run.js';

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
    if (!existsSync(path)) usage(`--data file ${JSON.stringify(options.data)} does not exist (resolved to ${path}).`);
    const csv = datasetFromCsv(readFileSync(path, 'utf8'), {
      target: options.target ?? '',
      oneHot: options.oneHot,
      name: options.data.replace(/^.*[\\/]/, '').replace(/\.csv$/i, ''),
    });
    if (csv.droppedLines.length > 0) {
      const shown = csv.droppedLines.slice(0, 20).join(', ');
      io.stderr.write(`note: dropped ${csv.droppedLines.length} row(s) with a missing value (CSV lines ${shown}${csv.droppedLines.length > 20 ? ', …' : ''}).\n`);
    }
    if (csv.oneHotColumns.length > 0) io.stderr.write(`note: one-hot encoded ${csv.oneHotColumns.map((c) => JSON.stringify(c)).join(', ')}.\n`);
    io.stderr.write(`note: class 1 (positive, minority) = ${JSON.stringify(csv.classes.positive)}, class 0 = ${JSON.stringify(csv.classes.negative)}; ${csv.dataset.labels.length} rows, ${csv.dataset.featureNames.length} features.\n`);
    return [csv.dataset];
  }
  const names = options.datasets === undefined ? fallback : options.datasets === 'all' ? corpusDatasetNames() : options.datasets;
  return names.map(loadCorpusDataset);
}

async function benchmark(options: CliOptions, datasets: BenchDataset[], losses: readonly LossName[], folds: number, io: CliIo, label: string, model = options.model ?? 'logistic'): Promise<BenchmarkResult[]> {
  const engine = await loadEngine(options.engine ?? 'core');
  const bar = options.quiet ? null : progressBar(io.stderr, label);
  const results = await runBenchmark({
    datasets,
    losses,
    model,
    engine,
    folds,
    seed: options.seed ?? DEFAULT_SEED,
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
    ...(options.amplification !== undefined ? { amplification: options.amplification } : {}),
    ...(bar !== null ? { onProgress: bar.update } : {}),
  });
  bar?.finish();
  return results;
}

function writeJson(path: string, results: readonly BenchmarkResult[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const slim = results.map(({ dataset, loss, model, engine, folds, metrics, seconds, secondsPerEpoch, epochs, batchSize, learningRate, rows, positiveShare, convergence }) => ({
    dataset,
    loss,
    model,
    engine,
    folds,
    metrics,
    seconds,
    secondsPerEpoch,
    epochs,
    batchSize,
    learningRate,
    rows,
    positiveShare,
    convergence,
  }));
  writeFileSync(path, `${JSON.stringify({ results: slim }, null, 2)}\n`);
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
  let options: CliOptions;
  try {
    options = parseArgs(argv);
    if (options.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (options.command === 'reproduce') {
      for (const [flag, value] of [
        ['--model', options.model],
        ['--losses', options.losses],
        ['--data', options.data],
        ['--json', options.json],
      ] as const) {
        if (value !== undefined) usage(`${flag} does not apply to reproduce (it runs both models with the losses of the paper; see --help).`);
      }
    }
  } catch (error) {
    return reportError(error, io);
  }
  try {
    if (options.command === 'reproduce') return await reproduce(argv, options, io, cwd, root);
    const demo = options.command === 'demo';
    const datasets = loadDatasets(options, cwd, io, demo ? DEMO_DATASETS : corpusDatasetNames());
    const folds = options.folds ?? (demo ? 5 : 10);
    const started = performance.now();
    const results = await benchmark(options, datasets, options.losses ?? DEFAULT_LOSSES, folds, io, demo ? 'demo' : 'bench');
    const seconds = (performance.now() - started) / 1000;
    io.stdout.write(resultsTable(results));
    io.stdout.write(`\n${results.length} results (${datasets.length} datasets × ${results.length / Math.max(1, datasets.length)} losses × ${folds} folds) in ${seconds.toFixed(1)} s.\n`);
    if (options.json !== undefined) {
      const path = resolve(cwd, options.json);
      writeJson(path, results);
      io.stdout.write(`Results written to ${shown(path, cwd)}\n`);
    }
    const reportDir = options.report !== undefined ? resolve(cwd, options.report) : demo ? join(root, 'reports', 'demo') : undefined;
    if (reportDir !== undefined) {
      const index = writeReport(reportDir, runReport(results, { command: `anyloss-bench ${argv.filter((a) => a !== '--').join(' ')}`.trim(), 'wall time': `${seconds.toFixed(1)} s` }));
      io.stdout.write(`Report written to ${shown(index, cwd)}\n`);
    }
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

async function reproduce(argv: readonly string[], options: CliOptions, io: CliIo, cwd: string, root: string): Promise<number> {
  const dir = options.report !== undefined ? resolve(cwd, options.report) : join(root, 'docs', 'reproduction');
  let logistic: BenchmarkResult[];
  let mlp: BenchmarkResult[];
  let seconds: number;
  let datasetCount: number;
  const folds = options.folds ?? 10;
  if (options.reuseResults) {
    const read = (model: string): { seconds?: number; results: BenchmarkResult[] } => {
      const path = join(dir, `results-${model}.json`);
      if (!existsSync(path)) usage(`--reuse-results: ${path} does not exist; run reproduce without it first.`);
      return JSON.parse(readFileSync(path, 'utf8')) as { seconds?: number; results: BenchmarkResult[] };
    };
    const saved = [read('logistic'), read('mlp')] as const;
    logistic = saved[0].results;
    mlp = saved[1].results;
    seconds = saved[0].seconds ?? [...logistic, ...mlp].reduce((sum, r) => sum + r.seconds, 0);
    datasetCount = new Set(logistic.map((r) => r.dataset)).size;
  } else {
    const datasets = loadDatasets(options, cwd, io, corpusDatasetNames());
    datasetCount = datasets.length;
    const started = performance.now();
    logistic = await benchmark(options, datasets, REPRODUCTION_LOSSES, folds, io, 'logistic', 'logistic');
    mlp = await benchmark(options, datasets, REPRODUCTION_LOSSES, folds, io, 'mlp', 'mlp');
    seconds = (performance.now() - started) / 1000;
  }
  const index = writeReport(
    dir,
    reproductionReport(logistic, mlp, {
      command: ['pnpm bench -- reproduce', ...argv.filter((a) => a !== '--' && a !== 'reproduce' && a !== '--reuse-results')].join(' '),
      seed: options.seed ?? DEFAULT_SEED,
      excluded: EXCLUDED_DATASETS,
      tuningDatasets: TUNING_DATASETS,
      seconds,
    }),
  );
  io.stdout.write(resultsTable(logistic.filter((r) => r.loss === 'bce' || r.loss === 'f1' || r.loss === 'balancedAccuracy')).split('\n').filter((line) => line.startsWith('| **mean') || line.startsWith('| dataset') || line.startsWith('| ---')).join('\n'));
  io.stdout.write(`\n\nReproduction (${datasetCount} datasets, ${folds} folds, logistic + MLP) in ${seconds.toFixed(0)} s.\nReport written to ${shown(index, cwd)}\n`);
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

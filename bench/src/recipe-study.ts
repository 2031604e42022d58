import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnyLossError, PAPER_AMPLIFICATION } from '@anyloss/core';
import { TIE_TOLERANCE, pairedPermutationPValue } from './analysis.js';
import type { LossFoldOutcome } from './cross-validate.js';
import { corpusDatasetNames, loadCorpusDataset, type BenchDataset } from './dataset.js';
import { loadEngine, type EngineName, type ModelName } from './engines.js';
import { REPORTED_METRICS } from './evaluate.js';
import type { AnyLossRecipe, LossName } from './losses.js';
import { createFoldPool, type FoldJob, type FoldPool } from './pool.js';
import { progressBar, type TextSink } from './progress.js';
import { createRandom } from './random.js';
import { writeReport, type ReportFiles } from './report.js';
import {
  binaryResult,
  binarySettings,
  DEFAULT_EPOCHS,
  DEFAULT_MLP_LEARNING_RATE,
  LEARNING_RATE_GRIDS,
  summarizeFolds,
  type BenchmarkConfig,
  type BenchmarkResult,
} from './run.js';
import { groupedBarChart, scatterChart } from './svg.js';
import { lossLabel, score } from './table.js';

// ---------------------------------------------------------------------------------------------------------------
// The corpus split (committed rule)
// ---------------------------------------------------------------------------------------------------------------

/** Seed of the corpus split. Changing it changes which datasets the recipe may be tuned on: never do it after a run. */
export const RECIPE_SPLIT_SEED = 20_240_813;

/** The two halves of the binary corpus. */
export interface CorpusSplit {
  /** Datasets the recipe is chosen on. */
  readonly tuning: readonly string[];
  /** Datasets the chosen recipe is compared with the baselines on (never seen by the search). */
  readonly report: readonly string[];
  /** The rule, in words, for the report. */
  readonly rule: string;
}

/**
 * Splits datasets once into a tuning half and a report half, stratified by positive share: sort by positive share
 * (ties by name), take consecutive pairs, and send one of each pair to each half by a seeded coin flip (core's
 * `seededRandom(seed)`, one draw per pair: < 0.5 → the first of the pair goes to the tuning half). An odd dataset
 * out (the last) goes to the report half. Both halves then span the whole imbalance range; the split is a pure
 * function of the names, shares and seed.
 */
export function splitCorpus(
  datasets: readonly { readonly name: string; readonly positiveShare: number }[],
  seed = RECIPE_SPLIT_SEED,
): CorpusSplit {
  const sorted = [...datasets].sort((a, b) => a.positiveShare - b.positiveShare || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const random = createRandom(seed);
  const tuning: string[] = [];
  const report: string[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    const [first, second] = [sorted[i] as (typeof sorted)[number], sorted[i + 1] as (typeof sorted)[number]];
    if (random() < 0.5) {
      tuning.push(first.name);
      report.push(second.name);
    } else {
      tuning.push(second.name);
      report.push(first.name);
    }
  }
  if (sorted.length % 2 === 1) report.push((sorted[sorted.length - 1] as (typeof sorted)[number]).name);
  return {
    tuning,
    report,
    rule: `sort the ${sorted.length} imbalanced binary datasets (both collections, positive share < ${IMBALANCED_BELOW}) by positive share (ties by name), pair neighbours, and send one of each pair to each half by a coin flip of core's seededRandom(${seed}) (one draw per pair; < 0.5 sends the first, lower-share one to the tuning half)${sorted.length % 2 === 1 ? '; the odd one out goes to the report half' : ''}`,
  };
}

/**
 * The study's corpus: every imbalanced binary dataset (positive share below {@link IMBALANCED_BELOW}) of both
 * collections of `@anyloss/datasets` — the original corpus and the real imbalanced sets added for this study —
 * minus the duplicates the bench always leaves out. Balanced sets are not part of it: the question is training for
 * a metric on imbalanced data.
 */
export function recipeCorpus(): BenchDataset[] {
  return corpusDatasetNames('binary', 'all')
    .map((name) => loadCorpusDataset(name, 'binary'))
    .filter((dataset) => dataset.positiveShare < IMBALANCED_BELOW);
}

// ---------------------------------------------------------------------------------------------------------------
// Targets and candidates
// ---------------------------------------------------------------------------------------------------------------

/** Levers of the second search stage, tried in this order on top of the best (L, learning rate). */
export type Lever = 'normalize' | 'priorBias' | 'hybrid' | 'schedule';

/** An engine and model the study chooses a recipe for, with its search space and its comparison. */
export interface StudyTarget {
  /** Id in tables, JSON and `--engine`/`--model` filters, e.g. `core-logistic`. */
  readonly id: string;
  readonly engine: EngineName;
  readonly model: ModelName;
  /** Epochs of every fit. */
  readonly epochs: number;
  /** Rows per step (integer), share of the fold, or undefined = the bench's per-loss default. */
  readonly batchSize?: number;
  /** Stage 1: amplifications (`'none'` = soft cells from p). */
  readonly amplifications: readonly (number | 'none')[];
  /** Stage 1: learning rates (also the grid re-searched with gradient normalisation). */
  readonly learningRates: readonly number[];
  /** Stage 2: levers tried, in order. */
  readonly levers: readonly Lever[];
  /** Stage 2: λ values of the hybrid AnyLoss + λ·BCE. */
  readonly bceWeights: readonly number[];
  /** Stage 2: L at the start of the schedule. */
  readonly amplificationStart: number;
  /** Baselines of the report half. */
  readonly baselines: readonly LossName[];
  /**
   * Learning rates of the baselines: tuned per fold by inner CV from this grid; one fixed rate; or the rates another
   * target (same model, another engine) tuned for the same baseline, dataset and fold — `fixed` when that target is
   * not part of the run.
   */
  readonly baselineLearningRate:
    { readonly tune: readonly number[] } | { readonly fixed: number } | { readonly from: string; readonly fixed: number };
  /** Folds of that inner CV; default 3 (`--inner-folds`). */
  readonly innerFolds?: number;
  /**
   * AnyLoss-F1 as the package ships it today, shown beside the recipe. Its learning rate: tuned per fold, fixed, or
   * `searched` — the rate stage 1 of the search found best for this L on the tuning half (as the recipe's own).
   */
  readonly currentDefault: {
    readonly label: string;
    readonly amplification: number;
    readonly learningRate: { readonly tune: readonly number[] } | { readonly fixed: number } | { readonly searched: true };
  };
  /**
   * Datasets with more rows than this are left out of both halves for this target (its cost; the report says so);
   * undefined = every dataset.
   */
  readonly maxRows?: number;
  /**
   * Whether the report also runs the recipe with its learning rate tuned per fold like the baselines' (a reference
   * row, not judged; only where the baselines' rates are tuned): it separates the effect of the recipe from that of
   * tuning. Default false; the core targets set it (for the logistic unit it costs as much CPU time as one more
   * tuned baseline, ~2 200 CPU-seconds).
   */
  readonly tunedReference?: boolean;
  /** The targets of the issue this engine is judged by. */
  readonly verdict: 'baselines' | 'brain';
  /**
   * Levers every stage-1 candidate and the as-shipped default start from. brain: its gradient scale before the
   * study (`'normalize'`), pinned so that a re-run measures the same thing now that the default is `'sum'`; the
   * normalisation lever then switches it off.
   */
  readonly baseRecipe?: AnyLossRecipe;
}

/**
 * The packages' defaults when the study ran — the "as shipped" comparison of each engine, and brain.js's own
 * `net.train` setting (brain.js's learning rate 0.3; 200 iterations and batches of 64 as `@anyloss/brain`'s `train`
 * then) — pinned, so that a re-run measures the same thing after the study changed the defaults.
 */
export const PRE_STUDY_DEFAULTS = Object.freeze({
  /** `@anyloss/core`'s DEFAULT_AMPLIFICATION: the paper's L. */
  coreAmplification: PAPER_AMPLIFICATION,
  /** `@anyloss/tfjs`'s DEFAULT_TFJS_AMPLIFICATION. */
  tfjsAmplification: 5,
  /** `@anyloss/brain`'s TRAIN_DEFAULTS for one output node. */
  brain: Object.freeze({ amplification: 30, learningRate: 0.3, iterations: 200, batchSize: 64, gradientScale: 'normalize' as const }),
});

/** The study's targets: core logistic, core MLP, tfjs MLP, brain MLP. */
export const STUDY_TARGETS: readonly StudyTarget[] = [
  {
    id: 'core-logistic',
    engine: 'core',
    model: 'logistic',
    epochs: DEFAULT_EPOCHS.logistic,
    amplifications: ['none', 3, 5, 10, 20, 73],
    learningRates: LEARNING_RATE_GRIDS.core.logistic,
    levers: ['normalize', 'priorBias', 'hybrid', 'schedule'],
    bceWeights: [0.1, 1],
    amplificationStart: 1,
    baselines: ['bce', 'wbce', 'bce-thr', 'focal', 'soft-f1'],
    baselineLearningRate: { tune: LEARNING_RATE_GRIDS.core.logistic },
    currentDefault: {
      label: `AnyLoss-F1, L = ${PRE_STUDY_DEFAULTS.coreAmplification} (the paper's; core's default before the study)`,
      amplification: PRE_STUDY_DEFAULTS.coreAmplification,
      learningRate: { searched: true },
    },
    verdict: 'baselines',
    tunedReference: true,
  },
  {
    id: 'core-mlp',
    engine: 'core',
    model: 'mlp',
    epochs: DEFAULT_EPOCHS.mlp,
    amplifications: ['none', 3, 5, 10, 20, 73],
    learningRates: LEARNING_RATE_GRIDS.core.mlp,
    levers: ['normalize', 'priorBias', 'hybrid', 'schedule'],
    bceWeights: [0.1, 1],
    amplificationStart: 1,
    baselines: ['bce', 'wbce', 'bce-thr', 'focal', 'soft-f1'],
    baselineLearningRate: { tune: LEARNING_RATE_GRIDS.core.mlp },
    currentDefault: {
      label: `AnyLoss-F1, L = ${PRE_STUDY_DEFAULTS.coreAmplification} (the paper's; core's default before the study)`,
      amplification: PRE_STUDY_DEFAULTS.coreAmplification,
      learningRate: { searched: true },
    },
    verdict: 'baselines',
    tunedReference: true,
  },
  {
    // TensorFlow.js costs ~4–8 CPU-seconds per MLP fit here (per-step overhead and one read per step; ~50× the core
    // engine), so tuning its baselines by inner CV would take hours: they use the rates core-mlp tuned for the same
    // baseline, dataset and fold (the same model in float64). Its search is the smallest that still answers the
    // float32 question: the six L of the other targets and two Adam rates, on the datasets of at most 600 rows, with
    // no stage-2 levers (none was kept for core's MLP, the same model in float64). The report says so.
    id: 'tfjs-mlp',
    maxRows: 600,
    engine: 'tfjs',
    model: 'mlp',
    epochs: DEFAULT_EPOCHS.mlp,
    amplifications: ['none', 3, 5, 10, 20, 73],
    learningRates: [0.01, 0.03],
    levers: [],
    bceWeights: [],
    amplificationStart: 1,
    baselines: ['bce', 'wbce', 'bce-thr', 'focal', 'soft-f1'],
    baselineLearningRate: { from: 'core-mlp', fixed: DEFAULT_MLP_LEARNING_RATE },
    currentDefault: {
      label: `AnyLoss-F1, L = ${PRE_STUDY_DEFAULTS.tfjsAmplification} (tfjs's default before the study)`,
      amplification: PRE_STUDY_DEFAULTS.tfjsAmplification,
      learningRate: { fixed: DEFAULT_MLP_LEARNING_RATE },
    },
    verdict: 'baselines',
  },
  {
    id: 'brain-mlp',
    engine: 'brain',
    model: 'mlp',
    epochs: PRE_STUDY_DEFAULTS.brain.iterations,
    batchSize: PRE_STUDY_DEFAULTS.brain.batchSize,
    amplifications: [3, 5, 10, 20, 30, 73],
    learningRates: LEARNING_RATE_GRIDS.brain.mlp,
    levers: ['normalize', 'priorBias', 'schedule'],
    bceWeights: [],
    amplificationStart: 1,
    baselines: ['mse'],
    baselineLearningRate: { fixed: PRE_STUDY_DEFAULTS.brain.learningRate },
    currentDefault: {
      label: `AnyLoss-F1, brain's defaults before the study (L = ${PRE_STUDY_DEFAULTS.brain.amplification})`,
      amplification: PRE_STUDY_DEFAULTS.brain.amplification,
      learningRate: { fixed: PRE_STUDY_DEFAULTS.brain.learningRate },
    },
    verdict: 'brain',
    baseRecipe: { normalizeGradient: PRE_STUDY_DEFAULTS.brain.gradientScale === 'normalize' },
  },
];

/** One point of the search: a recipe and a learning rate. */
export interface Candidate {
  /** Amplification and levers. `amplification` is always set (a number or `'none'`). */
  readonly recipe: AnyLossRecipe & { readonly amplification: number | 'none' };
  readonly learningRate: number;
}

/** Short text of a candidate, e.g. `L 10, lr 0.3, normalised, prior bias`. */
export function describeCandidate(candidate: Candidate): string {
  const { recipe } = candidate;
  const parts = [recipe.amplification === 'none' ? 'no amplification' : `L ${recipe.amplification}`, `lr ${candidate.learningRate}`];
  if (recipe.normalizeGradient !== undefined) parts.push(recipe.normalizeGradient ? 'normalised gradient' : 'unnormalised gradient');
  if (recipe.priorBias === true) parts.push('prior bias');
  if (recipe.bceWeight !== undefined) parts.push(`+ ${recipe.bceWeight}·BCE`);
  if (recipe.amplificationStart !== undefined) parts.push(`L from ${recipe.amplificationStart}`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------------------------
// Checkpoint: one line per finished (settings, dataset) unit
// ---------------------------------------------------------------------------------------------------------------

/** JSON has no ±∞ and no NaN: these become tagged strings in the checkpoint and back. */
function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `__number:${String(v)}` : v));
}

function decode<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' && v.startsWith('__number:') ? Number(v.slice(9)) : v)) as T;
}

/** Results of finished units, appended to a file as they finish so that an interrupted run resumes. */
class Checkpoint {
  private readonly done = new Map<string, BenchmarkResult[]>();

  constructor(private readonly path: string | undefined) {
    if (path === undefined || !existsSync(path)) return;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = decode<{ key: string; results: BenchmarkResult[] }>(line);
        this.done.set(entry.key, entry.results);
      } catch {
        // A line cut short by an interruption: that unit runs again.
      }
    }
  }

  get(key: string): BenchmarkResult[] | undefined {
    return this.done.get(key);
  }

  get size(): number {
    return this.done.size;
  }

  put(key: string, results: BenchmarkResult[]): void {
    this.done.set(key, results);
    if (this.path !== undefined) appendFileSync(this.path, `${encode({ key, results })}\n`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running configurations through a pool, unit by unit
// ---------------------------------------------------------------------------------------------------------------

/** What the study needs to run one configuration (a BenchmarkConfig without datasets, engine object or callbacks). */
type RunSpec = Omit<BenchmarkConfig, 'datasets' | 'engine' | 'onProgress' | 'pool' | 'workers' | 'onWorkerOutput'>;

interface Runner {
  /**
   * Runs every spec on every dataset (all (spec, dataset, fold) jobs in one batch, for the workers) and returns, per
   * spec, the results of each dataset and loss (dataset-major); units already in the checkpoint are not run again.
   */
  run(specs: readonly RunSpec[], datasets: readonly BenchDataset[], label: string): Promise<BenchmarkResult[][]>;
}

function createRunner(target: StudyTarget, pool: FoldPool, checkpoint: Checkpoint, stderr: TextSink | undefined): Runner {
  const engine = { name: target.engine, fit: () => Promise.reject(new Error('the study runs fits through its pool')) };
  return {
    async run(specs, datasets, label) {
      const settingsList = specs.map((spec) => binarySettings({ ...spec, datasets, engine }));
      // results[spec][dataset] = one result per loss of the spec.
      const results: (BenchmarkResult[] | undefined)[][] = specs.map(() => new Array<BenchmarkResult[] | undefined>(datasets.length));
      const jobs: FoldJob[] = [];
      const units: { spec: number; dataset: number; jobs: number[]; outcomes: (LossFoldOutcome[] | undefined)[] }[] = [];
      settingsList.forEach((settings, s) => {
        datasets.forEach((dataset, d) => {
          const saved = checkpoint.get(unitKey(target, settings, dataset.name));
          if (saved !== undefined) {
            (results[s] as (BenchmarkResult[] | undefined)[])[d] = saved;
            return;
          }
          const unit = { spec: s, dataset: d, jobs: [] as number[], outcomes: [] as (LossFoldOutcome[] | undefined)[] };
          for (let f = 0; f < settings.folds; f++) {
            unit.jobs.push(jobs.length);
            jobs.push({ settings, dataset, foldIndex: f });
          }
          units.push(unit);
        });
      });
      const byJob = new Map<number, (typeof units)[number]>();
      for (const unit of units) for (const job of unit.jobs) byJob.set(job, unit);
      const total = jobs.reduce((sum, job) => sum + job.settings.losses.length, 0);
      const bar = stderr === undefined || total === 0 ? null : progressBar(stderr, `${target.id} ${label}`);
      let done = 0;
      await pool.run(jobs, {
        onFit: (job, loss) => bar?.update({ done: ++done, total, dataset: job.dataset.name, loss }),
        onJobDone: (index, outcomes) => {
          const unit = byJob.get(index) as (typeof units)[number];
          unit.outcomes[unit.jobs.indexOf(index)] = outcomes;
          if (unit.outcomes.filter((o) => o !== undefined).length < unit.jobs.length) return;
          const settings = settingsList[unit.spec] as (typeof settingsList)[number];
          const dataset = datasets[unit.dataset] as BenchDataset;
          const folds = unit.outcomes as LossFoldOutcome[][];
          const perLoss = settings.losses.map((loss, l) =>
            binaryResult(
              summarizeFolds(
                settings,
                dataset,
                loss,
                folds.map((fold) => fold[l] as LossFoldOutcome),
                REPORTED_METRICS,
              ),
            ),
          );
          checkpoint.put(unitKey(target, settings, dataset.name), perLoss);
          (results[unit.spec] as (BenchmarkResult[] | undefined)[])[unit.dataset] = perLoss;
        },
      });
      bar?.finish();
      return results.map((perDataset) => perDataset.flatMap((perLoss) => perLoss ?? []));
    },
  };
}

/** The checkpoint key of a unit: the target, everything that determines its numbers, and the dataset. */
function unitKey(target: StudyTarget, settings: object, dataset: string): string {
  return encode({ target: target.id, settings, dataset });
}

// ---------------------------------------------------------------------------------------------------------------
// The search (tuning half) and the comparison (report half)
// ---------------------------------------------------------------------------------------------------------------

/** A stage-2 lever is kept only if it raises the criterion by more than this (noise guard). */
export const LEVER_GAIN = 0.002;

/** One evaluated candidate. */
export interface SearchLine {
  /** Stage (1: L × learning rate; 2: a lever on top of the best so far). */
  readonly stage: 1 | 2;
  /** For stage 2: the lever tried. */
  readonly lever?: Lever;
  readonly candidate: Candidate;
  /** The criterion: mean over the tuning datasets of the mean test F1 over the search folds. */
  readonly criterion: number;
  /** Mean test F1 per tuning dataset. */
  readonly perDataset: Record<string, number>;
}

/** What the search chose for a target, and what it tried. */
export interface SearchOutcome {
  readonly chosen: Candidate;
  readonly criterion: number;
  readonly lines: readonly SearchLine[];
  /** Stage-2 decisions, in order. */
  readonly decisions: readonly {
    readonly lever: Lever;
    readonly kept: boolean;
    readonly best: Candidate;
    readonly criterion: number;
    readonly before: number;
  }[];
}

function mean(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/** The run configuration of a candidate (AnyLoss-F1 with its recipe and learning rate). */
function candidateSpec(target: StudyTarget, candidate: Candidate, folds: number, seed: number, epochs: number): RunSpec {
  const { amplification, ...levers } = candidate.recipe;
  return {
    losses: ['f1'],
    model: target.model,
    folds,
    seed,
    epochs,
    ...(target.batchSize !== undefined ? { batchSize: target.batchSize } : {}),
    learningRate: candidate.learningRate,
    // With no amplification L is unused; the paper's value keeps the unit's checkpoint key stable.
    amplification: amplification === 'none' ? PAPER_AMPLIFICATION : amplification,
    recipe: amplification === 'none' ? { amplification: 'none', ...levers } : levers,
  };
}

/** Stage-2 candidates of a lever on top of `base`. */
function leverCandidates(target: StudyTarget, lever: Lever, base: Candidate): Candidate[] {
  const with_ = (extra: AnyLossRecipe, learningRate = base.learningRate): Candidate => ({
    recipe: { ...base.recipe, ...extra },
    learningRate,
  });
  switch (lever) {
    case 'normalize':
      // The gradient's scale changes, so the learning rate is searched again. The lever switches the base's
      // normalisation: on for core and tfjs; off (gradientScale 'sum') for brain, whose base normalises.
      return target.learningRates.map((rate) => with_({ normalizeGradient: base.recipe.normalizeGradient !== true }, rate));
    case 'priorBias':
      return [with_({ priorBias: true })];
    case 'hybrid':
      return target.bceWeights.map((bceWeight) => with_({ bceWeight }));
    case 'schedule':
      return base.recipe.amplification === 'none' || base.recipe.amplification <= target.amplificationStart
        ? []
        : [with_({ amplificationStart: target.amplificationStart })];
  }
}

async function search(
  target: StudyTarget,
  runner: Runner,
  datasets: readonly BenchDataset[],
  options: { folds: number; seed: number; epochs: number },
): Promise<SearchOutcome> {
  const evaluate = async (candidates: readonly Candidate[], stage: 1 | 2, label: string, lever?: Lever): Promise<SearchLine[]> => {
    const runs = await runner.run(
      candidates.map((c) => candidateSpec(target, c, options.folds, options.seed, options.epochs)),
      datasets,
      label,
    );
    return candidates.map((candidate, i) => {
      const perDataset: Record<string, number> = {};
      for (const result of runs[i] as BenchmarkResult[]) perDataset[result.dataset] = result.metrics.f1;
      return { stage, ...(lever !== undefined ? { lever } : {}), candidate, criterion: mean(Object.values(perDataset)), perDataset };
    });
  };
  const best = (lines: readonly SearchLine[]): SearchLine => lines.reduce((a, b) => (b.criterion > a.criterion ? b : a));
  const stage1: Candidate[] = [];
  for (const amplification of target.amplifications)
    for (const learningRate of target.learningRates) stage1.push({ recipe: { amplification, ...target.baseRecipe }, learningRate });
  const lines = await evaluate(stage1, 1, 'stage 1');
  let current = best(lines);
  const decisions: SearchOutcome['decisions'][number][] = [];
  for (const lever of target.levers) {
    const candidates = leverCandidates(target, lever, current.candidate);
    if (candidates.length === 0) continue;
    const tried = await evaluate(candidates, 2, `stage 2 ${lever}`, lever);
    lines.push(...tried);
    const top = best(tried);
    const kept = top.criterion > current.criterion + LEVER_GAIN;
    decisions.push({ lever, kept, best: top.candidate, criterion: top.criterion, before: current.criterion });
    if (kept) current = top;
  }
  return { chosen: current.candidate, criterion: current.criterion, lines, decisions };
}

/** The report-half results of a target. */
export interface TargetReport {
  /** The chosen recipe (AnyLoss-F1), per dataset. */
  readonly recipe: readonly BenchmarkResult[];
  /**
   * For reference, not judged: the chosen recipe with its learning rate tuned per fold by the same inner CV as the
   * baselines (present when theirs are tuned), which separates the effect of the recipe from that of tuning.
   */
  readonly recipeTuned?: readonly BenchmarkResult[];
  /** Every baseline, per dataset. */
  readonly baselines: readonly BenchmarkResult[];
  /** AnyLoss-F1 as shipped today, per dataset. */
  readonly currentDefault: readonly BenchmarkResult[];
  /** How the baselines' learning rates were set in this run, in words. */
  readonly learningRateNote?: string;
}

/** The learning rate stage 1 of the search found best for the current default's L (ties: the first, as the search). */
function searchedRate(target: StudyTarget, searched: SearchOutcome): number {
  const lines = searched.lines.filter(
    (line) => line.stage === 1 && line.candidate.recipe.amplification === target.currentDefault.amplification,
  );
  if (lines.length === 0)
    throw new Error(`${target.id}: the current default's L ${target.currentDefault.amplification} is not in stage 1 of the search`);
  return lines.reduce((a, b) => (b.criterion > a.criterion ? b : a)).candidate.learningRate;
}

async function compare(
  target: StudyTarget,
  searched: SearchOutcome,
  runner: Runner,
  datasets: readonly BenchDataset[],
  options: { folds: number; seed: number; epochs: number },
  done: readonly RecipeStudyRecord['targets'][number][],
): Promise<TargetReport> {
  let note: string | undefined;
  const rate = (setting: StudyTarget['baselineLearningRate'] | StudyTarget['currentDefault']['learningRate']): Partial<RunSpec> => {
    if ('searched' in setting) return { learningRate: searchedRate(target, searched) };
    if ('tune' in setting)
      return {
        tuneLearningRate: true,
        learningRateGrid: setting.tune,
        ...(target.innerFolds !== undefined ? { innerFolds: target.innerFolds } : {}),
      };
    const donor = 'from' in setting ? done.find((entry) => entry.target.id === setting.from) : undefined;
    if ('from' in setting)
      note =
        donor === undefined
          ? `fixed at ${setting.fixed} (${setting.from}, whose tuned rates it would reuse, was not part of this run)`
          : `the rates ${setting.from} chose for the same baseline, dataset and fold`;
    if (donor === undefined) return { learningRate: setting.fixed };
    const learningRates: Record<string, Record<string, number[]>> = {};
    for (const result of donor.report.baselines) {
      if (result.learningRates === undefined) continue;
      (learningRates[result.dataset] ??= {})[result.loss] = result.learningRates;
    }
    return { learningRate: setting.fixed, learningRates };
  };
  const common = {
    model: target.model,
    folds: options.folds,
    seed: options.seed,
    epochs: options.epochs,
    ...(target.batchSize !== undefined ? { batchSize: target.batchSize } : {}),
    // Unused by the baselines' losses; pinned so that their units' checkpoint keys do not depend on core's default.
    amplification: PAPER_AMPLIFICATION,
  };
  const recipeSpec = candidateSpec(target, searched.chosen, options.folds, options.seed, options.epochs);
  const specs: RunSpec[] = [
    recipeSpec,
    { ...common, losses: target.baselines, ...rate(target.baselineLearningRate) },
    {
      ...common,
      losses: ['f1'],
      amplification: target.currentDefault.amplification,
      ...rate(target.currentDefault.learningRate),
      ...(target.baseRecipe !== undefined ? { recipe: target.baseRecipe } : {}),
    },
  ];
  const tuned = 'tune' in target.baselineLearningRate && target.tunedReference === true;
  if (tuned) specs.push({ ...recipeSpec, ...rate(target.baselineLearningRate) });
  const [recipe, baselines, currentDefault, recipeTuned] = await runner.run(specs, datasets, 'report half');
  return {
    recipe: recipe as BenchmarkResult[],
    ...(recipeTuned !== undefined ? { recipeTuned } : {}),
    baselines: baselines as BenchmarkResult[],
    currentDefault: currentDefault as BenchmarkResult[],
    ...(note !== undefined ? { learningRateNote: note } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The study
// ---------------------------------------------------------------------------------------------------------------

/** What `results.json` holds. */
export interface RecipeStudyRecord {
  readonly seed: number;
  readonly seconds: number;
  readonly workers: number;
  readonly split: CorpusSplit & { readonly seed: number };
  /** Tuning and report datasets actually used (a restricted smoke run uses fewer). */
  readonly tuningDatasets: readonly string[];
  readonly reportDatasets: readonly string[];
  /** Positive share of every dataset used. */
  readonly positiveShares: Record<string, number>;
  /** Folds of the search's cross-validation on the tuning half, and of the report half. */
  readonly searchFolds: number;
  readonly reportFolds: number;
  readonly targets: readonly {
    readonly target: StudyTarget;
    readonly epochs: number;
    readonly search: SearchOutcome;
    readonly report: TargetReport;
    /** The target's own halves when its `maxRows` left datasets out; otherwise the record's. */
    readonly tuningDatasets?: readonly string[];
    readonly reportDatasets?: readonly string[];
    /** Wall-clock seconds of the target: in all, of its search, of its comparison. */
    readonly seconds: number;
    readonly searchSeconds?: number;
    readonly reportSeconds?: number;
  }[];
}

/** Options of {@link runRecipeStudy}. */
export interface RecipeStudyOptions {
  /** Report directory: index.md, results.json, SVG charts, checkpoint.jsonl. */
  readonly dir: string;
  /** Targets; default {@link STUDY_TARGETS}. */
  readonly targets?: readonly StudyTarget[];
  /** Restrict both halves to these dataset names (a smoke run); default every binary dataset of the corpus. */
  readonly datasets?: readonly string[];
  /** Folds of the search on the tuning half; default 3. */
  readonly searchFolds?: number;
  /** Folds of the comparison on the report half; default 5. */
  readonly reportFolds?: number;
  /** Seed of folds, initialisation and shuffling; default 42. */
  readonly seed?: number;
  /** Override every target's epochs (smoke runs). */
  readonly epochs?: number;
  /** Worker threads; default 1. */
  readonly workers?: number;
  /** Rebuild the report from results.json without training. */
  readonly reuseResults: boolean;
  /** Command shown in the report. */
  readonly command: string;
  readonly stdout: TextSink;
  /** Progress; none when absent. */
  readonly stderr?: TextSink;
}

/**
 * The recipe study: splits the binary corpus once ({@link splitCorpus}); for each target, searches the recipe on the
 * tuning half in two stages — (1) every amplification × learning rate, (2) each lever on top of the best so far, kept
 * if it raises the criterion by more than {@link LEVER_GAIN} — with the criterion "mean over the tuning datasets of
 * the mean test F1 over `searchFolds` stratified folds"; then runs the chosen recipe once on the report half against
 * the baselines (learning rates tuned per fold by inner CV, or brain's fixed defaults) and AnyLoss-F1 as shipped
 * today, and writes the report. Every finished (configuration, dataset) unit is appended to `checkpoint.jsonl`, so
 * an interrupted run resumes where it stopped. Returns the path of index.md.
 */
export async function runRecipeStudy(options: RecipeStudyOptions): Promise<string> {
  const resultsPath = join(options.dir, 'results.json');
  let record: RecipeStudyRecord;
  if (options.reuseResults) {
    if (!existsSync(resultsPath)) {
      throw new AnyLossError('INVALID_OPTION', `--reuse-results: ${resultsPath} does not exist; run recipe-study without it first.`, {
        argument: 'argv',
      });
    }
    record = decode<RecipeStudyRecord>(readFileSync(resultsPath, 'utf8'));
  } else {
    record = await runStudy(options);
  }
  const files = recipeReport(record, options.command);
  if (!options.reuseResults) files.set('results.json', `${encode(record)}\n`);
  const index = writeReport(options.dir, files);
  options.stdout.write(studySummary(record));
  return index;
}

async function runStudy(options: RecipeStudyOptions): Promise<RecipeStudyRecord> {
  const started = performance.now();
  const seed = options.seed ?? 42;
  const searchFolds = options.searchFolds ?? 3;
  const reportFolds = options.reportFolds ?? 5;
  const workers = options.workers ?? 1;
  const all = recipeCorpus();
  const names = all.map((d) => d.name);
  const split = splitCorpus(all.map((d) => ({ name: d.name, positiveShare: d.positiveShare })));
  if (options.datasets !== undefined) for (const name of options.datasets) if (!names.includes(name)) loadCorpusDataset(name, 'binary');
  const keep = (list: readonly string[]): BenchDataset[] =>
    list
      .filter((name) => options.datasets === undefined || options.datasets.includes(name))
      .map((name) => all.find((d) => d.name === name) as BenchDataset);
  const tuning = keep(split.tuning);
  const report = keep(split.report);
  if (tuning.length === 0 || report.length === 0) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `--datasets must keep at least one dataset of each half; tuning half: ${split.tuning.join(', ')}; report half: ${split.report.join(', ')}.`,
      {
        argument: '--datasets',
        value: options.datasets,
      },
    );
  }
  mkdirSync(options.dir, { recursive: true });
  const checkpoint = new Checkpoint(join(options.dir, 'checkpoint.jsonl'));
  if (checkpoint.size > 0) options.stderr?.write(`recipe-study: resuming, ${checkpoint.size} finished unit(s) in checkpoint.jsonl\n`);
  const targets: RecipeStudyRecord['targets'][number][] = [];
  for (const target of options.targets ?? STUDY_TARGETS) {
    const targetStarted = performance.now();
    const epochs = options.epochs ?? target.epochs;
    const deferred: string[] = [];
    const pool = createFoldPool({ workers, engine: await loadEngine(target.engine), onWorkerOutput: (text) => void deferred.push(text) });
    try {
      const runner = createRunner(target, pool, checkpoint, options.stderr);
      const fits = (d: BenchDataset): boolean => target.maxRows === undefined || d.labels.length <= target.maxRows;
      const own = { tuning: tuning.filter(fits), report: report.filter(fits) };
      const subset = own.tuning.length < tuning.length || own.report.length < report.length;
      const found = await search(target, runner, own.tuning, { folds: searchFolds, seed, epochs });
      const searchSeconds = (performance.now() - targetStarted) / 1000;
      options.stderr?.write(`recipe-study: ${target.id} chose ${describeCandidate(found.chosen)} (criterion ${score(found.criterion)})\n`);
      const compared = await compare(target, found, runner, own.report, { folds: reportFolds, seed, epochs }, targets);
      const seconds = (performance.now() - targetStarted) / 1000;
      const halves = subset ? { tuningDatasets: own.tuning.map((d) => d.name), reportDatasets: own.report.map((d) => d.name) } : {};
      targets.push({
        target,
        epochs,
        search: found,
        report: compared,
        ...halves,
        seconds,
        searchSeconds,
        reportSeconds: seconds - searchSeconds,
      });
    } finally {
      await pool.close();
      for (const text of deferred) options.stderr?.write(text);
    }
  }
  const positiveShares: Record<string, number> = {};
  for (const d of [...tuning, ...report]) positiveShares[d.name] = d.positiveShare;
  return {
    seed,
    seconds: (performance.now() - started) / 1000,
    workers,
    split: { ...split, seed: RECIPE_SPLIT_SEED },
    tuningDatasets: tuning.map((d) => d.name),
    reportDatasets: report.map((d) => d.name),
    positiveShares,
    searchFolds,
    reportFolds,
    targets,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis and report
// ---------------------------------------------------------------------------------------------------------------

/** Sets with fewer positives than this count as imbalanced (the issue's "< 40 % positives"). */
export const IMBALANCED_BELOW = 0.4;

/** Number of random sign patterns of the Monte Carlo permutation test (more than 20 datasets). */
export const PERMUTATION_DRAWS = 100_000;

/**
 * Two-sided paired sign-flip permutation test over datasets on the differences `a_i − b_i` of the mean test F1 of two
 * methods on the same dataset (same folds, same seeds): exact over all 2^n sign patterns for n ≤ 20, otherwise
 * {@link PERMUTATION_DRAWS} seeded random patterns with the add-one estimate (1 + extreme)/(1 + draws).
 */
export function datasetPermutationPValue(a: readonly number[], b: readonly number[], seed = 1): number {
  if (a.length <= 20) return pairedPermutationPValue(a, b);
  const differences = a.map((value, i) => value - (b[i] as number));
  const observed = Math.abs(differences.reduce((sum, d) => sum + d, 0));
  if (observed === 0) return 1;
  const random = createRandom(seed);
  let extreme = 0;
  for (let draw = 0; draw < PERMUTATION_DRAWS; draw++) {
    let sum = 0;
    for (const d of differences) sum += random() < 0.5 ? -d : d;
    if (Math.abs(sum) >= observed - 1e-12) extreme++;
  }
  return (1 + extreme) / (1 + PERMUTATION_DRAWS);
}

/** Head-to-head of the recipe against one method over a set of datasets. */
export interface HeadToHead {
  readonly method: string;
  readonly datasets: number;
  readonly wins: number;
  readonly ties: number;
  readonly losses: number;
  /** Strictly higher mean F1 (difference > 0). */
  readonly higher: number;
  /** Not worse by more than the tie tolerance (difference ≥ −0.005). */
  readonly notWorse: number;
  readonly recipeMean: number;
  readonly methodMean: number;
  readonly p: number;
}

function headToHead(
  method: string,
  recipe: readonly BenchmarkResult[],
  other: readonly BenchmarkResult[],
  datasets: readonly string[],
): HeadToHead {
  const a: number[] = [];
  const b: number[] = [];
  for (const name of datasets) {
    const x = recipe.find((r) => r.dataset === name);
    const y = other.find((r) => r.dataset === name);
    if (x === undefined || y === undefined) continue;
    a.push(x.metrics.f1);
    b.push(y.metrics.f1);
  }
  const differences = a.map((value, i) => value - (b[i] as number));
  return {
    method,
    datasets: a.length,
    wins: differences.filter((d) => d > TIE_TOLERANCE).length,
    ties: differences.filter((d) => Math.abs(d) <= TIE_TOLERANCE).length,
    losses: differences.filter((d) => d < -TIE_TOLERANCE).length,
    higher: differences.filter((d) => d > 0).length,
    notWorse: differences.filter((d) => d >= -TIE_TOLERANCE).length,
    recipeMean: mean(a),
    methodMean: mean(b),
    p: datasetPermutationPValue(a, b),
  };
}

/** The label of the reference row: the recipe with its learning rate tuned per fold like the baselines'. */
export const RECIPE_TUNED_LABEL = 'the recipe, learning rate tuned per fold (reference, not judged)';

/** The methods a target is compared with: each baseline and the current default, as (label, results). */
function methodsOf(entry: RecipeStudyRecord['targets'][number]): { label: string; loss: string; results: BenchmarkResult[] }[] {
  const out: { label: string; loss: string; results: BenchmarkResult[] }[] = entry.target.baselines.map((loss) => ({
    label: entry.target.engine === 'brain' && loss === 'mse' ? "brain's net.train (squared error)" : lossLabel(loss),
    loss,
    results: entry.report.baselines.filter((r) => r.loss === loss),
  }));
  out.push({ label: entry.target.currentDefault.label, loss: 'current', results: [...entry.report.currentDefault] });
  if (entry.report.recipeTuned !== undefined)
    out.push({ label: RECIPE_TUNED_LABEL, loss: 'recipe-tuned', results: [...entry.report.recipeTuned] });
  return out;
}

/** The verdict lines of a target against the issue's targets. */
export function verdict(
  entry: RecipeStudyRecord['targets'][number],
  datasets: readonly string[],
  shares: Record<string, number>,
): { lines: string[]; met: boolean } {
  const methods = methodsOf(entry);
  const recipe = entry.report.recipe;
  const lines: string[] = [];
  let met = true;
  const percent = (count: number, total: number): string =>
    `${count}/${total} (${total > 0 ? ((count / total) * 100).toFixed(0) : 'n/a'}%)`;
  if (entry.target.verdict === 'baselines') {
    const bce = methods.find((m) => m.loss === 'bce');
    if (bce !== undefined) {
      const h = headToHead('bce', recipe, bce.results, datasets);
      const ok = h.higher >= 0.95 * h.datasets;
      met &&= ok;
      lines.push(
        `- **Beats BCE on ≥ 95% of sets** (higher mean test F1): ${percent(h.higher, h.datasets)} — ${ok ? 'met' : '**missed**'}.`,
      );
    }
    const candidates = methods.filter((m) => m.loss === 'wbce' || m.loss === 'bce-thr' || m.loss === 'focal');
    if (candidates.length > 0) {
      const strongest = candidates.reduce((a, b) =>
        mean(b.results.map((r) => r.metrics.f1)) > mean(a.results.map((r) => r.metrics.f1)) ? b : a,
      );
      const h = headToHead(strongest.loss, recipe, strongest.results, datasets);
      const ok = h.notWorse >= 0.8 * h.datasets;
      const gain = h.recipeMean - h.methodMean;
      met &&= ok && gain >= 0.01;
      lines.push(
        `- **Not worse (by > 0.005) than the strongest of weighted BCE, BCE + threshold and focal on ≥ 80% of sets**: the strongest by mean F1 is ${strongest.label} (${score(h.methodMean)}); not worse on ${percent(h.notWorse, h.datasets)} — ${ok ? 'met' : '**missed**'}.`,
        `- **Mean F1 above that baseline's by ≥ 0.01**: ${score(h.recipeMean)} vs ${score(h.methodMean)} (${gain >= 0 ? '+' : '−'}${Math.abs(gain).toFixed(4)}) — ${gain >= 0.01 ? 'met' : '**missed**'}.`,
      );
      // Stricter reading: the best of the three on each dataset.
      let notWorseThanBest = 0;
      let counted = 0;
      for (const name of datasets) {
        const own = recipe.find((r) => r.dataset === name)?.metrics.f1;
        const others = candidates
          .map((m) => m.results.find((r) => r.dataset === name)?.metrics.f1)
          .filter((v): v is number => v !== undefined);
        if (own === undefined || others.length === 0) continue;
        counted++;
        if (own >= Math.max(...others) - TIE_TOLERANCE) notWorseThanBest++;
      }
      lines.push(
        `- (Stricter reading, not a target: not worse than the best of the three *on each set*: ${percent(notWorseThanBest, counted)}.)`,
      );
    }
  } else {
    const train = methods.find((m) => m.loss === 'mse');
    if (train !== undefined) {
      const imbalanced = datasets.filter((name) => (shares[name] ?? 1) < IMBALANCED_BELOW);
      const rare = imbalanced.filter((name) => (shares[name] ?? 1) < 0.1);
      const h = headToHead('mse', recipe, train.results, imbalanced);
      const r = headToHead('mse', recipe, train.results, rare);
      const ok = h.higher >= 0.9 * h.datasets && r.higher === r.datasets;
      met &&= ok;
      lines.push(
        `- **Beats brain's own net.train (same seeded initial weights, ${entry.epochs} iterations) on ≥ 90% of imbalanced sets (< ${IMBALANCED_BELOW * 100}% positives), including every set with < 10% positives**: ${percent(h.higher, h.datasets)} of the imbalanced sets; ${percent(r.higher, r.datasets)} of those with < 10% positives — ${ok ? 'met' : '**missed**'}.`,
      );
    }
  }
  return { lines, met };
}

function studySummary(record: RecipeStudyRecord): string {
  const lines = [
    '',
    `Recipe study: ${record.tuningDatasets.length} tuning + ${record.reportDatasets.length} report datasets, ${record.targets.length} target(s), ${record.seconds.toFixed(0)} s wall time (${record.workers} worker thread${record.workers === 1 ? '' : 's'}).`,
  ];
  for (const entry of record.targets) {
    const { met } = verdict(entry, entry.reportDatasets ?? record.reportDatasets, record.positiveShares);
    const recipeMean = mean(entry.report.recipe.map((r) => r.metrics.f1));
    lines.push(
      `${entry.target.id}: ${describeCandidate(entry.search.chosen)}; report-half mean F1 ${score(recipeMean)}; targets ${met ? 'met' : 'missed'}`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

/** How a target's baselines get their learning rate, in words. */
function baselineRates(target: StudyTarget, note: string | undefined): string {
  const describe = (setting: StudyTarget['baselineLearningRate'] | StudyTarget['currentDefault']['learningRate']): string =>
    'searched' in setting
      ? `the rate stage 1 of the search found best for its L on the tuning half`
      : 'tune' in setting
        ? `chosen per fold from {${setting.tune.join(', ')}} by inner stratified ${target.innerFolds ?? 3}-fold CV on the training fold (\`--tune-learning-rate\`, criterion F1)`
        : 'from' in setting
          ? `the rates ${setting.from} chose for the same baseline, dataset and fold (${setting.fixed} where ${setting.from} is not part of the run)`
          : `fixed at ${setting.fixed}`;
  const baselines = note ?? describe(target.baselineLearningRate);
  const current = describe(target.currentDefault.learningRate);
  const names = target.engine === 'brain' ? "brain's own net.train" : 'baselines';
  return baselines === current ? `${names} and shipped AnyLoss: ${baselines}` : `${names}: ${baselines}; shipped AnyLoss: ${current}`;
}

/** Seconds as `42 s` below two minutes, else `17 min`. */
export function wallTime(seconds: number): string {
  return seconds < 120 ? `${seconds.toFixed(0)} s` : `${Math.round(seconds / 60)} min`;
}

function signed(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(4)}` : 'n/a';
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** The study's report: split, search, chosen recipes, per-dataset tables, head-to-heads, verdicts, charts. */
/**
 * The evidence table (mean test F1 on the report half, one column per target, one row per method) and the verdicts,
 * in a region the docs' "Which loss should I use?" page includes (`<!--@include: …/recipe/index.md#evidence-->`).
 */
function evidenceSection(record: RecipeStudyRecord): string[] {
  const rows = new Map<string, (string | undefined)[]>();
  const cell = (label: string, column: number, value: string): void => {
    const row = rows.get(label) ?? record.targets.map(() => undefined);
    row[column] = value;
    rows.set(label, row);
  };
  const verdicts: string[] = [];
  record.targets.forEach((entry, column) => {
    const datasets = entry.reportDatasets ?? record.reportDatasets;
    cell('**AnyLoss-F1, the recipe**', column, `**${score(mean(entry.report.recipe.map((r) => r.metrics.f1)))}**`);
    for (const m of methodsOf(entry)) {
      const label =
        m.loss === 'current'
          ? 'AnyLoss-F1 as shipped before the study'
          : m.loss === 'recipe-tuned'
            ? 'AnyLoss-F1, the recipe with its rate tuned per fold (reference)'
            : m.label;
      cell(label, column, score(mean(m.results.map((r) => r.metrics.f1))));
    }
    verdicts.push(verdict(entry, datasets, record.positiveShares).met ? 'all met' : 'not all met');
  });
  const header = record.targets.map((e) => {
    const count = (e.reportDatasets ?? record.reportDatasets).length;
    return `${e.target.id} (${count} set${count === 1 ? '' : 's'})`;
  });
  return [
    '## Evidence: mean test F1 on the report half',
    '',
    '<!-- #region evidence -->',
    `| method | ${header.join(' | ')} |`,
    `| --- | ${header.map(() => '---:').join(' | ')} |`,
    `| chosen recipe | ${record.targets.map((e) => describeCandidate(e.search.chosen)).join(' | ')} |`,
    ...[...rows].map(([label, values]) => `| ${label} | ${values.map((v) => v ?? '—').join(' | ')} |`),
    `| the study's targets (see each engine's verdict) | ${verdicts.join(' | ')} |`,
    '<!-- #endregion evidence -->',
    '',
    "Rows name each engine's own baselines (brain.js trains squared error only: its baseline is brain's own `net.train`). \"AnyLoss-F1 as shipped before the study\" is the default each package had when the study ran (see each engine's section for its L and learning rate).",
    '',
  ];
}

/**
 * For a target that searched on a subset (`maxRows`): its stage-1 criterion per L (at the best rate) beside that of
 * every other target with the same model, recomputed on the same tuning datasets from their per-dataset scores — so
 * that a different choice can be told apart from a different set of datasets.
 */
export function sameDatasetsSection(record: RecipeStudyRecord, entry: RecipeStudyRecord['targets'][number]): string[] {
  const datasets = entry.tuningDatasets;
  if (datasets === undefined) return [];
  const others = record.targets.filter(
    (other) => other !== entry && other.target.model === entry.target.model && other.tuningDatasets === undefined,
  );
  if (others.length === 0) return [];
  const bestPerL = (search: SearchOutcome, amplification: number | 'none'): number => {
    const scores = search.lines
      .filter((line) => line.stage === 1 && line.candidate.recipe.amplification === amplification)
      .map((line) => mean(datasets.map((name) => line.perDataset[name] ?? Number.NaN)));
    return scores.length === 0 ? Number.NaN : Math.max(...scores);
  };
  const columns = [entry, ...others];
  // criteria[column][row]: one value per L, computed once; bold marks each column's best. An L a target did not
  // search is NaN ("n/a") and must not hide the best of the others (Math.max with a NaN is NaN).
  const criteria = columns.map((column) => entry.target.amplifications.map((amplification) => bestPerL(column.search, amplification)));
  const tops = criteria.map((values) => Math.max(...values.filter((value) => !Number.isNaN(value))));
  const rows = entry.target.amplifications.map((amplification, row) => {
    const cells = criteria.map((values, i) => {
      const value = values[row] as number;
      return value === tops[i] ? `**${score(value)}**` : score(value);
    });
    return `| ${amplification} | ${cells.join(' | ')} |`;
  });
  return [
    `### The same ${datasets.length} tuning datasets, every engine with this model`,
    '',
    `Stage-1 criterion per L at its best learning rate, on exactly the tuning datasets of ${entry.target.id} (recomputed from each target's per-dataset scores; bold: the best L of each column). A different L chosen on the same datasets is a difference between the engines; the same L on the same datasets means the choice follows the datasets.`,
    '',
    `| L | ${columns.map((column) => column.target.id).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...rows,
  ];
}

export function recipeReport(record: RecipeStudyRecord, command: string): ReportFiles {
  const files: ReportFiles = new Map();
  const shares = record.positiveShares;
  const share = (name: string): string => `${((shares[name] ?? Number.NaN) * 100).toFixed(1)}%`;
  const lines: string[] = [
    '# One AnyLoss recipe, chosen without peeking',
    '',
    `Regenerate with \`${command}\` (seed ${record.seed}; wall time ${wallTime(record.seconds)} on 2 cores with ${record.workers} worker thread${record.workers === 1 ? '' : 's'} for the run that wrote results.json — an interrupted run resumes from \`checkpoint.jsonl\`, and time spent before the last resume is not counted; only timings vary between runs). Raw numbers: [results.json](results.json).`,
    '',
    'The question: which training recipe should AnyLoss ship as its default, and does it beat the baselines a practitioner would use — judged on datasets the choice never saw.',
    '',
    '## Protocol',
    '',
    `- **Split** (once, by a committed rule): ${record.split.rule}. Tuning half (${record.split.tuning.length}): ${record.split.tuning.map((n) => `\`${n}\``).join(', ')}. Report half (${record.split.report.length}): ${record.split.report.map((n) => `\`${n}\``).join(', ')}.` +
      (record.tuningDatasets.length < record.split.tuning.length || record.reportDatasets.length < record.split.report.length
        ? ` **This run used a subset**: tuning ${record.tuningDatasets.map((n) => `\`${n}\``).join(', ')}; report ${record.reportDatasets.map((n) => `\`${n}\``).join(', ')}.`
        : ''),
    `- **Search, on the tuning half only**, for each engine: stage 1 tries every amplification L (\`none\` = soft cells from p, no amplification) × learning rate; stage 2 tries each lever in turn on top of the best so far — gradient normalisation (divide each batch's ∂loss/∂z by n·max|∂loss/∂z|; the learning rate is searched again; for brain.js, whose search starts from the normalised gradient, its default when the study ran, the lever switches it off), output bias initialised to the class prior's logit, the hybrid AnyLoss + λ·BCE, and an L schedule (L grows geometrically from ${STUDY_TARGETS[0]?.amplificationStart ?? 1} to the target over the first half of training) — and keeps a lever only if it raises the criterion by more than ${LEVER_GAIN}. **Criterion**: the mean over the tuning datasets of the mean test F1 over ${record.searchFolds} stratified folds (features standardised on each training fold); ties keep the first candidate.`,
    `- **Comparison, on the report half only**: the chosen recipe once, at the learning rate the search chose (as a user runs it: one rate, not tuned per fold — where the baselines' rates are tuned per fold, that is an advantage of theirs${record.targets.some((entry) => entry.report.recipeTuned !== undefined) ? ', and the recipe is shown tuned the same way too, as a reference row the verdict does not use' : ''}), the baselines and AnyLoss-F1 as shipped today; ${record.reportFolds} stratified folds, the same folds and seeds for every method. Learning rates of the baselines and of the shipped AnyLoss:`,
    ...record.targets.map((e) => `  - ${e.target.id} — ${baselineRates(e.target, e.report.learningRateNote)}.`),
    `- **Paired tests**: for each dataset, the two methods' mean test F1 over the same ${record.reportFolds} folds is one pair; the two-sided sign-flip permutation test over the datasets' differences (exact for ≤ 20 datasets, otherwise ${PERMUTATION_DRAWS.toLocaleString('en-GB')} seeded random sign patterns). Wins/ties/losses use a tie band of ±${TIE_TOLERANCE}.`,
    '',
    '## Chosen recipes',
    '',
    '| engine | model | epochs | chosen recipe | criterion (tuning half) | report-half mean F1 |',
    '| --- | --- | ---: | --- | ---: | ---: |',
  ];
  for (const entry of record.targets) {
    lines.push(
      `| ${entry.target.engine} | ${entry.target.model} | ${entry.epochs} | ${describeCandidate(entry.search.chosen)} | ${score(entry.search.criterion)} | ${score(mean(entry.report.recipe.map((r) => r.metrics.f1)))} |`,
    );
  }
  lines.push('', ...evidenceSection(record));
  const allMethods = new Set<string>();
  for (const entry of record.targets) {
    const methods = methodsOf(entry);
    for (const m of methods) allMethods.add(m.label);
    const reportDatasets = entry.reportDatasets ?? record.reportDatasets;
    lines.push(`## ${entry.target.id}`, '');
    if (entry.reportDatasets !== undefined || entry.tuningDatasets !== undefined) {
      lines.push(
        `**A subset, for cost**: datasets with more than ${entry.target.maxRows ?? 'n/a'} rows are left out of both halves for this target — tuning ${(entry.tuningDatasets ?? record.tuningDatasets).length} of ${record.tuningDatasets.length}, report ${reportDatasets.length} of ${record.reportDatasets.length} datasets.`,
        '',
      );
    }
    lines.push(
      `Wall time ${wallTime(entry.seconds)}${entry.searchSeconds !== undefined ? ` (search ${wallTime(entry.searchSeconds)}, comparison ${wallTime(entry.reportSeconds ?? Number.NaN)})` : ''}.`,
      '',
    );
    // Stage 1 grid.
    const amplifications = entry.target.amplifications;
    const rates = entry.target.learningRates;
    const stage1 = entry.search.lines.filter((l) => l.stage === 1);
    lines.push('### Search, stage 1: criterion by L and learning rate', '');
    lines.push(`| L \\ learning rate | ${rates.join(' | ')} |`, `| --- | ${rates.map(() => '---:').join(' | ')} |`);
    for (const amplification of amplifications) {
      const cells = rates.map((rate) => {
        const line = stage1.find((l) => l.candidate.recipe.amplification === amplification && l.candidate.learningRate === rate);
        return line === undefined ? 'n/a' : score(line.criterion);
      });
      lines.push(`| ${amplification === 'none' ? 'none' : amplification} | ${cells.join(' | ')} |`);
    }
    lines.push('', ...sameDatasetsSection(record, entry));
    lines.push('', '### Search, stage 2: levers', '');
    if (entry.target.levers.length === 0) lines.push('No levers were tried for this target (its cost; see the protocol).', '');
    else if (entry.search.decisions.length === 0) lines.push('No lever applied to the stage-1 winner.', '');
    else {
      lines.push('| lever | best candidate | criterion | before | kept |', '| --- | --- | ---: | ---: | --- |');
      for (const d of entry.search.decisions)
        lines.push(`| ${d.lever} | ${describeCandidate(d.best)} | ${score(d.criterion)} | ${score(d.before)} | ${d.kept ? 'yes' : 'no'} |`);
      lines.push('');
    }
    // Per-dataset table.
    lines.push('### Report half: test F1 per dataset', '');
    lines.push(
      `| dataset | positives | recipe | ${methods.map((m) => m.label).join(' | ')} |`,
      `| --- | ---: | ---: | ${methods.map(() => '---:').join(' | ')} |`,
    );
    for (const name of reportDatasets) {
      const own = entry.report.recipe.find((r) => r.dataset === name)?.metrics.f1 ?? Number.NaN;
      const others = methods.map((m) => m.results.find((r) => r.dataset === name)?.metrics.f1 ?? Number.NaN);
      const best = Math.max(own, ...others);
      const cell = (v: number): string => (v === best ? `**${score(v)}**` : score(v));
      lines.push(`| ${name} | ${share(name)} | ${cell(own)} | ${others.map(cell).join(' | ')} |`);
    }
    const imbalanced = reportDatasets.filter((name) => (shares[name] ?? 1) < IMBALANCED_BELOW);
    const meanRow = (label: string, sets: readonly string[]): void => {
      const own = mean(sets.map((name) => entry.report.recipe.find((r) => r.dataset === name)?.metrics.f1 ?? Number.NaN));
      const others = methods.map((m) => mean(sets.map((name) => m.results.find((r) => r.dataset === name)?.metrics.f1 ?? Number.NaN)));
      lines.push(`| ${label} | | ${score(own)} | ${others.map(score).join(' | ')} |`);
    };
    meanRow(`**mean, all ${reportDatasets.length}**`, reportDatasets);
    if (imbalanced.length > 0 && imbalanced.length < reportDatasets.length)
      meanRow(`**mean, ${imbalanced.length} with < ${IMBALANCED_BELOW * 100}% positives**`, imbalanced);
    lines.push('');
    lines.push('### Report half: the recipe against each method', '');
    lines.push(
      '| method | datasets | wins | ties | losses | recipe mean F1 | method mean F1 | difference | p (paired over datasets) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const m of methods) {
      for (const [suffix, sets] of [
        ['', reportDatasets],
        [` (< ${IMBALANCED_BELOW * 100}% positives)`, imbalanced],
      ] as const) {
        if (suffix !== '' && (imbalanced.length === 0 || imbalanced.length === reportDatasets.length)) continue;
        const h = headToHead(m.loss, entry.report.recipe, m.results, sets);
        lines.push(
          `| ${m.label}${suffix} | ${h.datasets} | ${h.wins} | ${h.ties} | ${h.losses} | ${score(h.recipeMean)} | ${score(h.methodMean)} | ${signed(h.recipeMean - h.methodMean)} | ${formatP(h.p)} |`,
        );
      }
    }
    lines.push('');
    const v = verdict(entry, reportDatasets, shares);
    lines.push(
      '### Verdict against the targets',
      '',
      ...v.lines,
      '',
      v.met ? `**All targets met for ${entry.target.id}.**` : `**Not every target is met for ${entry.target.id}** (see above).`,
      '',
    );
    // Scatter: recipe vs the strongest baseline per dataset.
    const strongest = methods
      .filter((m) => m.loss !== 'current' && m.loss !== 'recipe-tuned')
      .reduce((a, b) => (mean(b.results.map((r) => r.metrics.f1)) > mean(a.results.map((r) => r.metrics.f1)) ? b : a));
    const points = reportDatasets
      .map((name) => ({
        name,
        x: strongest.results.find((r) => r.dataset === name)?.metrics.f1,
        y: entry.report.recipe.find((r) => r.dataset === name)?.metrics.f1,
      }))
      .filter((p): p is { name: string; x: number; y: number } => p.x !== undefined && p.y !== undefined)
      .map((p) => ({
        x: p.x,
        y: p.y,
        label: `${p.name} (${share(p.name)} positive): ${strongest.label} ${score(p.x)}, recipe ${score(p.y)}`,
      }));
    files.set(
      `${entry.target.id}-scatter.svg`,
      scatterChart(points, {
        title: `${entry.target.id}: test F1 per report dataset`,
        xLabel: strongest.label,
        yLabel: 'AnyLoss recipe',
        xDomain: [0, 1],
        yDomain: [0, 1],
        diagonal: true,
      }),
    );
    lines.push(`![${entry.target.id}: recipe against ${strongest.label} per dataset](${entry.target.id}-scatter.svg)`, '');
  }
  // Mean F1 per method and target.
  const methodNames = ['recipe', ...allMethods];
  files.set(
    'mean-f1.svg',
    groupedBarChart(
      methodNames.map((label) => ({
        label:
          label === RECIPE_TUNED_LABEL
            ? 'recipe, tuned lr'
            : label
                .replace('AnyLoss-F1, ', 'AL-F1 ')
                .replace(/ \(.*\)$/, '')
                .replace("brain's net.train", 'net.train'),
        values: record.targets.map((entry) => {
          if (label === 'recipe') return mean(entry.report.recipe.map((r) => r.metrics.f1));
          const m = methodsOf(entry).find((x) => x.label === label);
          return m === undefined ? Number.NaN : mean(m.results.map((r) => r.metrics.f1));
        }),
      })),
      {
        title: 'Mean test F1 on the report half',
        xLabel: 'method',
        yLabel: 'F1',
        series: record.targets.map((e) => e.target.id),
        domain: [0, 1],
        digits: 4,
      },
    ),
  );
  lines.push('## Summary chart', '', '![Mean test F1 on the report half per method and engine](mean-f1.svg)', '');
  files.set('index.md', lines.join('\n'));
  return files;
}

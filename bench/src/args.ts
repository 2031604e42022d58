import { AnyLossError, metrics, type MetricName } from '@anyloss/core';
import type { Average, MulticlassAmplifier } from '@anyloss/core/multiclass';
import { ENGINE_NAMES, MODEL_NAMES, type EngineName, type ModelName } from './engines.js';
import { isLossName, lossNames, type LossName } from './losses.js';

/** Subcommands: `run` (the default, no word needed), `demo`, `reproduce`, `multiclass-study` and `recipe-study`. */
export type Command = 'run' | 'demo' | 'reproduce' | 'multiclass-study' | 'recipe-study';

/** `--task`: which kind of target to run; undefined = auto (detected from the data; the whole corpus = binary). */
export type TaskOption = 'binary' | 'multiclass' | 'all';

/** `--average` values. */
export const AVERAGES: readonly Average[] = ['macro', 'weighted', 'micro'];

/** `--amplifier` values. */
export const AMPLIFIERS: readonly MulticlassAmplifier[] = ['softmax', 'one-vs-rest'];

/** Parsed command line. Fields left undefined take the command's defaults. */
export interface CliOptions {
  /** The subcommand. */
  readonly command: Command;
  /** `--help`. */
  readonly help: boolean;
  /** `--datasets`: `'all'` or names. */
  readonly datasets?: 'all' | readonly string[];
  /** `--data`: a CSV path. */
  readonly data?: string;
  /** `--target`: the CSV's target column. */
  readonly target?: string;
  /** `--one-hot`: one-hot encode non-numeric CSV columns. */
  readonly oneHot: boolean;
  /** `--task`; undefined = auto. */
  readonly task?: TaskOption;
  /** `--average`: multi-class AnyLoss averaging. */
  readonly average?: Average;
  /** `--amplifier`: multi-class AnyLoss amplifier. */
  readonly amplifier?: MulticlassAmplifier;
  /** `--losses`. */
  readonly losses?: readonly LossName[];
  /** `--model`. */
  readonly model?: ModelName;
  /** `--engine`. */
  readonly engine?: EngineName;
  /** `--folds`. */
  readonly folds?: number;
  /** `--seed`. */
  readonly seed?: number;
  /** `--epochs`. */
  readonly epochs?: number;
  /** `--batch-size`: rows (integer ≥ 1), a share of the fold (0 < x < 1), or Infinity for `full`. */
  readonly batchSize?: number;
  /** `--amplification`: L, or `'none'` (binary AnyLoss without amplification: soft cells from p). */
  readonly amplification?: number | 'none';
  /** `--threshold-metric`: the target metric of `bce-thr` and of `--tune-learning-rate`. */
  readonly thresholdMetric?: MetricName;
  /** `--tune-learning-rate`: choose each loss's learning rate per fold by inner cross-validation. */
  readonly tuneLearningRate: boolean;
  /** `--inner-folds`: folds of that inner cross-validation. */
  readonly innerFolds?: number;
  /** `--workers`: worker threads. */
  readonly workers?: number;
  /** `--normalize-gradient on|off`: per-batch gradient normalisation of AnyLoss losses. */
  readonly normalizeGradient?: boolean;
  /** `--bce-weight`: λ of the hybrid AnyLoss + λ·BCE. */
  readonly bceWeight?: number;
  /** `--prior-bias`: output bias initialised to the class prior's logit. */
  readonly priorBias: boolean;
  /** `--amplification-start`: L at the start of the amplification schedule. */
  readonly amplificationStart?: number;
  /** `--learning-rate`. */
  readonly learningRate?: number;
  /** `--json`: results file. */
  readonly json?: string;
  /** `--report`: report directory (for `reproduce`, where the committed report goes). */
  readonly report?: string;
  /** `--quiet`: no progress bar. */
  readonly quiet: boolean;
  /** `--reuse-results` (reproduce, multiclass-study): rebuild the report from the results JSON already in the report directory. */
  readonly reuseResults: boolean;
}

const VALUE_FLAGS = [
  'datasets',
  'data',
  'target',
  'task',
  'average',
  'amplifier',
  'losses',
  'model',
  'engine',
  'folds',
  'seed',
  'epochs',
  'batch-size',
  'amplification',
  'learning-rate',
  'json',
  'report',
  'threshold-metric',
  'inner-folds',
  'workers',
  'normalize-gradient',
  'bce-weight',
  'amplification-start',
] as const;
const BOOLEAN_FLAGS = ['help', 'one-hot', 'quiet', 'reuse-results', 'tune-learning-rate', 'prior-bias'] as const;

function bad(flag: string, message: string, value: unknown): never {
  throw new AnyLossError('INVALID_OPTION', `--${flag} ${message}`, { argument: `--${flag}`, value });
}

function integer(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < minimum) {
    bad(flag, `must be an integer ≥ ${minimum}, got ${JSON.stringify(text)}.`, text);
  }
  return value;
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) bad(flag, `must be a number > 0, got ${JSON.stringify(text)}.`, text);
  return value;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Parses `anyloss-bench [demo|reproduce] [options]`. A leading `--` (as `pnpm bench -- ...` passes it) is
 * ignored; `--flag value` and `--flag=value` both work.
 *
 * @throws {@link AnyLossError} `UNKNOWN_OPTION` for an unknown flag, `INVALID_OPTION` for a bad value or a
 *   missing one (the CLI prints the message and exits with code 2).
 */
export function parseArgs(argv: readonly string[]): CliOptions {
  const args = [...argv];
  while (args[0] === '--') args.shift();
  let command: Command = 'run';
  if (args[0] === 'demo' || args[0] === 'reproduce' || args[0] === 'run' || args[0] === 'multiclass-study' || args[0] === 'recipe-study') command = args.shift() as Command;
  const raw = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') continue;
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      throw new AnyLossError(
        'INVALID_OPTION',
        `unexpected argument ${JSON.stringify(arg)}; commands are "demo", "reproduce", "multiclass-study" and "recipe-study" and must come first, options start with --.`,
        { argument: 'argv', index: i, value: arg },
      );
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (equals >= 0) bad(name, 'takes no value.', arg);
      flags.add(name);
    } else if ((VALUE_FLAGS as readonly string[]).includes(name)) {
      let value: string | undefined;
      if (equals >= 0) value = arg.slice(equals + 1);
      else {
        value = args[i + 1];
        if (value === undefined || value.startsWith('--')) bad(name, 'needs a value.', undefined);
        i++;
      }
      if (raw.has(name)) bad(name, 'is given twice.', value);
      raw.set(name, value);
    } else {
      throw new AnyLossError(
        'UNKNOWN_OPTION',
        `unknown option --${name}; known options are ${[...VALUE_FLAGS, ...BOOLEAN_FLAGS].map((f) => `--${f}`).join(', ')} (see --help).`,
        { argument: `--${name}`, value: arg },
      );
    }
  }

  const options: { -readonly [K in keyof CliOptions]: CliOptions[K] } = {
    command,
    help: flags.has('help'),
    oneHot: flags.has('one-hot'),
    quiet: flags.has('quiet'),
    reuseResults: flags.has('reuse-results'),
    tuneLearningRate: flags.has('tune-learning-rate'),
    priorBias: flags.has('prior-bias'),
  };
  if (options.reuseResults && command !== 'reproduce' && command !== 'multiclass-study' && command !== 'recipe-study') bad('reuse-results', 'only applies to reproduce, multiclass-study and recipe-study.', true);
  const get = (name: (typeof VALUE_FLAGS)[number]): string | undefined => raw.get(name);

  const datasets = get('datasets');
  if (datasets !== undefined) {
    const names = list(datasets);
    if (names.length === 0) bad('datasets', 'must be "all" or a comma-separated list of dataset names.', datasets);
    options.datasets = names.length === 1 && names[0] === 'all' ? 'all' : names;
  }
  const data = get('data');
  if (data !== undefined) options.data = data;
  const target = get('target');
  if (target !== undefined) options.target = target;
  if (options.data !== undefined && options.target === undefined) bad('target', 'is required with --data (the name of the label column).', undefined);
  if (options.target !== undefined && options.data === undefined) bad('data', 'is required with --target.', undefined);
  if (options.data !== undefined && options.datasets !== undefined) bad('data', 'and --datasets cannot be combined.', options.data);
  if (options.oneHot && options.data === undefined) bad('one-hot', 'only applies to --data.', true);

  const task = get('task');
  if (task !== undefined) {
    if (!['binary', 'multiclass', 'all', 'auto'].includes(task)) bad('task', `must be one of binary, multiclass, all, auto, got ${JSON.stringify(task)}.`, task);
    if (task !== 'auto') options.task = task as TaskOption;
  }
  if (options.task === 'all' && options.data !== undefined) bad('task', 'all applies to the corpus; a CSV target is binary or multiclass.', task);
  const average = get('average');
  if (average !== undefined) {
    if (!(AVERAGES as readonly string[]).includes(average)) bad('average', `must be one of ${AVERAGES.join(', ')}, got ${JSON.stringify(average)}.`, average);
    options.average = average as Average;
  }
  const amplifier = get('amplifier');
  if (amplifier !== undefined) {
    if (!(AMPLIFIERS as readonly string[]).includes(amplifier)) bad('amplifier', `must be one of ${AMPLIFIERS.join(', ')}, got ${JSON.stringify(amplifier)}.`, amplifier);
    options.amplifier = amplifier as MulticlassAmplifier;
  }
  if (options.task === 'binary' && (options.average !== undefined || options.amplifier !== undefined)) {
    bad(options.average !== undefined ? 'average' : 'amplifier', 'applies to multi-class targets only, but --task is binary.', options.average ?? options.amplifier);
  }

  const losses = get('losses');
  if (losses !== undefined) {
    const names = list(losses);
    if (names.length === 0) bad('losses', 'must list at least one loss.', losses);
    for (const name of names) {
      if (!isLossName(name)) bad('losses', `has an unknown loss ${JSON.stringify(name)}; known losses are ${lossNames().join(', ')}.`, name);
    }
    if (new Set(names).size !== names.length) bad('losses', 'lists a loss twice.', losses);
    options.losses = names as LossName[];
  }
  const model = get('model');
  if (model !== undefined) {
    if (!(MODEL_NAMES as readonly string[]).includes(model)) bad('model', `must be one of ${MODEL_NAMES.join(', ')}, got ${JSON.stringify(model)}.`, model);
    options.model = model as ModelName;
  }
  const engine = get('engine');
  if (engine !== undefined) {
    if (!(ENGINE_NAMES as readonly string[]).includes(engine)) bad('engine', `must be one of ${ENGINE_NAMES.join(', ')}, got ${JSON.stringify(engine)}.`, engine);
    options.engine = engine as EngineName;
  }
  const folds = get('folds');
  if (folds !== undefined) options.folds = integer('folds', folds, 2);
  const seed = get('seed');
  if (seed !== undefined) options.seed = integer('seed', seed, 0);
  const epochs = get('epochs');
  if (epochs !== undefined) options.epochs = integer('epochs', epochs, 1);
  const batchSize = get('batch-size');
  if (batchSize !== undefined) {
    if (batchSize === 'full') options.batchSize = Infinity;
    else {
      const value = positive('batch-size', batchSize);
      if (value >= 1 && !Number.isInteger(value)) bad('batch-size', `must be "full", an integer number of rows ≥ 1, or a share of the fold in (0, 1), got ${JSON.stringify(batchSize)}.`, batchSize);
      options.batchSize = value;
    }
  }
  const amplification = get('amplification');
  if (amplification !== undefined) options.amplification = amplification.trim() === 'none' ? 'none' : positive('amplification', amplification);
  const thresholdMetric = get('threshold-metric');
  if (thresholdMetric !== undefined) {
    if (!Object.hasOwn(metrics, thresholdMetric)) bad('threshold-metric', `must be a core metric name (${Object.keys(metrics).join(', ')}), got ${JSON.stringify(thresholdMetric)}.`, thresholdMetric);
    options.thresholdMetric = thresholdMetric as MetricName;
  }
  const innerFolds = get('inner-folds');
  if (innerFolds !== undefined) options.innerFolds = integer('inner-folds', innerFolds, 2);
  if (options.innerFolds !== undefined && !options.tuneLearningRate) bad('inner-folds', 'only applies with --tune-learning-rate.', options.innerFolds);
  const workers = get('workers');
  if (workers !== undefined) options.workers = integer('workers', workers, 1);
  const normalizeGradient = get('normalize-gradient');
  if (normalizeGradient !== undefined) {
    if (normalizeGradient !== 'on' && normalizeGradient !== 'off') bad('normalize-gradient', `must be on or off, got ${JSON.stringify(normalizeGradient)}.`, normalizeGradient);
    options.normalizeGradient = normalizeGradient === 'on';
  }
  const bceWeight = get('bce-weight');
  if (bceWeight !== undefined) {
    const value = Number(bceWeight);
    if (bceWeight.trim() === '' || !Number.isFinite(value) || value < 0) bad('bce-weight', `must be a number ≥ 0, got ${JSON.stringify(bceWeight)}.`, bceWeight);
    options.bceWeight = value;
  }
  const amplificationStart = get('amplification-start');
  if (amplificationStart !== undefined) {
    options.amplificationStart = positive('amplification-start', amplificationStart);
    if (options.amplification === 'none') bad('amplification-start', 'needs a numeric --amplification to ramp to, not none.', amplificationStart);
  }
  const learningRate = get('learning-rate');
  if (learningRate !== undefined) options.learningRate = positive('learning-rate', learningRate);
  const json = get('json');
  if (json !== undefined) options.json = json;
  const report = get('report');
  if (report !== undefined) options.report = report;
  return options;
}

/** The `--help` text. */
export const HELP = `anyloss-bench — AnyLoss against the usual losses on real imbalanced data

Usage:
  anyloss-bench [options]             run the benchmark (default: every binary dataset)
  anyloss-bench demo [options]        quick version: 6 imbalanced sets, BCE vs AnyLoss-F1 vs AnyLoss-BAcc, 5 folds
  anyloss-bench reproduce [options]   the paper's experiments on the whole corpus (logistic + MLP, 10 folds);
                                      writes docs/reproduction/ (or --report <dir>)
  anyloss-bench multiclass-study      the multi-class amplifier study (CCE vs macro-F1 AnyLoss, one-vs-rest and
                                      softmax amplifiers at several L; logistic + MLP, 5 folds);
                                      writes docs/reproduction/multiclass/ (or --report <dir>)
  anyloss-bench recipe-study          chooses the AnyLoss recipe per engine on the tuning half of the corpus and
                                      compares it with the baselines on the report half; writes
                                      docs/reproduction/recipe/ (or --report <dir>); --engine, --model, --datasets
                                      restrict it (smoke runs), --folds = report-half folds (default 5), --epochs
                                      overrides every engine's; resumes from <report>/checkpoint.jsonl
From the repo root: pnpm demo · pnpm bench -- [options] · pnpm bench -- reproduce

Data:
  --datasets all|name,...   datasets of @anyloss/datasets, binary or multi-class (default: all binary ones,
                            minus the duplicate weka-diabetes; --task multiclass|all: the multi-class ones too)
  --data <file.csv>         your own CSV instead (header row, numeric features; rows with a missing value
  --target <column>           — empty, ?, NA, NaN, null — are reported and dropped; target: 2 values = binary,
                              1 = minority; 3 or more values = multi-class, classes = sorted values)
  --one-hot                 one-hot encode non-numeric CSV columns (otherwise they are an error)
  --task binary|multiclass|all|auto   which targets to run (default auto: detected from the data; the whole
                            corpus = binary)
Training:
  --losses a,b,...          bce, wbce (class-weighted BCE), mse, bce-thr (BCE + the threshold maximising the
                            target metric, chosen on a 75/25 inner split), focal (γ 2, α = negative share),
                            soft-f1 (soft F1 without amplification), or any core metric name = that AnyLoss:
                            accuracy, f1, balancedAccuracy, geometricMean, mcc, ... (default bce,f1,balancedAccuracy);
                            multi-class: cce (categorical cross-entropy) or a metric name = macro AnyLoss
                            (default cce,f1,balancedAccuracy); in mixed runs bce/wbce/mse apply to binary sets only
  --average macro|weighted|micro      multi-class AnyLoss averaging (default macro)
  --amplifier softmax|one-vs-rest     multi-class AnyLoss amplifier (default softmax)
  --model logistic|mlp      single logistic unit (default) or Dense 2 → BatchNorm → sigmoid → Dense 1;
                            multi-class: softmax regression, or Dense K → BatchNorm → sigmoid → Dense K → softmax
  --engine core|tfjs|brain  training engine (default core: plain TypeScript, gradients from @anyloss/core)
  --folds <k>               stratified folds (default 10; demo 5)
  --seed <n>                seed for folds, initialisation and shuffling (default 42)
  --epochs <n>              default 1000 full-batch steps (logistic), 100 epochs (mlp)
  --batch-size <n|x|full>   rows per step, a share of the fold in (0,1), or full (default: the paper's)
  --learning-rate <x>       default 0.3 (logistic, gradient descent), 0.01 (mlp, Adam);
                            multi-class: 1 (softmax regression), 0.03 (mlp) — chosen by multiclass-study
  --amplification <L|none>  AnyLoss amplification (default 73; multi-class softmax amplifier: 3); none = soft
                            cells from p (binary only)
  --threshold-metric <m>    target metric of bce-thr's threshold and of --tune-learning-rate (default f1)
  --tune-learning-rate      choose each loss's learning rate per fold by inner stratified CV on the training fold
                            (grids: logistic 0.1,0.3,1,3; mlp 0.003,0.01,0.03,0.1; brain 0.1,0.3,1)
  --inner-folds <k>         folds of that inner CV (default 3)
  --workers <n>             worker threads running (dataset, fold) units (default: the machine's cores);
                            results are identical for every n
Recipe levers of the binary AnyLoss losses (baselines ignore them):
  --normalize-gradient on|off   divide each batch's ∂loss/∂z by n·max|∂loss/∂z| (brain: gradientScale normalize/sum)
  --bce-weight <λ>          hybrid loss AnyLoss + λ·BCE (core, tfjs)
  --prior-bias              start the output bias at the class prior's logit log(π/(1−π))
  --amplification-start <L0>    L ramps geometrically from L0 to --amplification over the first half of training
Output:
  --json <file>             write { results: [...] } (means over folds)
  --report <dir>            write a markdown report with SVG charts
  --quiet                   no progress bar on stderr
  --reuse-results           (reproduce, multiclass-study, recipe-study) rebuild the report from the results JSON
                            already there
  --help                    this text
`;

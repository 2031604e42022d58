import { AnyLossError, DEFAULT_AMPLIFICATION, metrics, type MetricName } from '@anyloss/core';
import { DEFAULT_SOFTMAX_AMPLIFICATION, type Average, type MulticlassAmplifier } from '@anyloss/core/multiclass';
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
  /** `--reuse-results` (reproduce, multiclass-study, recipe-study): rebuild the report from the results JSON already in the report directory. */
  readonly reuseResults: boolean;
  /**
   * `--reuse-part-one` (multiclass-study): take part 1 (the shared-rate amplifier comparison, deterministic) from the
   * results JSON already in the report directory and run part 2 only.
   */
  readonly reusePartOne: boolean;
  /** `--force`: write the report even where one exists already. */
  readonly force: boolean;
}

/** Parses the text of one flag's value (the flag's name without `--` is given for messages). */
type ValueParser = (text: string, flag: string) => unknown;

/** One option of the command line: its name without `--`, and how its value is read (none for a switch). */
interface FlagSpec {
  readonly flag: string;
  readonly parse?: ValueParser;
}

function bad(flag: string, message: string, value: unknown): never {
  throw new AnyLossError('INVALID_OPTION', `--${flag} ${message}`, { argument: `--${flag}`, value });
}

/** An integer ≥ `minimum`. */
const integer =
  (minimum: number): ValueParser =>
  (text, flag) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < minimum) {
      bad(flag, `must be an integer ≥ ${minimum}, got ${JSON.stringify(text)}.`, text);
    }
    return value;
  };

/** A finite number > 0. */
const positive: ValueParser = (text, flag) => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) bad(flag, `must be a number > 0, got ${JSON.stringify(text)}.`, text);
  return value;
};

/** One of `values`. */
const oneOf =
  (values: readonly string[]): ValueParser =>
  (text, flag) => {
    if (!values.includes(text)) bad(flag, `must be one of ${values.join(', ')}, got ${JSON.stringify(text)}.`, text);
    return text;
  };

/** The text as it is (a path or a column name). */
const verbatim: ValueParser = (text) => text;

function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const datasetList: ValueParser = (text, flag) => {
  const names = list(text);
  if (names.length === 0) bad(flag, 'must be "all" or a comma-separated list of dataset names.', text);
  return names.length === 1 && names[0] === 'all' ? 'all' : names;
};

const lossList: ValueParser = (text, flag) => {
  const names = list(text);
  if (names.length === 0) bad(flag, 'must list at least one loss.', text);
  for (const name of names) {
    if (!isLossName(name)) bad(flag, `has an unknown loss ${JSON.stringify(name)}; known losses are ${lossNames().join(', ')}.`, name);
  }
  if (new Set(names).size !== names.length) bad(flag, 'lists a loss twice.', text);
  return names;
};

const batchSize: ValueParser = (text, flag) => {
  if (text === 'full') return Infinity;
  const value = positive(text, flag) as number;
  if (value >= 1 && !Number.isInteger(value))
    bad(flag, `must be "full", an integer number of rows ≥ 1, or a share of the fold in (0, 1), got ${JSON.stringify(text)}.`, text);
  return value;
};

const metricName: ValueParser = (text, flag) => {
  if (!Object.hasOwn(metrics, text))
    bad(flag, `must be a core metric name (${Object.keys(metrics).join(', ')}), got ${JSON.stringify(text)}.`, text);
  return text;
};

const nonNegative: ValueParser = (text, flag) => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) bad(flag, `must be a number ≥ 0, got ${JSON.stringify(text)}.`, text);
  return value;
};

/**
 * Every option, in the order their values are checked. A flag's field in {@link CliOptions} is its name in
 * camelCase (`--batch-size` → `batchSize`); flags without `parse` are switches (true when given).
 */
export const FLAGS: readonly FlagSpec[] = [
  { flag: 'datasets', parse: datasetList },
  { flag: 'data', parse: verbatim },
  { flag: 'target', parse: verbatim },
  // `auto` is the default: it leaves the field undefined.
  { flag: 'task', parse: (text, flag) => (oneOf(['binary', 'multiclass', 'all', 'auto'])(text, flag) === 'auto' ? undefined : text) },
  { flag: 'average', parse: oneOf(AVERAGES) },
  { flag: 'amplifier', parse: oneOf(AMPLIFIERS) },
  { flag: 'losses', parse: lossList },
  { flag: 'model', parse: oneOf(MODEL_NAMES) },
  { flag: 'engine', parse: oneOf(ENGINE_NAMES) },
  { flag: 'folds', parse: integer(2) },
  { flag: 'seed', parse: integer(0) },
  { flag: 'epochs', parse: integer(1) },
  { flag: 'batch-size', parse: batchSize },
  { flag: 'amplification', parse: (text, flag) => (text.trim() === 'none' ? 'none' : positive(text, flag)) },
  { flag: 'threshold-metric', parse: metricName },
  { flag: 'inner-folds', parse: integer(2) },
  { flag: 'workers', parse: integer(1) },
  {
    flag: 'normalize-gradient',
    parse: (text, flag) =>
      text === 'on' || text === 'off' ? text === 'on' : bad(flag, `must be on or off, got ${JSON.stringify(text)}.`, text),
  },
  { flag: 'bce-weight', parse: nonNegative },
  { flag: 'amplification-start', parse: positive },
  { flag: 'learning-rate', parse: positive },
  { flag: 'json', parse: verbatim },
  { flag: 'report', parse: verbatim },
  { flag: 'help' },
  { flag: 'one-hot' },
  { flag: 'quiet' },
  { flag: 'reuse-results' },
  { flag: 'reuse-part-one' },
  { flag: 'tune-learning-rate' },
  { flag: 'prior-bias' },
  { flag: 'force' },
];

/** The {@link CliOptions} field of a flag: `batch-size` → `batchSize`. */
export function optionKey(flag: string): keyof CliOptions {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()) as keyof CliOptions;
}

/** A rule between options: returns the flag at fault and the message (after the flag), or undefined when it holds. */
type Rule = (options: CliOptions) => readonly [flag: string, message: string, value: unknown] | undefined;

/** Rules between options, checked in order after every value has been read. */
const RULES: readonly Rule[] = [
  (o) =>
    o.reuseResults && !COMMANDS[o.command].rebuildsFromResults
      ? ['reuse-results', 'only applies to reproduce, multiclass-study and recipe-study.', true]
      : undefined,
  (o) => (o.reusePartOne && o.command !== 'multiclass-study' ? ['reuse-part-one', 'only applies to multiclass-study.', true] : undefined),
  (o) =>
    o.reusePartOne && o.reuseResults
      ? ['reuse-part-one', 'and --reuse-results cannot be combined (--reuse-results trains nothing).', true]
      : undefined,
  (o) =>
    o.data !== undefined && o.target === undefined
      ? ['target', 'is required with --data (the name of the label column).', undefined]
      : undefined,
  (o) => (o.target !== undefined && o.data === undefined ? ['data', 'is required with --target.', undefined] : undefined),
  (o) => (o.data !== undefined && o.datasets !== undefined ? ['data', 'and --datasets cannot be combined.', o.data] : undefined),
  (o) => (o.oneHot && o.data === undefined ? ['one-hot', 'only applies to --data.', true] : undefined),
  (o) =>
    o.task === 'all' && o.data !== undefined
      ? ['task', 'all applies to the corpus; a CSV target is binary or multiclass.', 'all']
      : undefined,
  (o) =>
    o.task === 'binary' && (o.average !== undefined || o.amplifier !== undefined)
      ? [
          o.average !== undefined ? 'average' : 'amplifier',
          'applies to multi-class targets only, but --task is binary.',
          o.average ?? o.amplifier,
        ]
      : undefined,
  (o) =>
    o.innerFolds !== undefined && !o.tuneLearningRate
      ? ['inner-folds', 'only applies with --tune-learning-rate.', o.innerFolds]
      : undefined,
  (o) =>
    o.amplificationStart !== undefined && o.amplification === 'none'
      ? ['amplification-start', 'needs a numeric --amplification to ramp to, not none.', o.amplificationStart]
      : undefined,
  (o) =>
    o.force && o.report === undefined && COMMANDS[o.command].report === undefined
      ? ['force', 'only applies to a run that writes a report (--report <dir>); it allows overwriting an existing one.', true]
      : undefined,
];

/** What a subcommand is: the flags it does not take (and why), where its report goes, how it reuses earlier output. */
export interface CommandSpec {
  /** Groups of flags the command rejects, each with the reason shown in the message. */
  readonly rejects: readonly { readonly flags: readonly string[]; readonly why: string }[];
  /**
   * The report directory when `--report` is not given, relative to the repository root. Such a default directory is
   * the command's own output and is rewritten in place (the committed reports under docs/ are versioned; the demo's
   * is scratch); an explicit `--report` onto an existing report needs `--force`.
   */
  readonly report?: readonly string[];
  /** `--reuse-results` rebuilds the report from the results already in the report directory. */
  readonly rebuildsFromResults?: boolean;
  /** A file in the report directory that marks an interrupted run the command resumes: no `--force` needed. */
  readonly resumesFrom?: string;
}

/** Flags the plain run takes and the fixed-protocol studies do not. */
const PLAIN_RUN_ONLY = [
  'threshold-metric',
  'tune-learning-rate',
  'inner-folds',
  'normalize-gradient',
  'bce-weight',
  'prior-bias',
  'amplification-start',
  'amplification none',
];

const BINARY_ONLY = { flags: ['task', 'average', 'amplifier'], why: 'it runs the binary datasets' };

/** The subcommands. */
export const COMMANDS: Readonly<Record<Command, CommandSpec>> = {
  run: { rejects: [] },
  demo: { rejects: [BINARY_ONLY], report: ['reports', 'demo'] },
  reproduce: {
    rejects: [
      BINARY_ONLY,
      { flags: ['model', 'losses', 'data', 'json', ...PLAIN_RUN_ONLY], why: 'it runs both models with the losses of the paper' },
    ],
    report: ['docs', 'reproduction'],
    rebuildsFromResults: true,
  },
  'multiclass-study': {
    rejects: [
      { flags: ['task', 'average', 'amplifier'], why: 'the study fixes its losses and amplifiers' },
      {
        flags: ['model', 'losses', 'data', 'json', 'engine', 'learning-rate', 'amplification', 'batch-size', ...PLAIN_RUN_ONLY],
        why: 'it runs both models with CCE and macro-F1 AnyLoss at fixed amplifiers, learning rates chosen on a held-out split',
      },
    ],
    report: ['docs', 'reproduction', 'multiclass'],
    rebuildsFromResults: true,
  },
  'recipe-study': {
    rejects: [
      BINARY_ONLY,
      {
        flags: ['losses', 'data', 'json', 'learning-rate', 'amplification', 'batch-size', ...PLAIN_RUN_ONLY],
        why: "it searches the recipe itself and tunes the baselines' learning rates",
      },
    ],
    report: ['docs', 'reproduction', 'recipe'],
    rebuildsFromResults: true,
    resumesFrom: 'checkpoint.jsonl',
  },
};

function isCommand(word: string | undefined): word is Command {
  return word !== undefined && Object.hasOwn(COMMANDS, word);
}

/** Whether a flag (or the pseudo-flag `amplification none`) was given. */
function given(options: CliOptions, flag: string): boolean {
  if (flag === 'amplification none') return options.amplification === 'none';
  const value = options[optionKey(flag)];
  return value !== undefined && value !== false;
}

/**
 * Checks that the command takes every flag given (e.g. `reproduce` fixes the model and losses).
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` naming the first flag the command does not take, and why.
 */
export function checkCommandFlags(options: CliOptions): void {
  for (const { flags, why } of COMMANDS[options.command].rejects) {
    for (const flag of flags) {
      if (given(options, flag)) {
        throw new AnyLossError('INVALID_OPTION', `--${flag} does not apply to ${options.command} (${why}; see --help).`, {
          argument: 'argv',
          value: flag,
        });
      }
    }
  }
}

/**
 * Parses `anyloss-bench [command] [options]` with the tables {@link FLAGS} (values) and the rules between options.
 * A leading `--` (as `pnpm bench -- ...` passes it) is ignored; `--flag value` and `--flag=value` both work.
 *
 * @throws {@link AnyLossError} `UNKNOWN_OPTION` for an unknown flag, `INVALID_OPTION` for a bad value or a
 *   missing one (the CLI prints the message and exits with code 2).
 */
export function parseArgs(argv: readonly string[]): CliOptions {
  const args = [...argv];
  while (args[0] === '--') args.shift();
  const command: Command = isCommand(args[0]) ? (args.shift() as Command) : 'run';
  const specs = new Map(FLAGS.map((spec) => [spec.flag, spec]));
  const raw = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') continue;
    if (arg === '-h') {
      raw.set('help', true);
      continue;
    }
    if (!arg.startsWith('--')) {
      throw new AnyLossError(
        'INVALID_OPTION',
        `unexpected argument ${JSON.stringify(arg)}; commands are ${Object.keys(COMMANDS)
          .filter((name) => name !== 'run')
          .map((name) => JSON.stringify(name))
          .join(', ')} and must come first, options start with --.`,
        { argument: 'argv', index: i, value: arg },
      );
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
    const spec = specs.get(name);
    if (spec === undefined) {
      throw new AnyLossError(
        'UNKNOWN_OPTION',
        `unknown option --${name}; known options are ${FLAGS.map((f) => `--${f.flag}`).join(', ')} (see --help).`,
        {
          argument: `--${name}`,
          value: arg,
        },
      );
    }
    if (spec.parse === undefined) {
      if (equals >= 0) bad(name, 'takes no value.', arg);
      raw.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (equals >= 0) value = arg.slice(equals + 1);
    else {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) bad(name, 'needs a value.', undefined);
      i++;
    }
    if (raw.has(name)) bad(name, 'is given twice.', value);
    raw.set(name, value);
  }

  const options: Record<string, unknown> = { command };
  for (const { flag, parse } of FLAGS) {
    const text = raw.get(flag);
    if (parse === undefined) options[optionKey(flag)] = text === true;
    else if (typeof text === 'string') {
      const value = parse(text, flag);
      if (value !== undefined) options[optionKey(flag)] = value;
    }
  }
  const parsed = options as unknown as CliOptions;
  for (const rule of RULES) {
    const broken = rule(parsed);
    if (broken !== undefined) bad(...broken);
  }
  return parsed;
}

/** The `--help` text. */
export const HELP = `anyloss-bench — AnyLoss against the usual losses on real imbalanced data

Usage:
  anyloss-bench [options]             run the benchmark (default: every binary dataset)
  anyloss-bench demo [options]        quick version: 6 imbalanced sets, BCE vs AnyLoss-F1 vs AnyLoss-BAcc, 5 folds
  anyloss-bench reproduce [options]   the paper's experiments on the whole corpus (logistic + MLP, 10 folds) at
                                      the paper's L = 73 (pinned; --amplification overrides);
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
                              1 = minority; 3 to 50 values = multi-class, classes = sorted values; more than 50
                              only with --task multiclass)
  --one-hot                 one-hot encode non-numeric CSV columns, at most 100 values each (otherwise they are
                            an error; so is a mostly numeric column with a few other values)
  --task binary|multiclass|all|auto   which targets to run (default auto: detected from the data; the whole
                            corpus = binary)
Training:
  --losses a,b,...          bce, wbce (class-weighted BCE), mse, bce-thr (BCE + the threshold maximising the
                            target metric, chosen on a 75/25 inner split), focal (γ 2, α = negative share),
                            soft-f1 (soft F1 without amplification), or any core metric name = that AnyLoss:
                            accuracy, f1, balancedAccuracy, geometricMean, mcc, ... (default bce,f1,balancedAccuracy);
                            multi-class: cce (categorical cross-entropy), wcce (class-weighted cce, weights
                            n/(K·n_k)) or a metric name = macro AnyLoss (default cce,f1,balancedAccuracy);
                            in mixed runs the binary baselines apply to binary sets only, cce/wcce to multi-class
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
  --amplification <L|none>  AnyLoss amplification (default ${DEFAULT_AMPLIFICATION}; multi-class softmax amplifier: ${DEFAULT_SOFTMAX_AMPLIFICATION}); none = soft
                            cells from p (binary only)
  --threshold-metric <m>    target metric of bce-thr's threshold and of --tune-learning-rate (default f1)
  --tune-learning-rate      choose each loss's learning rate per fold by inner stratified CV on the training fold
                            (grids: logistic 0.1,0.3,1,3; mlp 0.003,0.01,0.03,0.1; brain 0.1,0.3,1); criterion:
                            the target metric (multi-class: its macro average)
  --inner-folds <k>         folds of that inner CV (default 3)
  --workers <n>             worker threads running (dataset, fold) units (default: the machine's cores);
                            results are identical for every n
Recipe levers of the binary AnyLoss losses (baselines ignore them):
  --normalize-gradient on|off   divide each batch's ∂loss/∂z by n·max|∂loss/∂z| (brain: gradientScale normalize/sum)
  --bce-weight <λ>          hybrid loss AnyLoss + λ·BCE (core, tfjs)
  --prior-bias              start the output bias at the class prior's logit log(π/(1−π))
  --amplification-start <L0>    L ramps geometrically from L0 to --amplification over the first half of training
Output:
  --json <file>             write { results: [...] } (means over folds; an existing file is replaced)
  --report <dir>            write a markdown report with SVG charts (an existing report there needs --force)
  --force                   overwrite the report in --report <dir>
  --quiet                   no progress bar on stderr
  --reuse-results           (reproduce, multiclass-study, recipe-study) rebuild the report from the results JSON
                            already there
  --reuse-part-one          (multiclass-study) take part 1 from the results JSON already there (it is
                            deterministic) and run part 2 only
  --help                    this text
`;

import { AnyLossError } from '@anyloss/core';
import { catchAnyLossError, type AnyLossErrorLike } from '@anyloss/test-utils';
import { describe, expect, it } from 'vitest';
import { checkCommandFlags, COMMANDS, FLAGS, HELP, parseArgs } from './args.js';

/** The AnyLossError parseArgs throws for `argv`. */
const failure = (argv: string[]): AnyLossErrorLike => catchAnyLossError(() => parseArgs(argv));

describe('parseArgs', () => {
  it('parses every option, both --flag value and --flag=value, and ignores a leading --', () => {
    const options = parseArgs([
      '--',
      'demo',
      '--datasets=weka-unbalanced,weka-credit-g',
      '--losses',
      'bce,wbce,mse,f1,balancedAccuracy,mcc',
      '--model',
      'mlp',
      '--engine=core',
      '--folds',
      '3',
      '--seed',
      '7',
      '--epochs',
      '50',
      '--batch-size',
      '0.1',
      '--amplification',
      '30',
      '--learning-rate',
      '0.05',
      '--json',
      'out.json',
      '--report',
      'out',
      '--quiet',
    ]);
    expect(options).toMatchObject({
      command: 'demo',
      datasets: ['weka-unbalanced', 'weka-credit-g'],
      losses: ['bce', 'wbce', 'mse', 'f1', 'balancedAccuracy', 'mcc'],
      model: 'mlp',
      engine: 'core',
      folds: 3,
      seed: 7,
      epochs: 50,
      batchSize: 0.1,
      amplification: 30,
      learningRate: 0.05,
      json: 'out.json',
      report: 'out',
      quiet: true,
      help: false,
    });
    expect(parseArgs(['--batch-size', 'full']).batchSize).toBe(Infinity);
    expect(parseArgs(['--datasets', 'all']).datasets).toBe('all');
    expect(parseArgs(['reproduce']).command).toBe('reproduce');
    expect(parseArgs([]).command).toBe('run');
    expect(parseArgs(['--data', 'x.csv', '--target', 'y', '--one-hot'])).toMatchObject({ data: 'x.csv', target: 'y', oneHot: true });
  });

  it('rejects unknown flags with UNKNOWN_OPTION, listing the known ones', () => {
    const error = failure(['--fold', '3']);
    expect(error.code).toBe('UNKNOWN_OPTION');
    expect(error.message).toMatch(/unknown option --fold; known options are .*--folds/);
  });

  it.each([
    [['--folds', '1'], /--folds must be an integer ≥ 2/],
    [['--folds', 'ten'], /--folds must be an integer/],
    [['--seed', '-1'], /--seed must be an integer ≥ 0/],
    [['--epochs', '0'], /--epochs must be an integer ≥ 1/],
    [['--batch-size', '2.5'], /--batch-size must be "full", an integer/],
    [['--batch-size', '0'], /--batch-size must be a number > 0/],
    [['--amplification', '-3'], /--amplification must be a number > 0/],
    [['--learning-rate', 'fast'], /--learning-rate must be a number > 0/],
    [['--losses', 'bce,hinge'], /unknown loss "hinge"; known losses are bce, wbce, mse, bce-thr, focal, soft-f1, accuracy/],
    [['--threshold-metric', 'auc'], /--threshold-metric must be a core metric name/],
    [['--inner-folds', '3'], /--inner-folds only applies with --tune-learning-rate/],
    [['--tune-learning-rate', '--inner-folds', '1'], /--inner-folds must be an integer ≥ 2/],
    [['--workers', '0'], /--workers must be an integer ≥ 1/],
    [['--normalize-gradient', 'yes'], /--normalize-gradient must be on or off/],
    [['--bce-weight', '-1'], /--bce-weight must be a number ≥ 0/],
    [['--amplification-start', '0'], /--amplification-start must be a number > 0/],
    [['--amplification', 'none', '--amplification-start', '1'], /--amplification-start needs a numeric --amplification/],
    [['--prior-bias=1'], /--prior-bias takes no value/],
    [['--losses', 'f1,f1'], /lists a loss twice/],
    [['--model', 'svm'], /--model must be one of logistic, mlp/],
    [['--engine', 'torch'], /--engine must be one of core, tfjs, brain/],
    [['--json'], /--json needs a value/],
    [['--folds', '3', '--folds', '4'], /--folds is given twice/],
    [['--data', 'x.csv'], /--target is required with --data/],
    [['--target', 'y'], /--data is required with --target/],
    [['--one-hot'], /--one-hot only applies to --data/],
    [['--quiet=yes'], /--quiet takes no value/],
    [['stray'], /unexpected argument "stray"/],
  ])('rejects %j', (argv, message) => {
    const error = failure(argv);
    expect(error.message).toMatch(message);
    expect(['INVALID_OPTION', 'UNKNOWN_OPTION']).toContain(error.code);
  });
});

describe('parseArgs: baselines, tuning, workers and recipe levers', () => {
  it('parses the new losses and options', () => {
    expect(
      parseArgs([
        '--losses',
        'bce,wbce,bce-thr,focal,soft-f1,f1',
        '--threshold-metric',
        'mcc',
        '--tune-learning-rate',
        '--inner-folds',
        '4',
        '--workers',
        '2',
        '--amplification',
        'none',
        '--normalize-gradient',
        'on',
        '--bce-weight',
        '0.5',
        '--prior-bias',
      ]),
    ).toMatchObject({
      losses: ['bce', 'wbce', 'bce-thr', 'focal', 'soft-f1', 'f1'],
      thresholdMetric: 'mcc',
      tuneLearningRate: true,
      innerFolds: 4,
      workers: 2,
      amplification: 'none',
      normalizeGradient: true,
      bceWeight: 0.5,
      priorBias: true,
    });
    expect(parseArgs(['--amplification', '20', '--amplification-start', '1', '--normalize-gradient', 'off'])).toMatchObject({
      amplification: 20,
      amplificationStart: 1,
      normalizeGradient: false,
    });
    expect(parseArgs([])).toMatchObject({ tuneLearningRate: false, priorBias: false });
  });
});

describe('parseArgs: multi-class options', () => {
  it('parses --task, --average, --amplifier and the multiclass-study command', () => {
    expect(parseArgs(['--task', 'multiclass', '--average', 'weighted', '--amplifier', 'one-vs-rest', '--losses', 'cce,f1'])).toMatchObject({
      task: 'multiclass',
      average: 'weighted',
      amplifier: 'one-vs-rest',
      losses: ['cce', 'f1'],
    });
    expect(parseArgs(['--task=auto']).task).toBeUndefined();
    expect(parseArgs(['multiclass-study', '--reuse-results']).command).toBe('multiclass-study');
  });

  it('rejects bad multi-class values, naming the flag', () => {
    expect(failure(['--task', 'regression']).message).toMatch(/^--task must be one of binary, multiclass, all, auto/);
    expect(failure(['--average', 'samples']).message).toMatch(/^--average must be one of macro, weighted, micro/);
    expect(failure(['--amplifier', 'sigmoid']).message).toMatch(/^--amplifier must be one of softmax, one-vs-rest/);
    expect(failure(['--task', 'binary', '--amplifier', 'softmax']).message).toMatch(/^--amplifier applies to multi-class targets only/);
    expect(failure(['--task', 'all', '--data', 'x.csv', '--target', 'y']).message).toMatch(/^--task all applies to the corpus/);
  });
});

describe('the command tables', () => {
  it('documents every flag of FLAGS in --help', () => {
    for (const { flag } of FLAGS) expect(HELP).toContain(`--${flag}`);
  });

  it('rejects the flags a subcommand does not take, saying why', () => {
    const message = (argv: string[]): string => {
      try {
        checkCommandFlags(parseArgs(argv));
      } catch (error) {
        if (error instanceof AnyLossError) return error.message;
        throw error;
      }
      return '';
    };
    expect(message(['reproduce', '--model', 'mlp'])).toBe(
      '--model does not apply to reproduce (it runs both models with the losses of the paper; see --help).',
    );
    expect(message(['reproduce', '--amplification', 'none'])).toBe(
      '--amplification none does not apply to reproduce (it runs both models with the losses of the paper; see --help).',
    );
    expect(message(['reproduce', '--amplification', '30'])).toBe('');
    expect(message(['demo', '--task', 'multiclass'])).toBe('--task does not apply to demo (it runs the binary datasets; see --help).');
    expect(message(['multiclass-study', '--average', 'macro'])).toBe(
      '--average does not apply to multiclass-study (the study fixes its losses and amplifiers; see --help).',
    );
    expect(message(['multiclass-study', '--prior-bias'])).toMatch(
      /^--prior-bias does not apply to multiclass-study \(it runs both models with CCE/,
    );
    expect(message(['recipe-study', '--tune-learning-rate'])).toMatch(
      /^--tune-learning-rate does not apply to recipe-study \(it searches the recipe itself/,
    );
    expect(message(['recipe-study', '--engine', 'core', '--model', 'mlp', '--report', 'r'])).toBe('');
    expect(message(['--task', 'multiclass', '--average', 'micro'])).toBe('');
  });

  it('takes --force only where a report is written', () => {
    expect(parseArgs(['--report', 'r', '--force']).force).toBe(true);
    expect(parseArgs(['demo', '--force']).force).toBe(true);
    expect(parseArgs(['reproduce', '--force']).force).toBe(true);
    expect(failure(['--json', 'r.json', '--force']).message).toBe(
      '--force only applies to a run that writes a report (--report <dir>); it allows overwriting an existing one.',
    );
  });

  it('knows which subcommands rebuild, resume and where their reports go', () => {
    expect(COMMANDS.run.report).toBeUndefined();
    expect(COMMANDS.demo.report).toEqual(['reports', 'demo']);
    expect(COMMANDS.reproduce.report).toEqual(['docs', 'reproduction']);
    expect(COMMANDS['recipe-study'].resumesFrom).toBe('checkpoint.jsonl');
    expect(failure(['demo', '--reuse-results']).message).toBe(
      '--reuse-results only applies to reproduce, multiclass-study and recipe-study.',
    );
    expect(parseArgs(['multiclass-study', '--reuse-part-one']).reusePartOne).toBe(true);
    expect(parseArgs(['multiclass-study']).reusePartOne).toBe(false);
    expect(failure(['reproduce', '--reuse-part-one']).message).toBe('--reuse-part-one only applies to multiclass-study.');
    expect(failure(['multiclass-study', '--reuse-part-one', '--reuse-results']).message).toBe(
      '--reuse-part-one and --reuse-results cannot be combined (--reuse-results trains nothing).',
    );
  });
});

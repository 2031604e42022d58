import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catchAnyLossError } from '@anyloss/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { sweepCommand, SWEEPS, SWEEPS_HELP } from './index.js';
import { flagName, optionsHelp, parseSweepArgs } from './options.js';
import { amplificationSummary, AMPLIFICATION_RESULTS } from './tfjs-amplification-summary.js';
import type { AmplificationRun } from './tfjs-amplification.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function sink(): { write: (text: string) => void; text: () => string; isTTY: false } {
  let buffer = '';
  return { write: (text) => void (buffer += text), text: () => buffer, isTTY: false };
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await runCli(argv, { stdout, stderr, cwd: ROOT, root: ROOT });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const SPECS = {
  seeds: { type: 'integer', min: 1, default: 3, help: 'seeds' },
  maxShare: { type: 'number', above: 0, below: 1, default: 0.3, help: 'share' },
  amplifications: { type: 'numbers', default: [5, 10], help: 'L' },
  backend: { type: 'choice', choices: ['wasm', 'cpu'], default: 'wasm', help: 'backend' },
  gradientScales: { type: 'choices', choices: ['sum', 'normalize'], default: ['sum'], help: 'scales' },
  datasets: { type: 'names', help: 'names' },
  json: { type: 'path', help: 'file' },
  quick: { type: 'flag', help: 'quick' },
} as const;

describe('sweep options', () => {
  it('fills in defaults and reads every kind of value, --flag value and --flag=value', () => {
    expect(parseSweepArgs('s', SPECS, []).options).toEqual({
      seeds: 3,
      maxShare: 0.3,
      amplifications: [5, 10],
      backend: 'wasm',
      gradientScales: ['sum'],
      datasets: undefined,
      json: undefined,
      quick: false,
    });
    const parsed = parseSweepArgs('s', SPECS, [
      '--',
      '--seeds',
      '2',
      '--max-share=0.5',
      '--amplifications',
      '1,2.5',
      '--backend',
      'cpu',
      '--gradient-scales',
      'sum,normalize',
      '--datasets',
      'a, b',
      '--json',
      'x.json',
      '--quick',
    ]);
    expect(parsed.options).toEqual({
      seeds: 2,
      maxShare: 0.5,
      amplifications: [1, 2.5],
      backend: 'cpu',
      gradientScales: ['sum', 'normalize'],
      datasets: ['a', 'b'],
      json: 'x.json',
      quick: true,
    });
    expect(parsed.help).toBe(false);
    expect(parseSweepArgs('s', SPECS, ['-h']).help).toBe(true);
    expect(parseSweepArgs('s', {}, ['a.json', 'b.json'], true).positionals).toEqual(['a.json', 'b.json']);
    expect(flagName('learningRates')).toBe('learning-rates');
  });

  it('rejects unknown flags, bad, missing or repeated values and unexpected arguments, naming the flag', () => {
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--seed', '2']))).toMatchObject({
      code: 'UNKNOWN_OPTION',
      argument: '--seed',
      message: expect.stringMatching(/unknown option --seed for s; its options are --seeds, --max-share/),
    });
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--seeds', '0']))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: '--seeds',
      message: '--seeds must be an integer ≥ 1, got "0".',
    });
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--seeds', '1.5'])).argument).toBe('--seeds');
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--max-share', '1'])).message).toBe(
      '--max-share must be a number > 0 and < 1, got "1".',
    );
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--amplifications', '5,-1'])).message).toMatch(
      /--amplifications takes numbers > 0, got "-1"/,
    );
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--amplifications', ','])).message).toMatch(/needs at least one number/);
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--backend', 'gpu'])).message).toBe(
      '--backend must be one of wasm, cpu, got "gpu".',
    );
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--gradient-scales', 'sum,max'])).message).toMatch(
      /takes sum, normalize, got "max"/,
    );
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--json'])).message).toBe('--json needs a value.');
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--json', '--quick'])).message).toBe('--json needs a value.');
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--seeds', '1', '--seeds', '2'])).message).toBe('--seeds is given twice.');
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['--quick=yes'])).message).toBe('--quick takes no value.');
    expect(catchAnyLossError(() => parseSweepArgs('s', SPECS, ['extra']))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: 'argv',
      index: 0,
      value: 'extra',
    });
  });

  it('documents every flag with its default', () => {
    const help = optionsHelp(SPECS);
    expect(help).toMatch(/--seeds <n> +seeds \(default 3\)/);
    expect(help).toMatch(/--amplifications a,b,\.\.\. +L \(default 5,10\)/);
    expect(help).toMatch(/--backend wasm\|cpu +backend \(default wasm\)/);
    expect(help).toMatch(/--quick +quick$/m);
  });
});

describe('sweep commands', () => {
  it('are found by name after any leading --, and only sweeps are', () => {
    expect(sweepCommand(['demo'])).toBeUndefined();
    expect(sweepCommand(['--', 'reproduce'])).toBeUndefined();
    expect(sweepCommand([])).toBeUndefined();
    expect(sweepCommand(['--', 'brain-multiclass', '--seeds', '1'])).toBeTypeOf('function');
    expect(SWEEPS.map((sweep) => sweep.name)).toEqual([
      'tfjs-amplification',
      'tfjs-amplification-summary',
      'tfjs-evidence',
      'brain-defaults',
      'brain-multiclass',
    ]);
  });

  it('are listed by anyloss-bench --help and have their own --help', async () => {
    const main = await cli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout.endsWith(SWEEPS_HELP)).toBe(true);
    for (const sweep of SWEEPS) {
      expect(main.stdout).toContain(`anyloss-bench ${sweep.name}`);
      const own = await cli([sweep.name, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toBe(sweep.help());
      expect(own.stdout.startsWith(`anyloss-bench ${sweep.name} [options]`)).toBe(true);
      expect(Math.max(...own.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(120);
    }
  });

  it('report a bad command line as a usage error (exit code 2)', async () => {
    const result = await cli(['--', 'tfjs-evidence', '--seed', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^anyloss-bench: unknown option --seed for tfjs-evidence/);
    const unknown = await cli(['brain-multiclass', '--datasets', 'weka-iris']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/"weka-iris" is not one of weka-glass, sklearn-wine, weka-soybean/);
  });
});

describe('tfjs-amplification-summary', () => {
  it('prints, from the committed runs, the pooled numbers the tfjs README states', async () => {
    const result = await cli(['tfjs-amplification-summary']);
    expect(result.code).toBe(0);
    const readme = readFileSync(join(ROOT, 'packages/tfjs/README.md'), 'utf8');
    // README rows: "| AnyLoss-F1, L = 10 | 0.590 | 38 / 43 / 45 |"; summary rows: "| AnyLoss-f1, L=10 | 0.590 | 38 / 43 / 45 |".
    const pooled = [...readme.matchAll(/^\| (binary cross-entropy|AnyLoss-F1, L = \d+) \| \**([\d.]+)\** \| (—|\d+ \/ \d+ \/ \d+) \|$/gm)];
    expect(pooled).toHaveLength(5);
    for (const [, label, value, counts] of pooled) {
      const printed = (label as string).replace('AnyLoss-F1, L = ', 'AnyLoss-f1, L=');
      expect(result.stdout).toContain(`| ${printed} | ${value} | ${counts} |`);
    }
    expect(result.stdout).toContain('3 protocol(s): relu/150 epochs, relu/50 epochs, sigmoid/50 epochs; 126 runs per loss');
  });

  it('merges runs of one protocol and pairs the runs against the best L', () => {
    const run = (columns: Record<string, number[]>, epochs = 50): AmplificationRun => ({
      backend: 'cpu',
      training: { epochs, batchSize: 64, activation: 'relu' },
      seeds: [1, 2],
      results: { a: columns },
    });
    const text = amplificationSummary([
      run({ bce: [0.1, 0.2], 'L=5': [0.5, 0.6] }),
      run({ 'L=10': [0.5, 0.7] }),
      run({ bce: [0.3, 0.3], 'L=5': [0.2, 0.4], 'L=10': [0.4, 0.4] }, 150),
    ]);
    expect(text).toContain('2 protocol(s): relu/50 epochs, relu/150 epochs; 4 runs per loss');
    expect(text).toContain('| binary cross-entropy | 0.225 | 0 / 0 / 4 |');
    // Hand-computed: L=5 runs 0.5, 0.6, 0.2, 0.4 against L=10's 0.5, 0.7, 0.4, 0.4 → 0 higher, 2 equal, 2 lower.
    expect(text).toContain('| AnyLoss-f1, L=5 | 0.425 | 0 / 2 / 2 |');
    expect(text).toContain('| AnyLoss-f1, L=10 | 0.500 | — |');
    expect(AMPLIFICATION_RESULTS).toBe(join('bench', 'results', 'tfjs-amplification'));
  });
});

describe('smoke runs (a dataset, a seed, a few epochs)', () => {
  it('tfjs-amplification writes a record that tfjs-amplification-summary reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-sweep-'));
    const file = join(dir, 'run.json');
    const result = await cli([
      'tfjs-amplification',
      '--datasets',
      'ddalpha-haberman',
      '--seeds',
      '1',
      '--epochs',
      '2',
      '--amplifications',
      '5,73',
      '--backend',
      'cpu',
      '--json',
      file,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ddalpha-haberman +26\.5% {2}[\d.]+ {2}[\d.]+ {2}[\d.]+$/m);
    const record = JSON.parse(readFileSync(file, 'utf8')) as AmplificationRun;
    expect(record).toMatchObject({ backend: 'cpu', metric: 'f1', training: { epochs: 2, batchSize: 64, activation: 'relu' }, seeds: [1] });
    expect(Object.keys(record.results['ddalpha-haberman'] ?? {})).toEqual(['bce', 'L=5', 'L=73']);
    expect(record.command).toBe(
      `anyloss-bench tfjs-amplification --datasets ddalpha-haberman --seeds 1 --epochs 2 --amplifications 5,73 --backend cpu --json ${file}`,
    );
    const summary = await cli(['tfjs-amplification-summary', file]);
    expect(summary.stdout).toContain('1 protocol(s): relu/2 epochs; 1 runs per loss');
  }, 120_000);

  it('tfjs-evidence and the brain sweeps run', async () => {
    const evidence = await cli(['tfjs-evidence', '--datasets', 'ddalpha-haberman', '--seeds', '1', '--epochs', '2']);
    expect(evidence.code).toBe(0);
    expect(evidence.stdout).toMatch(/^\| ddalpha-haberman \| 26\.5% \| [\d.]+ \| [\d.]+ \| [+-][\d.]+ \|$/m);
    const defaults = await cli([
      'brain-defaults',
      '--quick',
      '--stage',
      'batch',
      '--gradient-scales',
      'normalize',
      '--datasets',
      'ddalpha-haberman',
    ]);
    expect(defaults.code).toBe(0);
    expect(defaults.stdout).toMatch(/^\| normalize, L 10, batch 32, lr 0\.1 \|( [\d.]+ \|){5}$/m);
    const multiclass = await cli(['brain-multiclass', '--datasets', 'sklearn-wine', '--seeds', '1', '--epochs', '3']);
    expect(multiclass.code).toBe(0);
    expect(multiclass.stdout.trim().split('\n')).toHaveLength(7);
    expect(multiclass.stdout).toMatch(/^sklearn-wine · brain net\.train: mean [\d.]+ \[[\d.]+\]$/m);
  }, 120_000);
});

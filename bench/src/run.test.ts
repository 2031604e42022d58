import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confusionMatrix, metrics, optimalThreshold } from '@anyloss/core';
import { fitStandardizer, standardizeRows, stratifiedKFold } from '@anyloss/datasets';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { loadCorpusDataset } from './dataset.js';
import { coreEngine } from './engines.js';
import { deriveSeed } from './random.js';
import { runBenchmark } from './run.js';

function sink(): { write: (text: string) => void; text: () => string; isTTY: false } {
  let buffer = '';
  return { write: (text) => void (buffer += text), text: () => buffer, isTTY: false };
}

const strip = (results: Awaited<ReturnType<typeof runBenchmark>>) => results.map(({ seconds: _s, secondsPerEpoch: _e, ...rest }) => rest);

describe('runBenchmark', () => {
  it('gives identical results (all but timings) on a rerun with the same seed, for both models', async () => {
    const datasets = [loadCorpusDataset('weka-glass-containers-vs-rest')];
    for (const model of ['logistic', 'mlp'] as const) {
      const config = {
        datasets,
        losses: ['bce', 'f1', 'balancedAccuracy'] as const,
        model,
        engine: coreEngine,
        folds: 3,
        seed: 5,
        epochs: 30,
      };
      const first = await runBenchmark(config);
      const second = await runBenchmark(config);
      expect(strip(second)).toEqual(strip(first));
      const other = await runBenchmark({ ...config, seed: 6 });
      expect(strip(other)).not.toEqual(strip(first));
    }
  });

  it('learns: AnyLoss-F1 and BCE both beat chance on an easy set', async () => {
    const results = await runBenchmark({
      datasets: [loadCorpusDataset('ddalpha-iris_setosavsversicolor')],
      losses: ['bce', 'f1'],
      model: 'logistic',
      engine: coreEngine,
      folds: 3,
      seed: 1,
      epochs: 100,
    });
    for (const result of results) expect(result.metrics.balancedAccuracy).toBeGreaterThan(0.9);
  });
});

describe('bce-thr', () => {
  const dataset = loadCorpusDataset('weka-glass-containers-vs-rest');

  /** The documented procedure, spelled out for one fold with the library's pieces. */
  async function manualFold(foldIndex: number, thresholdMetric: 'f1' | 'mcc'): Promise<{ threshold: number; f1: number }> {
    const seed = 5;
    const fold = stratifiedKFold(dataset.labels, 3, deriveSeed(seed, dataset.name, 'folds'))[foldIndex]!;
    const trainLabels = Int32Array.from(fold.train, (row) => dataset.labels[row]!);
    const split = stratifiedKFold(trainLabels, 4, deriveSeed(seed, dataset.name, foldIndex, 'threshold'))[0]!;
    const fit = async (trainRows: Int32Array, testRows: Int32Array) => {
      const standardizer = fitStandardizer(dataset.features, trainRows);
      const train = {
        features: standardizeRows(dataset.features, trainRows, standardizer),
        labels: Float64Array.from(trainRows, (row) => dataset.labels[row]!),
        rows: trainRows.length,
        width: standardizer.mean.length,
      };
      const outcome = await coreEngine.fit({
        model: 'logistic',
        loss: 'bce',
        train,
        testFeatures: standardizeRows(dataset.features, testRows, standardizer),
        testRows: testRows.length,
        epochs: 30,
        batchSize: trainRows.length,
        learningRate: 0.3,
        amplification: 73,
        seed: deriveSeed(seed, dataset.name, foldIndex, 'model'),
      });
      return outcome.testScores;
    };
    const innerTrain = Int32Array.from(split.train, (position) => fold.train[position]!);
    const validation = Int32Array.from(split.test, (position) => fold.train[position]!);
    const validationScores = await fit(innerTrain, validation);
    const { threshold } = optimalThreshold(
      Int32Array.from(validation, (row) => dataset.labels[row]!),
      validationScores,
      metrics[thresholdMetric],
    );
    const testScores = await fit(fold.train, fold.test);
    const predictions = Float64Array.from(testScores, (z) => (z > threshold ? 1 : 0));
    return {
      threshold,
      f1: metrics.f1.value(
        confusionMatrix(
          Int32Array.from(fold.test, (row) => dataset.labels[row]!),
          predictions,
        ),
      ),
    };
  }

  it('trains BCE on 75% of the training fold, picks the target metric’s optimal threshold on the other 25%, retrains and applies it', async () => {
    for (const thresholdMetric of ['f1', 'mcc'] as const) {
      const [bce, thr] = await runBenchmark({
        datasets: [dataset],
        losses: ['bce', 'bce-thr'],
        model: 'logistic',
        engine: coreEngine,
        folds: 3,
        seed: 5,
        epochs: 30,
        thresholdMetric,
      });
      expect(thr?.thresholdMetric).toBe(thresholdMetric);
      expect(thr?.thresholdFallbacks).toBe(0);
      for (let f = 0; f < 3; f++) {
        const manual = await manualFold(f, thresholdMetric);
        expect(thr?.thresholds?.[f]).toBe(manual.threshold);
        expect(thr?.foldMetrics.f1[f]).toBe(manual.f1);
      }
      expect(bce?.thresholds).toBeUndefined();
    }
  });

  it('falls back to p > 0.5 when the inner validation part has no positive, and counts it', async () => {
    // 3 positives among 40 rows: with 2 outer folds each training fold holds 1 or 2 positives, so some 25% parts get none.
    const features = Array.from({ length: 40 }, (_, i) => Float64Array.of(i % 7, (i * 3) % 5));
    const labels = Int32Array.from({ length: 40 }, (_, i) => (i % 13 === 0 ? 1 : 0));
    const tiny = { name: 'tiny', featureNames: ['a', 'b'], features, labels, positiveShare: 3 / 40, classes: 2, classNames: ['0', '1'] };
    const [thr] = await runBenchmark({
      datasets: [tiny],
      losses: ['bce-thr'],
      model: 'logistic',
      engine: coreEngine,
      folds: 2,
      seed: 1,
      epochs: 5,
    });
    let expected = 0;
    const folds = stratifiedKFold(labels, 2, deriveSeed(1, 'tiny', 'folds'));
    folds.forEach((fold, f) => {
      const trainLabels = Int32Array.from(fold.train, (row) => labels[row]!);
      const validation = stratifiedKFold(trainLabels, 4, deriveSeed(1, 'tiny', f, 'threshold'))[0]!.test;
      if (![...validation].some((position) => trainLabels[position] === 1)) expected++;
    });
    expect(expected).toBeGreaterThan(0);
    expect(thr?.thresholdFallbacks).toBe(expected);
  });
});

describe('learning-rate tuning', () => {
  const datasets = [loadCorpusDataset('ddalpha-tae')];

  it('records the rate chosen for each fold from the grid; a one-rate grid equals the untuned run', async () => {
    const grid = [0.1, 1, 3];
    const [tuned] = await runBenchmark({
      datasets,
      losses: ['f1'],
      model: 'logistic',
      engine: coreEngine,
      folds: 3,
      seed: 2,
      epochs: 40,
      tuneLearningRate: true,
      learningRateGrid: grid,
    });
    expect(tuned?.learningRates).toHaveLength(3);
    for (const rate of tuned?.learningRates ?? []) expect(grid).toContain(rate);
    expect(tuned?.tuningSeconds).toBeGreaterThan(0);
    const single = await runBenchmark({
      datasets,
      losses: ['f1', 'bce-thr'],
      model: 'logistic',
      engine: coreEngine,
      folds: 3,
      seed: 2,
      epochs: 40,
      tuneLearningRate: true,
      learningRateGrid: [1],
    });
    const plain = await runBenchmark({
      datasets,
      losses: ['f1', 'bce-thr'],
      model: 'logistic',
      engine: coreEngine,
      folds: 3,
      seed: 2,
      epochs: 40,
      learningRate: 1,
    });
    expect(single.map((r) => r.foldMetrics)).toEqual(plain.map((r) => r.foldMetrics));
    expect(single[0]?.learningRates).toEqual([1, 1, 1]);
  });
});

describe('worker threads', () => {
  const timings = new Set(['seconds', 'secondsPerEpoch', 'tuningSeconds']);
  const withoutTimings = (text: string): unknown => JSON.parse(text, (key, value: unknown) => (timings.has(key) ? undefined : value));

  it('give the same JSON (minus timings) as one thread, with every new baseline, tuning and a recipe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const common = [
      '--datasets',
      'ddalpha-tae,weka-glass-containers-vs-rest',
      '--losses',
      'bce,wbce,bce-thr,focal,soft-f1,f1',
      '--folds',
      '3',
      '--epochs',
      '15',
      '--quiet',
    ];
    for (const [workers, file] of [
      ['1', 'one.json'],
      ['2', 'two.json'],
    ] as const) {
      const code = await runCli([...common, '--workers', workers, '--json', file], { stdout: sink(), stderr: sink(), cwd: dir });
      expect(code).toBe(0);
    }
    const one = readFileSync(join(dir, 'one.json'), 'utf8');
    expect(withoutTimings(readFileSync(join(dir, 'two.json'), 'utf8'))).toEqual(withoutTimings(one));
    expect((JSON.parse(one) as { results: { loss: string }[] }).results.map((r) => r.loss).slice(0, 6)).toEqual([
      'bce',
      'wbce',
      'bce-thr',
      'focal',
      'soft-f1',
      'f1',
    ]);
    const extra = [
      '--model',
      'mlp',
      '--tune-learning-rate',
      '--inner-folds',
      '2',
      '--bce-weight',
      '0.3',
      '--prior-bias',
      '--amplification',
      '10',
      '--amplification-start',
      '2',
    ];
    for (const [workers, file] of [
      ['1', 'three.json'],
      ['2', 'four.json'],
    ] as const) {
      expect(await runCli([...common, ...extra, '--workers', workers, '--json', file], { stdout: sink(), stderr: sink(), cwd: dir })).toBe(
        0,
      );
    }
    expect(withoutTimings(readFileSync(join(dir, 'four.json'), 'utf8'))).toEqual(
      withoutTimings(readFileSync(join(dir, 'three.json'), 'utf8')),
    );
  });

  it('keep the progress bar on one line on a terminal', async () => {
    const writes: string[] = [];
    const stderr = { write: (text: string) => void writes.push(text), isTTY: true };
    const code = await runCli(
      ['--datasets', 'ddalpha-tae,weka-glass-containers-vs-rest', '--losses', 'bce,f1', '--folds', '3', '--epochs', '5', '--workers', '2'],
      { stdout: sink(), stderr, cwd: tmpdir() },
    );
    expect(code).toBe(0);
    expect(writes.length).toBe(2 * 3 * 2 + 1);
    for (const text of writes.slice(0, -1)) expect(text).toMatch(/^\r[^\n]*$/);
    expect(writes.at(-1)).toBe('\n');
  });

  it('report errors from a worker with their code (exit 2)', async () => {
    const stderr = sink();
    const code = await runCli(
      [
        '--datasets',
        'ddalpha-tae,weka-glass-containers-vs-rest',
        '--losses',
        'bce-thr',
        '--engine',
        'brain',
        '--folds',
        '2',
        '--epochs',
        '2',
        '--workers',
        '2',
        '--quiet',
      ],
      { stdout: sink(), stderr, cwd: tmpdir() },
    );
    expect(code).toBe(2);
    expect(stderr.text()).toContain('engine brain cannot train loss "bce-thr"');
  });
});

describe('anyloss-bench command', () => {
  it('demo prints one table row per dataset and loss, the means, and where the report went', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(['--', 'demo', '--epochs', '20', '--folds', '2', '--report', 'report', '--json', 'r.json'], {
      stdout,
      stderr,
      cwd: dir,
      root: dir,
    });
    expect(code).toBe(0);
    const lines = stdout.text().split('\n');
    const tableRows = lines.filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
    expect(tableRows[0]).toBe('| dataset | positives | loss | F1 | balanced acc. | accuracy | G-mean | MCC | train s |');
    expect(tableRows.filter((line) => !line.startsWith('| dataset') && !line.startsWith('| **mean'))).toHaveLength(6 * 3);
    expect(tableRows.filter((line) => line.startsWith('| **mean of 6**'))).toHaveLength(3);
    expect(stdout.text()).toContain('Report written to report/index.md');
    expect(existsSync(join(dir, 'report', 'f1-scatter.svg'))).toBe(true);
    expect(existsSync(join(dir, 'report', 'f1-gain.svg'))).toBe(true);
    expect(existsSync(join(dir, 'report', 'time-per-epoch.svg'))).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      results: {
        dataset: string;
        loss: string;
        model: string;
        engine: string;
        folds: number;
        metrics: Record<string, number>;
        seconds: number;
      }[];
    };
    expect(json.results).toHaveLength(18);
    expect(Object.keys(json.results[0]?.metrics ?? {})).toEqual(
      expect.arrayContaining(['f1', 'balancedAccuracy', 'accuracy', 'geometricMean', 'mcc']),
    );
    expect(json.results[0]).toMatchObject({ model: 'logistic', engine: 'core', folds: 2 });
    expect(stderr.text()).toContain('demo [');
  });

  it('exits with code 2 and a clear message for usage errors', async () => {
    for (const argv of [
      ['--bogus'],
      ['--folds', 'x'],
      ['--datasets', 'no-such-set'],
      ['--data', 'missing.csv', '--target', 'y'],
      ['reproduce', '--model', 'mlp'],
    ]) {
      const stderr = sink();
      const code = await runCli(argv, { stdout: sink(), stderr, cwd: tmpdir() });
      expect(code).toBe(2);
      expect(stderr.text()).toMatch(/^anyloss-bench: .+\nRun with --help for usage\.\n$/);
    }
  });

  it('runs a user CSV, reporting dropped rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const rows = ['x1,x2,kind,y'];
    for (let i = 0; i < 40; i++) rows.push(`${i},${(i * 7) % 11},${i % 2 ? 'a' : 'b'},${i % 4 === 0 ? 'rare' : 'common'}`);
    rows.push('1,,a,common');
    writeFileSync(join(dir, 'mine.csv'), rows.join('\n'));
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(['--data', 'mine.csv', '--target', 'y', '--one-hot', '--folds', '2', '--epochs', '10', '--quiet'], {
      stdout,
      stderr,
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(stderr.text()).toContain('dropped 1 row(s) with a missing value (CSV lines 42)');
    expect(stderr.text()).toContain('class 1 (positive, minority) = "rare"');
    expect(stdout.text()).toContain('| mine | 25.0% | BCE |');
  });

  it('prints help', async () => {
    const stdout = sink();
    expect(await runCli(['--help'], { stdout, stderr: sink() })).toBe(0);
    expect(stdout.text()).toContain('anyloss-bench demo');
  });
});

import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AMPLIFICATION, metrics } from '@anyloss/core';
import { DEFAULT_SOFTMAX_AMPLIFICATION, multiclassMetric } from '@anyloss/core/multiclass';
import { fitStandardizer, standardizeRows, stratifiedKFold } from '@anyloss/datasets';
import { expectClose, numericGradient } from '@anyloss/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { corpusDatasetNames, loadCorpusDataset } from './dataset.js';
import { coreEngine } from './engines.js';
import { evaluateMulticlassPredictions } from './evaluate.js';
import { balancedClassWeights, categoricalCrossEntropy, createTrainingLoss } from './losses.js';
import { logisticLossAndGradient } from './models/logistic.js';
import { initMlpParameters, mlpLayout, mlpLossAndGradient, type MlpShape } from './models/mlp.js';
import type { TrainingData } from './models/types.js';
import { createRandom, deriveSeed } from './random.js';
import {
  decideDefault,
  headToHead,
  LEFT_OUT_OF_PART_TWO,
  STUDY_DESIGNS,
  STUDY_INNER_FOLDS,
  TUNED_DESIGNS,
  type StudyRecord,
  type StudyResult,
} from './multiclass-study.js';
import { DEFAULT_INNER_FOLDS, runBenchmark, runMulticlassBenchmark, type MulticlassBenchmarkResult } from './run.js';

/** Every element within 1e-5 of the largest expected magnitude (at least 1e-3): analytic against central differences. */
const GRADIENT_TOLERANCE = { relative: 1e-5, minimumScale: 1e-3 };

function sink(): { write: (text: string) => void; text: () => string; isTTY: false } {
  let buffer = '';
  return { write: (text) => void (buffer += text), text: () => buffer, isTTY: false };
}

/** Random rows and class labels 0..K−1 (every class present). */
function randomData(rows: number, width: number, classes: number, seed: number): TrainingData {
  const random = createRandom(seed);
  const features = Float64Array.from({ length: rows * width }, () => 2 * random() - 1);
  const labels = Float64Array.from({ length: rows }, (_, i) => (i < classes ? i : Math.floor(random() * classes)));
  return { features, labels, rows, width };
}

describe('multi-class target detection', () => {
  it('reads K from the manifest and tells binary from multi-class corpus sets', () => {
    const glass = loadCorpusDataset('weka-glass');
    expect(glass.classes).toBe(6);
    expect(new Set(glass.labels).size).toBe(6);
    expect(loadCorpusDataset('weka-glass-containers-vs-rest').classes).toBe(2);
    expect(() => loadCorpusDataset('sklearn-wine', 'binary')).toThrow(/"sklearn-wine" is multi-class, but the run is binary/);
    expect(() => loadCorpusDataset('weka-credit-g', 'multiclass')).toThrow(/"weka-credit-g" is binary, but the run is multi-class/);
  });

  it('lists the multi-class corpus without the duplicate sets', () => {
    const names = corpusDatasetNames('multiclass');
    expect(names).toContain('weka-glass');
    expect(names).toContain('sklearn-iris');
    expect(names).not.toContain('weka-iris');
    expect(names).not.toContain('weka-segment-test');
    expect(corpusDatasetNames()).not.toContain('weka-glass');
  });
});

describe('stratified folds with K classes', () => {
  it('gives every test fold ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of each of the 15 soybean classes', () => {
    const { labels, classes } = loadCorpusDataset('weka-soybean');
    for (const k of [5, 10]) {
      const folds = stratifiedKFold(labels, k, 7);
      for (let c = 0; c < classes; c++) {
        const total = labels.filter((l) => l === c).length;
        for (const fold of folds) {
          const count = [...fold.test].filter((row) => labels[row] === c).length;
          expect(count).toBeGreaterThanOrEqual(Math.floor(total / k));
          expect(count).toBeLessThanOrEqual(Math.ceil(total / k));
        }
      }
    }
  });
});

describe('categorical cross-entropy', () => {
  it('matches finite differences of its own loss', () => {
    const random = createRandom(11);
    const classes = 4;
    const labels = Float64Array.from({ length: 9 }, (_, i) => i % classes);
    const logits = Float64Array.from({ length: 9 * classes }, () => 4 * random() - 2);
    const gradient = new Float64Array(logits.length);
    categoricalCrossEntropy(labels, logits, classes, gradient);
    const scratch = new Float64Array(logits.length);
    expectClose(
      gradient,
      numericGradient((z) => categoricalCrossEntropy(labels, z, classes, scratch), logits, 1e-6),
      GRADIENT_TOLERANCE,
    );
  });

  it('is log K at zero logits and stable for huge logits', () => {
    const gradient = new Float64Array(6);
    // −log(1/3) at z = 0: the definition.
    expect(categoricalCrossEntropy([0, 2], new Float64Array(6), 3, gradient)).toBeCloseTo(Math.log(3), 12);
    expect(Number.isFinite(categoricalCrossEntropy([0], Float64Array.from([1000, -1000, 0]), 3, gradient))).toBe(true);
  });
});

describe('class-weighted categorical cross-entropy (wcce)', () => {
  it('has the "balanced" weights n/(K·n_k) of the training labels', () => {
    // 6 rows: class 0 ×3, class 1 ×2, class 2 ×1 → 6/(3·3), 6/(3·2), 6/(3·1) (scikit-learn's compute_class_weight('balanced')).
    expect([...balancedClassWeights([0, 0, 0, 1, 1, 2], 3)]).toEqual([6 / 9, 1, 2]);
    // A class absent from the labels (class 3 of 4): K counts the 3 present classes, the absent one gets 1.
    expect([...balancedClassWeights([0, 0, 0, 1, 1, 2], 4)]).toEqual([6 / 9, 1, 2, 1]);
    // Balanced labels: every weight is 1, so wcce is cce.
    expect([...balancedClassWeights([2, 1, 0, 0, 1, 2], 3)]).toEqual([1, 1, 1]);
    expect(() => balancedClassWeights([0, 3], 3)).toThrow(/trainingLabels\[1\] must be a class index 0..2, got 3/);
    expect(() => balancedClassWeights([0, 1.5], 3)).toThrow(/trainingLabels\[1\]/);
  });

  it('matches finite differences of its own loss', () => {
    const random = createRandom(13);
    const classes = 4;
    const labels = Float64Array.from({ length: 10 }, (_, i) => (i < 6 ? 0 : i % classes));
    const weights = balancedClassWeights(labels, classes);
    const logits = Float64Array.from({ length: labels.length * classes }, () => 4 * random() - 2);
    const gradient = new Float64Array(logits.length);
    categoricalCrossEntropy(labels, logits, classes, gradient, weights);
    const scratch = new Float64Array(logits.length);
    expectClose(
      gradient,
      numericGradient((z) => categoricalCrossEntropy(labels, z, classes, scratch, weights), logits, 1e-6),
      GRADIENT_TOLERANCE,
    );
  });

  it("weights each row's cross-entropy by its class, divided by the row count, and equals cce on balanced labels", () => {
    const labels = [0, 0, 0, 1, 1, 2];
    const logits = Float64Array.from({ length: labels.length * 3 }, (_, i) => Math.sin(i));
    const perRow = labels.map((label, i) => {
      const gradient = new Float64Array(3);
      return categoricalCrossEntropy([label], logits.subarray(3 * i, 3 * i + 3), 3, gradient);
    });
    const weights = [6 / 9, 1, 2];
    const expected = perRow.reduce((sum, value, i) => sum + (weights[labels[i] as number] as number) * value, 0) / labels.length;
    const wcce = createTrainingLoss('wcce', { trainingLabels: labels, classes: 3 });
    expect(wcce.lossAndGradient(Float64Array.from(labels), logits, new Float64Array(logits.length))).toBeCloseTo(expected, 14);
    const balanced = Float64Array.from([0, 1, 2, 0, 1, 2]);
    const plain = new Float64Array(logits.length);
    const weighted = new Float64Array(logits.length);
    const cceValue = createTrainingLoss('cce', { trainingLabels: balanced, classes: 3 }).lossAndGradient(balanced, logits, plain);
    expect(createTrainingLoss('wcce', { trainingLabels: balanced, classes: 3 }).lossAndGradient(balanced, logits, weighted)).toBe(cceValue);
    expect([...weighted]).toEqual([...plain]);
  });

  it('is refused on binary targets and by the binary runner, naming wbce', async () => {
    expect(() => createTrainingLoss('wcce', { trainingLabels: [0, 1] })).toThrow(
      /"wcce" \(class-weighted categorical cross-entropy\) is for targets with 3 or more classes; use wbce/,
    );
    const credit = loadCorpusDataset('weka-credit-g');
    await expect(
      runBenchmark({ datasets: [credit], losses: ['bce', 'wcce'], model: 'logistic', engine: coreEngine, folds: 2, seed: 1, epochs: 1 }),
    ).rejects.toThrow(/"wcce" .* use wbce for binary targets/);
  });
});

// L kept small (softmax L = 3, one-vs-rest L = 5) so the amplified loss is smooth enough for a 1e-6 central difference.
const CASES = [
  { name: 'cce', options: {} },
  { name: 'wcce', options: {} },
  { name: 'f1', options: { amplifier: 'softmax', amplification: 3 } },
  { name: 'f1', options: { amplifier: 'one-vs-rest', amplification: 5 } },
  { name: 'balancedAccuracy', options: { amplifier: 'softmax', amplification: 3, average: 'weighted' } },
  { name: 'f1', options: { amplifier: 'softmax', amplification: 3, average: 'micro' } },
] as const;

describe('multi-class model gradients', () => {
  it.each(CASES)('softmax regression matches finite differences for $name $options', ({ name, options }) => {
    const classes = 3;
    const data = randomData(24, 3, classes, 1);
    const loss = createTrainingLoss(name, { trainingLabels: data.labels, classes, ...options });
    expect(loss.outputs).toBe(classes);
    const random = createRandom(2);
    const size = (3 + 1) * classes;
    const parameters = Float64Array.from({ length: size }, () => 0.5 * (2 * random() - 1));
    const gradient = new Float64Array(size);
    logisticLossAndGradient(parameters, data, loss, gradient);
    const scratch = new Float64Array(size);
    expectClose(
      gradient,
      numericGradient((p) => logisticLossAndGradient(p, data, loss, scratch), parameters, 1e-6),
      GRADIENT_TOLERANCE,
    );
  });

  for (const batchNorm of [true, false]) {
    it.each(CASES)(
      `the MLP with a K-way softmax output matches finite differences for $name $options (batchNorm ${batchNorm})`,
      ({ name, options }) => {
        const classes = 4;
        const data = randomData(20, 3, classes, 3);
        const shape: MlpShape = { width: 3, hidden: 3, batchNorm, outputs: classes };
        const loss = createTrainingLoss(name, { trainingLabels: data.labels, classes, ...options });
        const parameters = initMlpParameters(shape, createRandom(4));
        const size = mlpLayout(shape).size;
        const gradient = new Float64Array(size);
        mlpLossAndGradient(parameters, shape, data, loss, gradient);
        const scratch = new Float64Array(size);
        expectClose(
          gradient,
          numericGradient((p) => mlpLossAndGradient(p, shape, data, loss, scratch), parameters, 1e-6),
          GRADIENT_TOLERANCE,
        );
      },
    );
  }

  it('rejects binary baselines on K ≥ 3 classes and cce on two', () => {
    expect(() => createTrainingLoss('bce', { trainingLabels: [0, 1, 2], classes: 3 })).toThrow(/"bce" is for binary targets/);
    expect(() => createTrainingLoss('cce', { trainingLabels: [0, 1] })).toThrow(/"cce" .* is for targets with 3 or more classes/);
  });
});

describe('multi-class evaluation', () => {
  it('scores the argmax: accuracy, macro-F1 and macro recall', () => {
    // Rows' argmax: 0, 1, 1, 2 against labels 0, 1, 2, 2. Per class F1: 1, 2/3, 2/3 → macro 7/9;
    // recall: 1, 1, 1/2 → macro 5/6; accuracy 3/4 (hand-computed).
    const logits = [5, 0, 0, 0, 5, 0, 0, 5, 1, 0, 0, 5];
    const values = evaluateMulticlassPredictions([0, 1, 2, 2], logits, 3);
    expect(values.accuracy).toBeCloseTo(3 / 4, 12);
    expect(values.macroF1).toBeCloseTo(7 / 9, 12);
    expect(values.macroBalancedAccuracy).toBeCloseTo(5 / 6, 12);
  });
});

describe('multi-class runs', () => {
  it('learn iris with CCE and macro-F1 AnyLoss (softmax amplifier, L = 3), both models, and rerun identically', async () => {
    const datasets = [loadCorpusDataset('sklearn-iris')];
    for (const model of ['logistic', 'mlp'] as const) {
      const config = {
        datasets,
        losses: ['cce', 'f1'] as const,
        model,
        engine: coreEngine,
        folds: 3,
        seed: 1,
        epochs: model === 'logistic' ? 100 : 150,
        learningRate: model === 'logistic' ? 1 : 0.03,
        amplification: 3,
      };
      const first = await runMulticlassBenchmark(config);
      for (const result of first) expect(result.metrics.macroF1).toBeGreaterThan(0.8);
      const second = await runMulticlassBenchmark(config);
      expect(second.map((r) => r.foldMetrics)).toEqual(first.map((r) => r.foldMetrics));
    }
  });

  it('tune the learning rate per fold by inner CV on macro-F1 (the target metric, macro-averaged); a one-rate grid is the untuned run', async () => {
    const glass = loadCorpusDataset('weka-glass');
    const grid = [0.03, 3];
    const base = { datasets: [glass], model: 'logistic' as const, engine: coreEngine, folds: 3, seed: 4, epochs: 30, amplification: 3 };
    const tuned = await runMulticlassBenchmark({
      ...base,
      losses: ['cce', 'wcce', 'f1'],
      tuneLearningRate: true,
      learningRateGrid: grid,
      innerFolds: 2,
    });
    for (const result of tuned) {
      expect(result.learningRates).toHaveLength(3);
      expect(result.tuningSeconds).toBeGreaterThan(0);
    }
    // The criterion, recomputed by hand for fold 0 and wcce: mean macro-F1 over the 2 inner folds of the training
    // fold (seeded by dataset and fold), argmax of the logits, each inner part fitted with its own standardisation.
    const outer = stratifiedKFold(glass.labels, 3, deriveSeed(4, glass.name, 'folds'))[0]!;
    const outerLabels = Int32Array.from(outer.train, (row) => glass.labels[row] as number);
    const inner = stratifiedKFold(outerLabels, 2, deriveSeed(4, glass.name, 0, 'tuning'));
    const criterion = await Promise.all(
      grid.map(async (rate) => {
        let total = 0;
        for (const part of inner) {
          const trainRows = Int32Array.from(part.train, (p) => outer.train[p] as number);
          const testRows = Int32Array.from(part.test, (p) => outer.train[p] as number);
          const standardizer = fitStandardizer(glass.features, trainRows);
          const fit = await coreEngine.fit({
            model: 'logistic',
            loss: 'wcce',
            train: {
              features: standardizeRows(glass.features, trainRows, standardizer),
              labels: Float64Array.from(trainRows, (r) => glass.labels[r] as number),
              rows: trainRows.length,
              width: standardizer.mean.length,
            },
            testFeatures: standardizeRows(glass.features, testRows, standardizer),
            testRows: testRows.length,
            epochs: 30,
            batchSize: trainRows.length,
            learningRate: rate,
            amplification: 3,
            seed: deriveSeed(4, glass.name, 0, 'model'),
            classes: 6,
          });
          total += multiclassMetric(
            metrics.f1,
            Int32Array.from(testRows, (r) => glass.labels[r] as number),
            fit.testScores,
            { from: 'logits', classes: 6, average: 'macro' },
          );
        }
        return total / inner.length;
      }),
    );
    expect(criterion[0]).not.toBe(criterion[1]);
    expect(tuned[1]?.learningRates?.[0]).toBe(grid[criterion[0]! > criterion[1]! ? 0 : 1]);
    // A one-rate grid is the untuned run at that rate.
    const single = await runMulticlassBenchmark({
      ...base,
      losses: ['wcce', 'f1'],
      tuneLearningRate: true,
      learningRateGrid: [1],
      innerFolds: 2,
    });
    const plain = await runMulticlassBenchmark({ ...base, losses: ['wcce', 'f1'], learningRate: 1 });
    expect(single.map((r) => r.foldMetrics)).toEqual(plain.map((r) => r.foldMetrics));
    expect(single[0]?.learningRates).toEqual([1, 1, 1]);
  });

  it('keeps binary and multi-class runners apart', async () => {
    const glass = loadCorpusDataset('weka-glass');
    await expect(
      runBenchmark({ datasets: [glass], losses: ['bce'], model: 'logistic', engine: coreEngine, folds: 2, seed: 1, epochs: 1 }),
    ).rejects.toThrow(/has 6 classes; runBenchmark is binary/);
    await expect(
      runMulticlassBenchmark({ datasets: [glass], losses: ['bce'], model: 'logistic', engine: coreEngine, folds: 2, seed: 1, epochs: 1 }),
    ).rejects.toThrow(/"bce" is for binary targets/);
  });

  it('the command writes multi-class JSON results with macroF1, macroBalancedAccuracy and accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const stdout = sink();
    const stderr = sink();
    const argv = [
      '--datasets',
      'sklearn-wine,weka-credit-g',
      '--losses',
      'bce,cce,f1',
      '--amplifier',
      'one-vs-rest',
      '--folds',
      '2',
      '--epochs',
      '10',
      '--json',
      'r.json',
      '--report',
      'rep',
      '--quiet',
    ];
    expect(await runCli(argv, { stdout, stderr, cwd: dir, root: dir })).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { results: Record<string, unknown>[] };
    const multiclass = json.results.filter((r) => r['dataset'] === 'sklearn-wine');
    expect(multiclass.map((r) => r['loss'])).toEqual(['cce', 'f1']);
    for (const result of multiclass) {
      expect(Object.keys(result)).toEqual([
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
        'classes',
        'minorityShare',
        'average',
        'amplifier',
        'amplification',
        'convergence',
      ]);
      expect(Object.keys(result['metrics'] as object)).toEqual(['macroF1', 'macroBalancedAccuracy', 'accuracy']);
      expect(result).toMatchObject({
        model: 'logistic',
        engine: 'core',
        folds: 2,
        rows: 178,
        classes: 3,
        average: 'macro',
        amplifier: 'one-vs-rest',
        amplification: DEFAULT_AMPLIFICATION,
      });
    }
    // The binary set runs bce and f1 (cce is multi-class only).
    expect(json.results.filter((r) => r['dataset'] === 'weka-credit-g').map((r) => r['loss'])).toEqual(['bce', 'f1']);
    expect(stdout.text()).toContain('| dataset | classes | rarest class | loss | macro-F1 | macro balanced acc. | accuracy | train s |');
    expect(readFileSync(join(dir, 'rep', 'index.md'), 'utf8')).toContain('## Multi-class targets');
    expect(existsSync(join(dir, 'rep', 'multiclass-macro-f1.svg'))).toBe(true);
  });

  it('the command tunes multi-class learning rates and writes them to the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const argv = [
      '--datasets',
      'sklearn-iris',
      '--losses',
      'cce,wcce,f1',
      '--folds',
      '2',
      '--epochs',
      '5',
      '--tune-learning-rate',
      '--inner-folds',
      '2',
      '--workers',
      '1',
      '--json',
      'r.json',
      '--quiet',
    ];
    expect(await runCli(argv, { stdout: sink(), stderr: sink(), cwd: dir, root: dir })).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      results: { loss: string; learningRates?: number[]; tuningSeconds?: number }[];
    };
    expect(json.results.map((r) => r.loss)).toEqual(['cce', 'wcce', 'f1']);
    for (const result of json.results) {
      expect(result.learningRates).toHaveLength(2);
      for (const rate of result.learningRates ?? []) expect([0.1, 0.3, 1, 3]).toContain(rate);
      expect(result.tuningSeconds).toBeGreaterThan(0);
    }
  });

  it('the command runs a 3-class CSV and reports its classes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const rows = ['x1,x2,y'];
    for (let i = 0; i < 30; i++) rows.push(`${(i % 3) + (i % 7) / 10},${(i * 5) % 9},${['low', 'mid', 'high'][i % 3] as string}`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'three.csv'), rows.join('\n'));
    const stdout = sink();
    const stderr = sink();
    expect(
      await runCli(['--data', 'three.csv', '--target', 'y', '--folds', '3', '--epochs', '5', '--quiet'], { stdout, stderr, cwd: dir }),
    ).toBe(0);
    expect(stderr.text()).toContain('multi-class target with 3 classes: 0 = "high", 1 = "low", 2 = "mid"');
    expect(stdout.text()).toContain('| three | 3 | 33.3% | CCE |');
  });

  it('the multiclass-study command writes its report, JSON and chart, and rebuilds from the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-study-'));
    const stdout = sink();
    const argv = [
      'multiclass-study',
      '--datasets',
      'sklearn-iris,weka-glass',
      '--folds',
      '2',
      '--epochs',
      '2',
      '--report',
      'out',
      '--quiet',
    ];
    expect(await runCli(argv, { stdout, stderr: sink(), cwd: dir, root: dir })).toBe(0);
    const index = readFileSync(join(dir, 'out', 'index.md'), 'utf8');
    expect(index).toContain('## Verdict');
    expect(index).toContain('| softmax L=10 |');
    expect(existsSync(join(dir, 'out', 'macro-f1.svg'))).toBe(true);
    const record = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as StudyRecord;
    expect(record.results).toHaveLength(2 * 8 * 2); // models × designs × datasets
    expect(Object.keys(record.learningRates)).toEqual(['logistic', 'mlp']);
    // Part 2: every design at rates tuned per fold from the model's grid.
    expect(record.tuned?.results).toHaveLength(2 * 5 * 2);
    expect(record.tuned?.defaultAtRun).toBe(DEFAULT_SOFTMAX_AMPLIFICATION);
    for (const { model, result } of record.tuned?.results ?? []) {
      expect(result.learningRates).toHaveLength(2);
      for (const rate of result.learningRates ?? []) expect(record.tuned?.grids[model]).toContain(rate);
    }
    expect(record.tuned?.innerFolds).toBe(STUDY_INNER_FOLDS);
    // Fewer inner folds than the benchmark's default: the report says so and why. With 2 outer folds a training fold
    // is 1/2 of a dataset, an inner fit 1/2 · 1/2 = 25% (2 inner folds) or 1/2 · 2/3 = 33% (3); rows fitted per
    // outer fold and design, 4 rates: (4·2·0.25 + 0.5) / (4·3·(1/3) + 0.5) = 2.5 / 4.5, 44% fewer.
    expect(index).toContain(`**Reduced cost: ${STUDY_INNER_FOLDS} inner folds, not the benchmark's default ${DEFAULT_INNER_FOLDS}**`);
    expect(index).toContain("fitted 2 times on 25% of a dataset instead of 3 times on 33%) cut part 2's training by about 44%");
    // The ranking of part 1 sits in a region the docs' multi-class recipe page includes.
    expect(index).toMatch(
      /<!-- #region ranking -->\n\| design \| all datasets \|[\s\S]*\| softmax L=3 \|[\s\S]*<!-- #endregion ranking -->/,
    );
    expect(index).toContain('## Part 2: AnyLoss against CCE and weighted CCE');
    expect(index).toContain("## Decision on core's default L");
    expect(index).toMatch(
      /<!-- #region summary -->\n[\s\S]*\| class-weighted cross-entropy \(`wcce`\) \|[\s\S]*<!-- #endregion summary -->/,
    );
    expect(existsSync(join(dir, 'out', 'macro-f1-tuned.svg'))).toBe(true);
    expect(await runCli([...argv, '--reuse-results'], { stdout: sink(), stderr: sink(), cwd: dir, root: dir })).toBe(0);
    expect(readFileSync(join(dir, 'out', 'index.md'), 'utf8')).toBe(index);
    // --reuse-part-one: part 1 as recorded, part 2 run again (the same numbers: every run is seeded).
    const mismatch = sink();
    const threeFolds = [
      'multiclass-study',
      '--datasets',
      'sklearn-iris,weka-glass',
      '--folds',
      '3',
      '--epochs',
      '2',
      '--report',
      'out',
      '--quiet',
      '--reuse-part-one',
    ];
    expect(await runCli(threeFolds, { stdout: sink(), stderr: mismatch, cwd: dir, root: dir })).not.toBe(0);
    expect(mismatch.text()).toContain('--reuse-part-one: the results there were run with folds 2, this run has 3');
    expect(await runCli([...argv, '--reuse-part-one'], { stdout: sink(), stderr: sink(), cwd: dir, root: dir })).toBe(0);
    const again = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as StudyRecord;
    expect(again.partOneReused).toBe(true);
    expect(again.results).toEqual(record.results);
    expect(again.learningRates).toEqual(record.learningRates);
    expect(again.tuned?.results.map((r) => r.result.foldMetrics)).toEqual(record.tuned?.results.map((r) => r.result.foldMetrics));
    expect(readFileSync(join(dir, 'out', 'index.md'), 'utf8')).toContain(
      'taken from an earlier run of the same settings with `--reuse-part-one`',
    );
  });
});

/** A study result with only what the analysis reads: the dataset, the per-fold macro-F1 and its mean. */
function fakeResult(design: string, model: 'logistic' | 'mlp', dataset: string, folds: readonly number[]): StudyResult {
  const macroF1 = folds.reduce((a, b) => a + b, 0) / folds.length;
  const result = {
    dataset,
    metrics: { macroF1, macroBalancedAccuracy: macroF1, accuracy: macroF1 },
    foldMetrics: { macroF1: [...folds], macroBalancedAccuracy: [...folds], accuracy: [...folds] },
  };
  return { design, model, result: result as unknown as MulticlassBenchmarkResult };
}

describe('the multi-class study, part 2 analysis', () => {
  const datasets = ['a', 'b'];
  /** Results of the three softmax candidates: L=3 at `base`, L=1 and L=10 shifted by the given per-fold offsets. */
  function candidates(offsets: Readonly<Record<number, readonly number[]>>): StudyResult[] {
    const base = [0.8, 0.7, 0.75, 0.9, 0.6];
    return (['logistic', 'mlp'] as const).flatMap((model) =>
      datasets.flatMap((dataset) =>
        [1, 3, 10].map((L) =>
          fakeResult(
            `softmax L=${L}`,
            model,
            dataset,
            base.map((value, f) => value + (offsets[L]?.[f] ?? 0)),
          ),
        ),
      ),
    );
  }

  it('counts wins, ties and losses over model × dataset cases and tests the fold pairs', () => {
    const results = [
      fakeResult('softmax L=3', 'logistic', 'a', [0.9, 0.9, 0.9]),
      fakeResult('CCE', 'logistic', 'a', [0.8, 0.8, 0.8]), // +0.1: win
      fakeResult('softmax L=3', 'logistic', 'b', [0.5, 0.5, 0.5]),
      fakeResult('CCE', 'logistic', 'b', [0.503, 0.503, 0.503]), // −0.003: tie
      fakeResult('softmax L=3', 'mlp', 'a', [0.5, 0.5, 0.5]),
      fakeResult('CCE', 'mlp', 'a', [0.6, 0.6, 0.6]), // −0.1: loss
    ];
    const row = headToHead(results, 'softmax L=3', 'CCE', ['logistic', 'mlp'], datasets);
    expect(row).toMatchObject({ wins: 1, ties: 1, losses: 1, pairs: 9 });
    // Means over datasets, then models: logistic (0.9 + 0.5)/2 = 0.7 vs 0.6515; mlp 0.5 vs 0.6.
    expect(row.designMean).toBeCloseTo((0.7 + 0.5) / 2, 12);
    expect(row.baselineMean).toBeCloseTo((0.6515 + 0.6) / 2, 12);
    // Differences +0.1 ×3, −0.003 ×3, −0.1 ×3: sum −0.009; the exact sign-flip test counts the patterns with |sum| ≥ 0.009.
    expect(row.p).toBeGreaterThan(0.5);
    expect(headToHead(results, 'softmax L=3', 'CCE', ['logistic'], datasets)).toMatchObject({ wins: 1, ties: 1, losses: 0, pairs: 6 });
  });

  it('keeps the incumbent L when it is the best, when the best is within the tie band, or when its gain is not significant', () => {
    expect(
      decideDefault(
        { results: candidates({ 1: [-0.02, -0.02, -0.02, -0.02, -0.02], 10: [-0.01, 0, 0, 0, 0] }), defaultAtRun: 3 },
        datasets,
        ['b'],
      ),
    ).toMatchObject({ best: 3, chosen: 3, reason: 'incumbent-best' });
    const withinBand = decideDefault({ results: candidates({ 10: [0.004, 0.004, 0.004, 0.004, 0.004] }), defaultAtRun: 3 }, datasets, [
      'b',
    ]);
    expect(withinBand).toMatchObject({ best: 10, chosen: 3, reason: 'within-tolerance' });
    // +0.05 on average, but only through one fold per case (+0.25 in fold 0): 4 positive pairs of 20 → p large.
    const noisy = decideDefault({ results: candidates({ 1: [0.25, 0, 0, 0, 0] }), defaultAtRun: 3 }, datasets, ['b']);
    expect(noisy).toMatchObject({ best: 1, chosen: 3, reason: 'not-significant' });
    expect(noisy.candidates.find((c) => c.amplification === 1)?.versusIncumbent?.p).toBeGreaterThan(0.05);
  });

  it('changes the default when another L is better by more than the band with p < 0.05, and lists every candidate', () => {
    const decision = decideDefault({ results: candidates({ 1: [0.02, 0.03, 0.02, 0.03, 0.02] }), defaultAtRun: 3 }, datasets, ['b']);
    expect(decision).toMatchObject({ incumbent: 3, best: 1, chosen: 1, reason: 'changed' });
    // 20 positive differences: the exact two-sided p is 2/2^20.
    expect(decision.candidates.find((c) => c.amplification === 1)?.versusIncumbent?.p).toBeCloseTo(2 / 2 ** 20, 15);
    expect(decision.candidates.map((c) => c.amplification)).toEqual([1, 3, 10]);
    expect(decision.candidates.find((c) => c.amplification === 3)?.versusIncumbent).toBeUndefined();
    // An incumbent the study did not measure is replaced by the best candidate.
    expect(decideDefault({ results: candidates({ 10: [0.001, 0, 0, 0, 0] }), defaultAtRun: 5 }, datasets, ['b'])).toMatchObject({
      incumbent: 5,
      chosen: 10,
      reason: 'no-incumbent',
    });
  });

  it('compares CCE, weighted CCE and the candidate L of the decision (one-vs-rest is left out for cost)', () => {
    expect(TUNED_DESIGNS.map((d) => d.id)).toEqual(['CCE', 'weighted CCE', 'softmax L=1', 'softmax L=3', 'softmax L=10']);
    expect(STUDY_DESIGNS.map((d) => d.id)).toContain(LEFT_OUT_OF_PART_TWO);
  });
});

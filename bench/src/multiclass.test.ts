import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stratifiedKFold } from '@anyloss/datasets';
import { expectClose, numericGradient } from '@anyloss/test-utils';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { corpusDatasetNames, loadCorpusDataset } from './dataset.js';
import { coreEngine } from './engines.js';
import { evaluateMulticlassPredictions } from './evaluate.js';
import { categoricalCrossEntropy, createTrainingLoss } from './losses.js';
import { logisticLossAndGradient } from './models/logistic.js';
import { initMlpParameters, mlpLayout, mlpLossAndGradient, type MlpShape } from './models/mlp.js';
import type { TrainingData } from './models/types.js';
import { createRandom } from './random.js';
import { runBenchmark, runMulticlassBenchmark } from './run.js';

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
    expectClose(gradient, numericGradient((z) => categoricalCrossEntropy(labels, z, classes, scratch), logits, 1e-6), GRADIENT_TOLERANCE);
  });

  it('is log K at zero logits and stable for huge logits', () => {
    const gradient = new Float64Array(6);
    // −log(1/3) at z = 0: the definition.
    expect(categoricalCrossEntropy([0, 2], new Float64Array(6), 3, gradient)).toBeCloseTo(Math.log(3), 12);
    expect(Number.isFinite(categoricalCrossEntropy([0], Float64Array.from([1000, -1000, 0]), 3, gradient))).toBe(true);
  });
});

// L kept small (softmax L = 3, one-vs-rest L = 5) so the amplified loss is smooth enough for a 1e-6 central difference.
const CASES = [
  { name: 'cce', options: {} },
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
    expectClose(gradient, numericGradient((p) => logisticLossAndGradient(p, data, loss, scratch), parameters, 1e-6), GRADIENT_TOLERANCE);
  });

  for (const batchNorm of [true, false]) {
    it.each(CASES)(`the MLP with a K-way softmax output matches finite differences for $name $options (batchNorm ${batchNorm})`, ({ name, options }) => {
      const classes = 4;
      const data = randomData(20, 3, classes, 3);
      const shape: MlpShape = { width: 3, hidden: 3, batchNorm, outputs: classes };
      const loss = createTrainingLoss(name, { trainingLabels: data.labels, classes, ...options });
      const parameters = initMlpParameters(shape, createRandom(4));
      const size = mlpLayout(shape).size;
      const gradient = new Float64Array(size);
      mlpLossAndGradient(parameters, shape, data, loss, gradient);
      const scratch = new Float64Array(size);
      expectClose(gradient, numericGradient((p) => mlpLossAndGradient(p, shape, data, loss, scratch), parameters, 1e-6), GRADIENT_TOLERANCE);
    });
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
      const config = { datasets, losses: ['cce', 'f1'] as const, model, engine: coreEngine, folds: 3, seed: 1, epochs: model === 'logistic' ? 100 : 150, learningRate: model === 'logistic' ? 1 : 0.03, amplification: 3 };
      const first = await runMulticlassBenchmark(config);
      for (const result of first) expect(result.metrics.macroF1).toBeGreaterThan(0.8);
      const second = await runMulticlassBenchmark(config);
      expect(second.map((r) => r.foldMetrics)).toEqual(first.map((r) => r.foldMetrics));
    }
  });

  it('keeps binary and multi-class runners apart', async () => {
    const glass = loadCorpusDataset('weka-glass');
    await expect(runBenchmark({ datasets: [glass], losses: ['bce'], model: 'logistic', engine: coreEngine, folds: 2, seed: 1, epochs: 1 })).rejects.toThrow(/has 6 classes; runBenchmark is binary/);
    await expect(runMulticlassBenchmark({ datasets: [glass], losses: ['bce'], model: 'logistic', engine: coreEngine, folds: 2, seed: 1, epochs: 1 })).rejects.toThrow(/"bce" is for binary targets/);
  });

  it('the command writes multi-class JSON results with macroF1, macroBalancedAccuracy and accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const stdout = sink();
    const stderr = sink();
    const argv = ['--datasets', 'sklearn-wine,weka-credit-g', '--losses', 'bce,cce,f1', '--amplifier', 'one-vs-rest', '--folds', '2', '--epochs', '10', '--json', 'r.json', '--report', 'rep', '--quiet'];
    expect(await runCli(argv, { stdout, stderr, cwd: dir, root: dir })).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { results: Record<string, unknown>[] };
    const multiclass = json.results.filter((r) => r['dataset'] === 'sklearn-wine');
    expect(multiclass.map((r) => r['loss'])).toEqual(['cce', 'f1']);
    for (const result of multiclass) {
      expect(Object.keys(result)).toEqual(['dataset', 'loss', 'model', 'engine', 'folds', 'metrics', 'seconds', 'secondsPerEpoch', 'epochs', 'batchSize', 'learningRate', 'rows', 'classes', 'minorityShare', 'average', 'amplifier', 'amplification', 'convergence']);
      expect(Object.keys(result['metrics'] as object)).toEqual(['macroF1', 'macroBalancedAccuracy', 'accuracy']);
      expect(result).toMatchObject({ model: 'logistic', engine: 'core', folds: 2, rows: 178, classes: 3, average: 'macro', amplifier: 'one-vs-rest', amplification: 73 });
    }
    // The binary set runs bce and f1 (cce is multi-class only).
    expect(json.results.filter((r) => r['dataset'] === 'weka-credit-g').map((r) => r['loss'])).toEqual(['bce', 'f1']);
    expect(stdout.text()).toContain('| dataset | classes | rarest class | loss | macro-F1 | macro balanced acc. | accuracy | train s |');
    expect(readFileSync(join(dir, 'rep', 'index.md'), 'utf8')).toContain('## Multi-class targets');
    expect(existsSync(join(dir, 'rep', 'multiclass-macro-f1.svg'))).toBe(true);
  });

  it('the command runs a 3-class CSV and reports its classes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const rows = ['x1,x2,y'];
    for (let i = 0; i < 30; i++) rows.push(`${i % 3 + (i % 7) / 10},${(i * 5) % 9},${['low', 'mid', 'high'][i % 3] as string}`);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'three.csv'), rows.join('\n'));
    const stdout = sink();
    const stderr = sink();
    expect(await runCli(['--data', 'three.csv', '--target', 'y', '--folds', '3', '--epochs', '5', '--quiet'], { stdout, stderr, cwd: dir })).toBe(0);
    expect(stderr.text()).toContain('multi-class target with 3 classes: 0 = "high", 1 = "low", 2 = "mid"');
    expect(stdout.text()).toContain('| three | 3 | 33.3% | CCE |');
  });

  it('the multiclass-study command writes its report, JSON and chart, and rebuilds from the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-study-'));
    const stdout = sink();
    const argv = ['multiclass-study', '--datasets', 'sklearn-iris,weka-glass', '--folds', '2', '--epochs', '2', '--report', 'out', '--quiet'];
    expect(await runCli(argv, { stdout, stderr: sink(), cwd: dir, root: dir })).toBe(0);
    const index = readFileSync(join(dir, 'out', 'index.md'), 'utf8');
    expect(index).toContain('## Verdict');
    expect(index).toContain('| softmax L=10 |');
    expect(existsSync(join(dir, 'out', 'macro-f1.svg'))).toBe(true);
    const record = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as { results: unknown[]; learningRates: Record<string, { chosen: number }> };
    expect(record.results).toHaveLength(2 * 8 * 2); // models × designs × datasets
    expect(Object.keys(record.learningRates)).toEqual(['logistic', 'mlp']);
    expect(await runCli([...argv, '--reuse-results'], { stdout: sink(), stderr: sink(), cwd: dir, root: dir })).toBe(0);
    expect(readFileSync(join(dir, 'out', 'index.md'), 'utf8')).toBe(index);
  });
});

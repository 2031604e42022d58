// Evidence on a real imbalanced multi-class dataset from the repository (weka-glass: 6 classes of 70, 76, 17, 13,
// 9 and 29 rows): test macro-F1 of a NeuralNetwork({ hiddenLayers: [8] }) with 6 output nodes trained with
// train(net, data, { metric: metrics.f1, average: 'macro' }) versus the same architecture, the same seeded initial
// weights and the same number of iterations trained with brain.js's own net.train (squared error on one-hot rows).
import { describe, expect, it } from 'vitest';
import { metrics } from '@anyloss/core';
import { train } from './train.js';
import { withSeededRandom } from './with-seeded-random.js';
import { holdoutRows } from '@anyloss/datasets';
import { macroF1Score, VERSIONS, type Row } from './testing/index.js';

const NAME = 'weka-glass';
const SEEDS = [1, 2, 3] as const;
const ITERATIONS = 200;

/** Macro-F1 of always predicting the most frequent training class, on `test` (counted by hand). */
function constantBaseline(train: readonly Row[], test: readonly Row[]): number {
  const counts = new Array<number>((train[0] as Row).output.length).fill(0);
  for (const { output } of train) counts[output.indexOf(1)] = (counts[output.indexOf(1)] as number) + 1;
  const majority = counts.indexOf(Math.max(...counts));
  const support = test.filter(({ output }) => output[majority] === 1).length;
  const present = new Set(test.map(({ output }) => output.indexOf(1))).size;
  // Only the majority class gets an F1 > 0: 2·TP / (2·TP + FP + FN) with TP = support, FP = n − support, FN = 0.
  return (2 * support) / (2 * support + (test.length - support)) / present;
}

describe.each(VERSIONS)('real imbalanced multi-class data (%s)', (version, NeuralNetwork) => {
  it(`${NAME}: test macro-F1 after train(net, data, { metric: metrics.f1, average: 'macro' }) and after net.train`, () => {
    const anyLossScores: number[] = [];
    const brainScores: number[] = [];
    const baselines: number[] = [];
    for (const seed of SEEDS) {
      const { train: rows, test } = holdoutRows(NAME, { seed, oneHot: true });
      const ours = new NeuralNetwork({ hiddenLayers: [8] });
      const stats = train(ours, rows, { metric: metrics.f1, average: 'macro', seed, iterations: ITERATIONS });
      expect(stats.metric.value).toBeCloseTo(macroF1Score(ours, rows), 12); // training macro-F1, counted by hand
      anyLossScores.push(macroF1Score(ours, test));
      const theirs = new NeuralNetwork({ hiddenLayers: [8] });
      // Same seeded Math.random during brain's own initialisation: identical initial weights.
      withSeededRandom(seed, () => theirs.train(rows as never, { iterations: ITERATIONS, errorThresh: 1e-9 } as never));
      brainScores.push(macroF1Score(theirs, test));
      baselines.push(constantBaseline(rows, test));
    }
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    const show = (values: number[]): string => `${values.map((s) => s.toFixed(3)).join(', ')} (mean ${mean(values).toFixed(3)})`;
    console.log(
      `${version} · ${NAME} · test macro-F1 per seed: AnyLoss macro-F1 ${show(anyLossScores)} · brain net.train ${show(brainScores)} · constant ${show(baselines)}`,
    );
    // Robust facts only: both learn far beyond the constant predictor (macro-F1 ≈ 0.09 here); the two are close
    // on this dataset (see the README for the numbers), so no winner is asserted.
    anyLossScores.forEach((score, i) => expect(score).toBeGreaterThan(3 * (baselines[i] as number)));
    brainScores.forEach((score, i) => expect(score).toBeGreaterThan(3 * (baselines[i] as number)));
    expect(mean(anyLossScores)).toBeGreaterThan(0.45);
  });
});

// Evidence on real imbalanced data from the repository: test F1 of a NeuralNetwork({ hiddenLayers: [8] }) trained
// with train(net, data, { metric: metrics.f1 }) (the package defaults) versus the same architecture, the same
// seeded initial weights and the same number of iterations trained with brain.js's own net.train (its defaults).
import { describe, expect, it } from 'vitest';
import { metrics } from '@anyloss/core';
import { train } from './train.js';
import { withSeededRandom } from './with-seeded-random.js';
import { holdoutRows } from '@anyloss/datasets';
import { f1Score, VERSIONS } from './testing/index.js';

const DATASETS = ['ddalpha-bloodtransfusion', 'ddalpha-plasma_retinol_mvsf'] as const;
const SEEDS = [1, 2] as const;
const ITERATIONS = 200;

describe.each(VERSIONS)('real imbalanced data (%s)', (version, NeuralNetwork) => {
  it.each(DATASETS)('%s: test F1 after train(net, data, { metric: metrics.f1 }) beats net.train', (name) => {
    const anyLossScores: number[] = [];
    const brainScores: number[] = [];
    for (const seed of SEEDS) {
      const { train: rows, test } = holdoutRows(name, { seed });
      const ours = new NeuralNetwork({ hiddenLayers: [8] });
      train(ours, rows, { metric: metrics.f1, seed, iterations: ITERATIONS });
      anyLossScores.push(f1Score(ours, test));
      const theirs = new NeuralNetwork({ hiddenLayers: [8] });
      // Same seeded Math.random during brain's own initialisation: identical initial weights.
      withSeededRandom(seed, () => theirs.train(rows as never, { iterations: ITERATIONS, errorThresh: 1e-9 } as never));
      brainScores.push(f1Score(theirs, test));
    }
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    console.log(
      `${version} · ${name} · test F1 per seed: AnyLoss-F1 ${anyLossScores.map((s) => s.toFixed(3)).join(', ')} · brain net.train ${brainScores.map((s) => s.toFixed(3)).join(', ')}`,
    );
    expect(mean(anyLossScores)).toBeGreaterThan(mean(brainScores));
    anyLossScores.forEach((score, i) => expect(score).toBeGreaterThan(brainScores[i] as number));
  });
});

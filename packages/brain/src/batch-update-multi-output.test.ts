// The K-output form of batch-update.test.ts: on a tiny 2-3-3 net, the accumulated update of one batch equals
// −learningRate·n·∇(batch loss), the loss being core's multi-class (or multi-label) AnyLoss of the net's K outputs,
// differentiated by float64 finite differences independently of brain.js. Both brain.js versions.
import { describe, expect, it } from 'vitest';
import { metrics } from '@anyloss/core';
import { multiclassAnyLoss } from '@anyloss/core/multiclass';
import { maxRelativeError, numericGradient } from '@anyloss/test-utils';
import { train } from './train.js';
import { withSeededRandom } from './with-seeded-random.js';
import { parameters, VERSIONS } from './testing/index.js';

const INPUTS = [
  [0.2, -1.1],
  [1.3, 0.4],
  [-0.7, 0.9],
  [0.9, -0.3],
  [-1.2, -0.5],
  [0.1, 1.4],
  [0.6, 0.8],
] as const;
const ONE_HOT = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 0],
  [0, 0, 1],
  [0, 1, 0],
  [0, 1, 0],
];
const MULTI_HOT = [
  [1, 0, 1],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
  [0, 0, 0],
  [0, 1, 1],
  [1, 1, 1],
];
const LEARNING_RATE = 0.5;
const K = 3;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The K sigmoid outputs of a 2-3-3 net for every input, from the flattened parameters (layout of `parameters`). */
function forward(theta: readonly number[]): number[][] {
  // Hidden nodes j = 0..2 → [w_j0, w_j1, b_j]; output nodes k = 0..2 → [v_k0, v_k1, v_k2, c_k] from offset 9.
  return INPUTS.map((input) => {
    const hidden = [0, 1, 2].map((j) =>
      sigmoid((theta[3 * j] as number) * input[0] + (theta[3 * j + 1] as number) * input[1] + (theta[3 * j + 2] as number)),
    );
    return [0, 1, 2].map((k) =>
      sigmoid(hidden.reduce((sum, h, j) => sum + (theta[9 + 4 * k + j] as number) * h, theta[9 + 4 * k + 3] as number)),
    );
  });
}

const CASES = [
  {
    task: 'multiclass' as const,
    labels: ONE_HOT,
    // Multi-class: rows of sigmoids normalised to sum 1, core's sharpened-softmax amplifier (L = 4 here).
    batchLoss: (theta: readonly number[]): number => {
      const loss = multiclassAnyLoss(metrics.f1, { average: 'macro', output: 'softmax', amplification: 4 });
      const rows = forward(theta).map((row) => {
        const sum = row.reduce((a, b) => a + b, 0);
        return row.map((value) => value / sum);
      });
      return loss.loss(ONE_HOT, rows);
    },
  },
  {
    task: 'multilabel' as const,
    labels: MULTI_HOT,
    batchLoss: (theta: readonly number[]): number =>
      multiclassAnyLoss(metrics.f1, { average: 'macro', output: 'sigmoid', amplification: 4 }).loss(MULTI_HOT, forward(theta)),
  },
];

describe.each(VERSIONS)('one update per batch, K = 3 output nodes (%s)', (version, NeuralNetwork) => {
  it.each(CASES)('$task: the accumulated update equals −learningRate·batchLength·∇(batch loss)', ({ task, labels, batchLoss }) => {
    const data = INPUTS.map((input, i) => ({ input: [...input], output: labels[i] as number[] }));
    // A trained starting point (not the random initialisation) so that the gradient is not tiny.
    const net = new NeuralNetwork({ hiddenLayers: [3] });
    withSeededRandom(3, () => net.train(data as never, { iterations: 50 } as never));
    expect(net.sizes).toEqual([2, 3, K]);
    const start = parameters(net);
    const expectedStep = numericGradient(batchLoss, start, 1e-6).map((g) => -LEARNING_RATE * data.length * g);
    train(net, data, {
      metric: metrics.f1,
      average: 'macro',
      task,
      amplification: 4,
      batchSize: data.length,
      iterations: 1,
      learningRate: LEARNING_RATE,
      momentum: 0,
      shuffle: false,
      errorThresh: -1,
      gradientScale: 'sum',
    });
    const step = parameters(net).map((value, i) => value - (start[i] as number));
    const error = maxRelativeError(step, expectedStep);
    console.log(`${version} · ${task} K = 3: accumulated update vs finite differences: max relative error ${error.toExponential(2)}`);
    // Float32 weights and activations in brain.js limit the agreement (as for one output node).
    expect(error).toBeLessThan(1e-6); // measured: 7.4e-8 (multi-class), 2.0e-7 (multi-label)
    expect(Math.max(...expectedStep.map(Math.abs))).toBeGreaterThan(1e-3); // the check is not vacuous
  });
});

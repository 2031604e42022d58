import { describe, it } from 'vitest';
import { expectClose, numericGradient } from './test-support.js';
import { createTrainingLoss } from './losses.js';
import { logisticLossAndGradient } from './models/logistic.js';
import { initMlpParameters, mlpLayout, mlpLossAndGradient, type MlpShape } from './models/mlp.js';
import type { TrainingData } from './models/types.js';
import { createRandom } from './random.js';

function randomData(rows: number, width: number, seed: number): TrainingData {
  const random = createRandom(seed);
  const features = Float64Array.from({ length: rows * width }, () => 2 * random() - 1);
  const labels = Float64Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0));
  return { features, labels, rows, width };
}

// L = 10 keeps the amplified loss smooth enough at the random points for a 1e-6 central difference.
const LOSSES = ['bce', 'wbce', 'mse', 'f1', 'balancedAccuracy', 'geometricMean', 'mcc', 'accuracy'] as const;

describe('logistic unit gradient', () => {
  it.each(LOSSES)('matches finite differences for %s', (name) => {
    const data = randomData(30, 4, 1);
    const loss = createTrainingLoss(name, { amplification: 10, trainingLabels: data.labels });
    const random = createRandom(2);
    const parameters = Float64Array.from({ length: 5 }, () => 0.5 * (2 * random() - 1));
    const gradient = new Float64Array(5);
    logisticLossAndGradient(parameters, data, loss, gradient);
    const scratch = new Float64Array(5);
    const numeric = numericGradient((p) => logisticLossAndGradient(p, data, loss, scratch), parameters, 1e-6);
    expectClose(gradient, numeric);
  });
});

describe('MLP gradient', () => {
  for (const batchNorm of [true, false]) {
    it.each(LOSSES)(`matches finite differences for %s (batchNorm ${batchNorm})`, (name) => {
      const data = randomData(24, 3, 3);
      const shape: MlpShape = { width: 3, hidden: 2, batchNorm };
      const loss = createTrainingLoss(name, { amplification: 10, trainingLabels: data.labels });
      const parameters = initMlpParameters(shape, createRandom(4));
      const size = mlpLayout(shape).size;
      const gradient = new Float64Array(size);
      mlpLossAndGradient(parameters, shape, data, loss, gradient);
      const scratch = new Float64Array(size);
      const numeric = numericGradient((p) => mlpLossAndGradient(p, shape, data, loss, scratch), parameters, 1e-6);
      expectClose(gradient, numeric);
    });
  }
});

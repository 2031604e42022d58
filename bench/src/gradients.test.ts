import { expectClose, numericGradient } from '@anyloss/test-utils';
import { describe, expect, it } from 'vitest';
import { createTrainingLoss, normalizeBatchGradient, scheduledAmplification, type AnyLossRecipe, type TrainingLoss } from './losses.js';
import { logisticLossAndGradient } from './models/logistic.js';
import { initMlpParameters, mlpLayout, mlpLossAndGradient, type MlpShape } from './models/mlp.js';
import type { TrainingData } from './models/types.js';
import { createRandom } from './random.js';

/** Every element within 1e-5 of the largest expected magnitude (at least 1e-3): analytic against central differences. */
const GRADIENT_TOLERANCE = { relative: 1e-5, minimumScale: 1e-3 };

function randomData(rows: number, width: number, seed: number): TrainingData {
  const random = createRandom(seed);
  const features = Float64Array.from({ length: rows * width }, () => 2 * random() - 1);
  const labels = Float64Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0));
  return { features, labels, rows, width };
}

// L = 10 keeps the amplified loss smooth enough at the random points for a 1e-6 central difference.
const LOSSES = ['bce', 'wbce', 'mse', 'bce-thr', 'focal', 'soft-f1', 'f1', 'balancedAccuracy', 'geometricMean', 'mcc', 'accuracy'] as const;

/** AnyLoss recipes whose gradient is the exact gradient of their loss (gradient normalisation is checked separately). */
const RECIPES: readonly {
  readonly label: string;
  readonly metric: 'f1' | 'mcc' | 'balancedAccuracy';
  readonly recipe: AnyLossRecipe;
  readonly epoch?: number;
}[] = [
  { label: 'f1, no amplification', metric: 'f1', recipe: { amplification: 'none' } },
  { label: 'mcc, no amplification', metric: 'mcc', recipe: { amplification: 'none' } },
  { label: 'balancedAccuracy, no amplification', metric: 'balancedAccuracy', recipe: { amplification: 'none' } },
  { label: 'f1 + 0.5·BCE at L = 5', metric: 'f1', recipe: { amplification: 5, bceWeight: 0.5 } },
  { label: 'mcc + 0.2·BCE, no amplification', metric: 'mcc', recipe: { amplification: 'none', bceWeight: 0.2 } },
  { label: 'f1, L ramping 1 → 10, epoch 3 of 10', metric: 'f1', recipe: { amplificationStart: 1 }, epoch: 3 },
];

function recipeLoss(entry: (typeof RECIPES)[number], labels: Float64Array): TrainingLoss {
  const loss = createTrainingLoss(entry.metric, { amplification: 10, trainingLabels: labels, recipe: entry.recipe });
  if (entry.epoch !== undefined) loss.beginEpoch?.(entry.epoch, 10);
  return loss;
}

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
    expectClose(gradient, numeric, GRADIENT_TOLERANCE);
  });
});

describe('recipe losses: exact gradients', () => {
  it.each(RECIPES.map((entry) => [entry.label, entry] as const))('logistic unit: %s', (_, entry) => {
    const data = randomData(30, 4, 5);
    const loss = recipeLoss(entry, data.labels);
    const random = createRandom(6);
    const parameters = Float64Array.from({ length: 5 }, () => 0.5 * (2 * random() - 1));
    const gradient = new Float64Array(5);
    logisticLossAndGradient(parameters, data, loss, gradient);
    const scratch = new Float64Array(5);
    expectClose(
      gradient,
      numericGradient((p) => logisticLossAndGradient(p, data, loss, scratch), parameters, 1e-6),
      GRADIENT_TOLERANCE,
    );
  });

  it.each(RECIPES.map((entry) => [entry.label, entry] as const))('MLP with BatchNorm: %s', (_, entry) => {
    const data = randomData(24, 3, 7);
    const shape: MlpShape = { width: 3, hidden: 2, batchNorm: true };
    const loss = recipeLoss(entry, data.labels);
    const parameters = initMlpParameters(shape, createRandom(8));
    const size = mlpLayout(shape).size;
    const gradient = new Float64Array(size);
    mlpLossAndGradient(parameters, shape, data, loss, gradient);
    const scratch = new Float64Array(size);
    expectClose(
      gradient,
      numericGradient((p) => mlpLossAndGradient(p, shape, data, loss, scratch), parameters, 1e-6),
      GRADIENT_TOLERANCE,
    );
  });

  it('the schedule ramps L geometrically over the first half of the epochs, then holds it', () => {
    expect(scheduledAmplification(1, 16, 0, 8)).toBe(1);
    expect(scheduledAmplification(1, 16, 2, 8)).toBeCloseTo(4, 12); // halfway through the 4-epoch ramp: √16
    expect(scheduledAmplification(1, 16, 4, 8)).toBeCloseTo(16, 12);
    expect(scheduledAmplification(1, 16, 7, 8)).toBeCloseTo(16, 12);
  });

  it('the no-amplification F1 recipe is soft-f1, and a recipe without levers is the plain AnyLoss', () => {
    const data = randomData(20, 1, 9);
    const logits = Float64Array.from(data.features, (x) => 3 * x);
    const run = (loss: TrainingLoss): { value: number; gradient: number[] } => {
      const gradient = new Float64Array(data.rows);
      const value = loss.lossAndGradient(data.labels, logits, gradient);
      return { value, gradient: [...gradient] };
    };
    expect(run(createTrainingLoss('f1', { trainingLabels: data.labels, recipe: { amplification: 'none' } }))).toEqual(
      run(createTrainingLoss('soft-f1', { trainingLabels: data.labels })),
    );
    expect(run(createTrainingLoss('mcc', { amplification: 7, trainingLabels: data.labels, recipe: {} }))).toEqual(
      run(createTrainingLoss('mcc', { amplification: 7, trainingLabels: data.labels })),
    );
  });
});

describe('gradient normalisation', () => {
  it('scales the exact logit gradient so that its largest entry is 1/n, for the logistic unit and the MLP', () => {
    const data = randomData(30, 3, 11);
    for (const recipe of [{ amplification: 10 }, { amplification: 'none' as const, bceWeight: 0.3 }]) {
      const raw = createTrainingLoss('f1', { trainingLabels: data.labels, recipe });
      const normalized = createTrainingLoss('f1', { trainingLabels: data.labels, recipe: { ...recipe, normalizeGradient: true } });
      const logits = Float64Array.from({ length: data.rows }, (_, i) => Math.sin(i));
      const exact = new Float64Array(data.rows);
      const rawValue = raw.lossAndGradient(data.labels, logits, exact);
      const scaled = new Float64Array(data.rows);
      expect(normalized.lossAndGradient(data.labels, logits, scaled)).toBe(rawValue); // the value is the loss's
      const largest = Math.max(...[...exact].map(Math.abs));
      expectClose(
        scaled,
        Float64Array.from(exact, (g) => g / (largest * data.rows)),
        GRADIENT_TOLERANCE,
      );
      expect(Math.max(...[...scaled].map(Math.abs))).toBeCloseTo(1 / data.rows, 15);
      // Through a model: the parameter gradient is the finite-difference gradient of the loss times that factor.
      const shape: MlpShape = { width: 3, hidden: 2, batchNorm: true };
      const parameters = initMlpParameters(shape, createRandom(12));
      const size = mlpLayout(shape).size;
      const modelGradient = new Float64Array(size);
      mlpLossAndGradient(parameters, shape, data, normalized, modelGradient);
      const scratch = new Float64Array(size);
      const numeric = numericGradient((p) => mlpLossAndGradient(p, shape, data, raw, scratch), parameters, 1e-6);
      // The factor at these parameters: 1/(n·max|∂loss/∂z|) of the batch's logits.
      let factor = Number.NaN;
      const capture: TrainingLoss = {
        ...raw,
        lossAndGradient(labels, z, g) {
          const value = raw.lossAndGradient(labels, z, g);
          factor = 1 / (Math.max(...[...g].map(Math.abs)) * labels.length);
          return value;
        },
      };
      mlpLossAndGradient(parameters, shape, data, capture, scratch);
      expectClose(
        modelGradient,
        Float64Array.from(numeric, (g) => g * factor),
        GRADIENT_TOLERANCE,
      );
    }
  });

  it('leaves an all-zero gradient unchanged', () => {
    const gradient = new Float64Array(4);
    normalizeBatchGradient(gradient);
    expect([...gradient]).toEqual([0, 0, 0, 0]);
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
      expectClose(gradient, numeric, GRADIENT_TOLERANCE);
    });
  }
});

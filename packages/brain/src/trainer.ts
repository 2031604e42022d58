import { AnyLossError, confusionMatrix, seededRandom } from '@anyloss/core';
import { averageMetric } from '@anyloss/core/multiclass';
import { createBatchUpdate, emptyCells, type CellSums, type TrainingRows } from './batch-update.js';
import { multiOutputMetric } from './multi-output-metric.js';
import type { BrainInternals, FormattedRow } from './network.js';
import type { ResolvedTrainOptions, TrainStatus } from './options.js';
import { prepareTraining } from './training-setup.js';

/** What {@link train} returns: brain.js's `{ error, iterations }` plus the metric on the training data. */
export interface TrainResult extends TrainStatus {
  /**
   * The optimised metric on the trained net's hard predictions for the training rows, unweighted: p > 0.5 for one
   * output node; for K output nodes core's `multiclassMetric` with the same `average` (argmax for multi-class,
   * each node > 0.5 for multi-label).
   */
  readonly metric: { readonly name: string; readonly value: number };
}

/** One epoch at a time, so that {@link train} and {@link trainAsync} share everything but the loop. */
export interface Trainer {
  /** Runs one epoch; returns false (and does nothing) once a stopping rule holds. */
  step(): boolean;
  /** The final result. */
  result(): TrainResult;
}

/**
 * Validates and prepares everything (see `prepareTraining`) and returns a {@link Trainer}.
 *
 * Each epoch: shuffle; for each mini-batch, run brain's forward pass (`runInput`) on every pattern and keep its
 * activations; compute ∂loss/∂p over the batch with `@anyloss/core` (for K output nodes, with
 * `@anyloss/core/multiclass`: one value per pattern and node); for every pattern restore its activations and
 * call brain's `calculateDeltas` with the target that makes `target − output = −s·∂loss/∂p` (s from `gradientScale`); sum the
 * resulting gradients and apply them as one update with brain's SGD-with-momentum rule.
 */
export function createTrainer(network: unknown, data: unknown, options: unknown): Trainer {
  const { net, layers, settings, rows } = prepareTraining(network, data, options);
  const training = trainingRows(rows, settings.average === undefined ? 1 : layers.outputNodes);
  const batches = createBatchUpdate(net, layers, settings, training);
  const order = Array.from({ length: rows.length }, (_, i) => i);
  const random = seededRandom(settings.seed ?? Math.floor(Math.random() * 4294967296));
  const batchSize = Math.min(settings.batchSize, rows.length);
  const endTime = Date.now() + settings.timeout;
  let iterations = 0;
  let error = Infinity;

  /** One pass over the data; returns the epoch's AnyLoss value from the soft cells summed over its batches. */
  const epoch = (): number => {
    if (settings.shuffle) shuffleInPlace(order, random);
    const cells = emptyCells();
    const classCells = Array.from({ length: training.outputNodes }, emptyCells);
    for (let start = 0; start < order.length; start += batchSize) {
      if (!batches.run(order, start, Math.min(batchSize, order.length - start), cells, classCells)) {
        throw divergence(settings, training, iterations + 1, start / batchSize + 1);
      }
    }
    return epochLoss(settings, cells, classCells);
  };

  return {
    step() {
      if (iterations >= settings.iterations || error <= settings.errorThresh || Date.now() >= endTime) return false;
      error = epoch();
      iterations++;
      const status: TrainStatus = { error, iterations };
      if (settings.log !== undefined && iterations % settings.logPeriod === 0) settings.log(status);
      if (settings.callback !== undefined && iterations % settings.callbackPeriod === 0) settings.callback(status);
      return true;
    },
    result() {
      return { error, iterations, metric: { name: settings.metric.name, value: trainingMetric(net, settings, training) } };
    },
  };
}

/** The formatted rows as the batches read them: inputs, and labels flat n×K. */
function trainingRows(rows: readonly FormattedRow[], outputNodes: number): TrainingRows {
  const labels = new Float64Array(rows.length * outputNodes);
  rows.forEach((row, i) => {
    for (let k = 0; k < outputNodes; k++) labels[i * outputNodes + k] = row.output[k] ?? Number.NaN;
  });
  return { inputs: rows.map((row) => row.input), labels, outputNodes };
}

/** Fisher–Yates with the trainer's seeded PRNG. */
function shuffleInPlace(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i] ?? i;
    order[i] = order[j] ?? j;
    order[j] = swap;
  }
}

/** The AnyLoss value `1 − metric` of the epoch's summed soft cells (averaged over the classes for K outputs). */
function epochLoss(settings: ResolvedTrainOptions, cells: CellSums, classCells: CellSums[]): number {
  return settings.average === undefined
    ? 1 - settings.metric.value(cells)
    : 1 - averageMetric(settings.metric, classCells, settings.average);
}

/** The metric of the net's hard predictions on the training rows (see {@link TrainResult}). */
function trainingMetric(net: BrainInternals, settings: ResolvedTrainOptions, training: TrainingRows): number {
  const { inputs, labels, outputNodes } = training;
  const probabilities = new Float64Array(inputs.length * outputNodes);
  inputs.forEach((input, i) => {
    const outputs = net.runInput(input);
    for (let k = 0; k < outputNodes; k++) probabilities[i * outputNodes + k] = outputs[k] ?? Number.NaN;
  });
  return settings.average === undefined
    ? settings.metric.value(confusionMatrix(labels, probabilities))
    : multiOutputMetric(settings.metric, labels, probabilities, outputNodes, settings.average, settings.task ?? 'multiclass');
}

/** The error for a batch whose update would overflow brain's float32 weights; the net keeps its weights. */
function divergence(settings: ResolvedTrainOptions, training: TrainingRows, epoch: number, batch: number): AnyLossError {
  let largestInput = 0;
  for (const input of training.inputs)
    for (let k = 0; k < input.length; k++) largestInput = Math.max(largestInput, Math.abs(input[k] ?? 0));
  return new AnyLossError(
    'INVALID_OPTION',
    `training diverged in epoch ${epoch}, batch ${batch}: with options.learningRate = ${settings.learningRate} the update ` +
      `overflows the net's float32 weights (the largest |input| is ${largestInput}). The net keeps its weights from before ` +
      'this batch; lower options.learningRate, or scale the inputs (e.g. standardise them).',
    { argument: 'options.learningRate', value: settings.learningRate },
  );
}

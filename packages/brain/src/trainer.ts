import { anyLoss, confusionMatrix, type ConfusionCells } from '@anyloss/core';
import { assertTrainingData } from './data.js';
import { AnyLossError } from './describe.js';
import { createGradientAccumulator } from './gradient-accumulator.js';
import { assertPasses, assertTrainableConfiguration, isInitialized, readNetwork, type BrainInternals, type FormattedRow } from './network.js';
import { resolveTrainOptions, type ResolvedTrainOptions, type TrainStatus } from './options.js';
import { outputErrorTerms } from './output-error-terms.js';
import { seededRandom, withSeededRandom } from './seeded-random.js';

/** What {@link train} returns: brain.js's `{ error, iterations }` plus the metric on the training data. */
export interface TrainResult extends TrainStatus {
  /** The optimised metric on the trained net's hard predictions (p > 0.5) for the training rows, unweighted. */
  readonly metric: { readonly name: string; readonly value: number };
}

/** One epoch at a time, so that {@link train} and {@link trainAsync} share everything but the loop. */
export interface Trainer {
  /** Runs one epoch; returns false (and does nothing) once a stopping rule holds. */
  step(): boolean;
  /** The final result. */
  result(): TrainResult;
}

function formatRows(net: BrainInternals, data: Parameters<BrainInternals['formatData']>[0]): FormattedRow[] {
  const rows = net.formatData(data);
  for (let index = 0; index < rows.length; index++) {
    const output = (rows[index] as FormattedRow).output;
    if (output.length !== 1) {
      throw new AnyLossError(
        'LENGTH_MISMATCH',
        `data[${index}].output gives ${output.length} output values after brain.js formats it; AnyLoss trains a single ` +
          'output node, so object outputs must all use the same single key.',
        { argument: `data[${index}].output`, index, value: output.length },
      );
    }
  }
  return rows;
}

function assertShapes(net: BrainInternals, rows: readonly FormattedRow[]): void {
  const sizes = net.sizes as number[];
  const inputSize = sizes[0] as number;
  for (let index = 0; index < rows.length; index++) {
    const length = (rows[index] as FormattedRow).input.length;
    if (length !== inputSize) {
      throw new AnyLossError('LENGTH_MISMATCH', `data[${index}].input has ${length} values but the net has ${inputSize} inputs.`, {
        argument: `data[${index}].input`,
        index,
        value: length,
      });
    }
  }
  const outputSize = sizes[sizes.length - 1];
  if (outputSize !== 1) {
    throw new AnyLossError('INVALID_ARGUMENT', `net has ${outputSize} output nodes; AnyLoss trains a net with a single output node (a binary label).`, {
      argument: 'net',
      value: outputSize,
    });
  }
}

function addCells(total: { truePositives: number; falseNegatives: number; falsePositives: number; trueNegatives: number }, cells: ConfusionCells): void {
  total.truePositives += cells.truePositives;
  total.falseNegatives += cells.falseNegatives;
  total.falsePositives += cells.falsePositives;
  total.trueNegatives += cells.trueNegatives;
}

/**
 * Validates everything, formats the data with brain.js's own `formatData`, initialises the net with brain.js's own
 * `verifyIsInitialized` (under a seeded `Math.random` when `seed` is given) and returns a {@link Trainer}.
 *
 * Each epoch: shuffle; for each mini-batch, run brain's forward pass (`runInput`) on every pattern and keep its
 * activations; compute ∂loss/∂p over the batch with `@anyloss/core`; for every pattern restore its activations and
 * call brain's `calculateDeltas` with the target that makes `target − output = −s·∂loss/∂p` (s from `gradientScale`); sum the
 * resulting gradients and apply them as one update with brain's SGD-with-momentum rule.
 */
export function createTrainer(network: unknown, data: unknown, options: unknown): Trainer {
  const net = readNetwork(network);
  assertTrainingData(data);
  const settings: ResolvedTrainOptions = resolveTrainOptions(options, data.length);
  const loss = anyLoss(settings.metric, { amplification: settings.amplification });
  assertTrainableConfiguration(net);
  const rows = formatRows(net, data);
  if (!isInitialized(net)) {
    const initialise = (): void => net.verifyIsInitialized(rows);
    if (settings.seed === undefined) initialise();
    else withSeededRandom(settings.seed, initialise);
  }
  assertPasses(net);
  assertShapes(net, rows);

  const n = rows.length;
  const sizes = net.sizes as number[];
  const outputLayer = net.outputLayer as number;
  const batchSize = Math.min(settings.batchSize, n);
  const inputs = rows.map((row) => row.input);
  const labels = new Float64Array(n);
  rows.forEach((row, i) => (labels[i] = row.output[0] as number));
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(settings.seed ?? Math.floor(Math.random() * 4294967296));

  // Per-batch buffers: labels, probabilities, weights, gradient, targets, and every pattern's activations.
  let activationWidth = 0;
  for (let layer = 1; layer <= outputLayer; layer++) activationWidth += sizes[layer] as number;
  const activations = new Float32Array(batchSize * activationWidth);
  const batchLabels = new Float64Array(batchSize);
  const batchProbabilities = new Float64Array(batchSize);
  const batchWeights = settings.sampleWeight === undefined ? undefined : new Float64Array(batchSize);
  const gradient = new Float64Array(batchSize);
  const targets = new Float64Array(batchSize);
  const target = new Float64Array(1);
  const accumulator = createGradientAccumulator(net);

  const saveActivations = (position: number): void => {
    let offset = position * activationWidth;
    for (let layer = 1; layer <= outputLayer; layer++) {
      const outputs = net.outputs[layer] as ArrayLike<number>;
      for (let node = 0; node < outputs.length; node++) activations[offset++] = outputs[node] as number;
    }
  };
  const restoreActivations = (position: number, input: ArrayLike<number>): void => {
    net.outputs[0] = input;
    let offset = position * activationWidth;
    for (let layer = 1; layer <= outputLayer; layer++) {
      const outputs = net.outputs[layer] as Float32Array;
      for (let node = 0; node < outputs.length; node++) outputs[node] = activations[offset++] as number;
    }
  };

  const endTime = Date.now() + settings.timeout;
  let iterations = 0;
  let error = Infinity;

  const epoch = (): void => {
    if (settings.shuffle) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const swap = order[i] as number;
        order[i] = order[j] as number;
        order[j] = swap;
      }
    }
    const cells = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
    for (let start = 0; start < n; start += batchSize) {
      const length = Math.min(batchSize, n - start);
      for (let position = 0; position < length; position++) {
        const row = order[start + position] as number;
        batchProbabilities[position] = net.runInput(inputs[row] as ArrayLike<number>)[0] as number;
        saveActivations(position);
        batchLabels[position] = labels[row] as number;
        if (batchWeights !== undefined) batchWeights[position] = (settings.sampleWeight as Float64Array)[row] as number;
      }
      const full = length === batchSize;
      const batchGradient = full ? gradient : gradient.subarray(0, length);
      const result = outputErrorTerms(
        loss,
        {
          labels: full ? batchLabels : batchLabels.subarray(0, length),
          probabilities: full ? batchProbabilities : batchProbabilities.subarray(0, length),
          ...(batchWeights === undefined ? {} : { sampleWeight: full ? batchWeights : batchWeights.subarray(0, length) }),
          ...(settings.classWeight === undefined ? {} : { classWeight: settings.classWeight }),
        },
        settings.gradientScale,
        batchGradient,
        targets,
      );
      addCells(cells, result.cells);
      accumulator.reset();
      for (let position = 0; position < length; position++) {
        restoreActivations(position, inputs[order[start + position] as number] as ArrayLike<number>);
        target[0] = targets[position] as number;
        net.calculateDeltas(target);
        accumulator.add();
      }
      accumulator.apply(settings.learningRate, settings.momentum);
    }
    error = 1 - settings.metric.value(cells);
  };

  return {
    step() {
      if (iterations >= settings.iterations || error <= settings.errorThresh || Date.now() >= endTime) return false;
      epoch();
      iterations++;
      const status: TrainStatus = { error, iterations };
      if (settings.log !== undefined && iterations % settings.logPeriod === 0) settings.log(status);
      if (settings.callback !== undefined && iterations % settings.callbackPeriod === 0) settings.callback(status);
      return true;
    },
    result() {
      const probabilities = new Float64Array(n);
      for (let i = 0; i < n; i++) probabilities[i] = net.runInput(inputs[i] as ArrayLike<number>)[0] as number;
      const value = settings.metric.value(confusionMatrix(labels, probabilities));
      return { error, iterations, metric: { name: settings.metric.name, value } };
    },
  };
}

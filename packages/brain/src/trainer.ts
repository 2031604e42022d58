import { AnyLossError, anyLoss, confusionMatrix, seededRandom, type ConfusionCells } from '@anyloss/core';
import { averageMetric, multiclassAnyLoss } from '@anyloss/core/multiclass';
import { assertTrainingData } from './data.js';
import { createGradientAccumulator } from './gradient-accumulator.js';
import { assertPasses, assertTrainableConfiguration, isInitialized, readNetwork, type BrainInternals, type FormattedRow } from './network.js';
import { resolveTrainOptions, type ResolvedTrainOptions, type TrainStatus } from './options.js';
import { multiOutputErrorTerms } from './multi-output-error-terms.js';
import { multiOutputMetric } from './multi-output-metric.js';
import { outputErrorTerms } from './output-error-terms.js';
import { withSeededRandom } from './with-seeded-random.js';

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

function formatRows(net: BrainInternals, data: Parameters<BrainInternals['formatData']>[0], multiOutput: boolean): FormattedRow[] {
  const rows = net.formatData(data);
  const width = (rows[0] as FormattedRow).output.length;
  for (let index = 0; index < rows.length; index++) {
    const output = (rows[index] as FormattedRow).output;
    if (!multiOutput && output.length !== 1) {
      throw new AnyLossError(
        'LENGTH_MISMATCH',
        `data[${index}].output gives ${output.length} output values after brain.js formats it; a single output node (binary) ` +
          "needs object outputs that all use the same single key, and a net with several output nodes needs options.average ('macro', 'weighted' or 'micro').",
        { argument: `data[${index}].output`, index, value: output.length },
      );
    }
    if (multiOutput && output.length !== width) {
      throw new AnyLossError(
        'LENGTH_MISMATCH',
        `data[${index}].output gives ${output.length} output values after brain.js formats it but data[0].output gives ${width}; outputs must not be ragged.`,
        { argument: `data[${index}].output`, index, value: output.length },
      );
    }
  }
  if (multiOutput && width < 2) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `options.average is for nets with 2 or more output nodes, but data[0].output gives ${width} output value${width === 1 ? '' : 's'}; ` +
        'a single output node is binary: drop options.average (and options.task).',
      { argument: 'options.average', value: width },
    );
  }
  return rows;
}

/** Checks that every formatted multi-class row is one-hot (exactly one 1); multi-label rows may hold any 0/1 pattern. */
function assertOneHot(rows: readonly FormattedRow[]): void {
  for (let index = 0; index < rows.length; index++) {
    const output = (rows[index] as FormattedRow).output;
    let ones = 0;
    for (let k = 0; k < output.length; k++) ones += output[k] === 1 ? 1 : 0;
    if (ones !== 1) {
      throw new AnyLossError(
        'INVALID_LABEL',
        `data[${index}].output has ${ones} ones after brain.js formats it; multi-class rows must be one-hot (exactly one 1). ` +
          "For rows that may hold several classes (or none), pass options.task: 'multilabel'.",
        { argument: `data[${index}].output`, index, value: Array.from(output) },
      );
    }
  }
}

function assertShapes(net: BrainInternals, rows: readonly FormattedRow[], multiOutput: boolean): void {
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
  const outputSize = sizes[sizes.length - 1] as number;
  if (!multiOutput && outputSize !== 1) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `net has ${outputSize} output nodes; a single-output (binary) net is trained without options.average, and a net with ` +
        "several output nodes needs options.average ('macro', 'weighted' or 'micro') and rows with that many output values.",
      { argument: 'net', value: outputSize },
    );
  }
  const width = (rows[0] as FormattedRow).output.length;
  if (multiOutput && width !== outputSize) {
    throw new AnyLossError('LENGTH_MISMATCH', `data[0].output has ${width} values but the net has ${outputSize} output nodes.`, {
      argument: 'data[0].output',
      index: 0,
      value: width,
    });
  }
}

/**
 * Checks that every weight and bias of the net is finite: a net that diverged before (say in brain's own `train`)
 * would otherwise turn every output into NaN.
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` naming the first non-finite parameter.
 */
function assertFiniteParameters(net: BrainInternals): void {
  for (let layer = 1; layer <= (net.outputLayer as number); layer++) {
    const weights = net.weights[layer] as Float32Array[];
    for (let node = 0; node < weights.length; node++) {
      const bias = (net.biases[layer] as Float32Array)[node] as number;
      const weight = (weights[node] as Float32Array).find((value) => !Number.isFinite(value));
      if (weight !== undefined || !Number.isFinite(bias)) {
        const what = weight === undefined ? `bias ${bias}` : `weight ${weight}`;
        throw new AnyLossError(
          'INVALID_ARGUMENT',
          `net has a non-finite ${what} (layer ${layer}, node ${node}): it diverged before; re-initialise it (or load weights that are finite).`,
          { argument: 'net', value: weight ?? bias },
        );
      }
    }
  }
}

/** Mutable confusion cells, for sums. */
type CellSums = { -readonly [K in keyof ConfusionCells]: number };

function addCells(total: CellSums, cells: ConfusionCells): void {
  total.truePositives += cells.truePositives;
  total.falseNegatives += cells.falseNegatives;
  total.falsePositives += cells.falsePositives;
  total.trueNegatives += cells.trueNegatives;
}

/** Sums per-class cells into `totals` (one entry per class). */
function addClassCells(totals: CellSums[], cells: readonly ConfusionCells[]): void {
  cells.forEach((classCells, k) => addCells(totals[k] as CellSums, classCells));
}

/**
 * Validates everything, formats the data with brain.js's own `formatData`, initialises the net with brain.js's own
 * `verifyIsInitialized` (under a seeded `Math.random` when `seed` is given) and returns a {@link Trainer}.
 *
 * Each epoch: shuffle; for each mini-batch, run brain's forward pass (`runInput`) on every pattern and keep its
 * activations; compute ∂loss/∂p over the batch with `@anyloss/core` (for K output nodes, with
 * `@anyloss/core/multiclass`: one value per pattern and node); for every pattern restore its activations and
 * call brain's `calculateDeltas` with the target that makes `target − output = −s·∂loss/∂p` (s from `gradientScale`); sum the
 * resulting gradients and apply them as one update with brain's SGD-with-momentum rule.
 */
export function createTrainer(network: unknown, data: unknown, options: unknown): Trainer {
  const net = readNetwork(network);
  const multiOutputRequested = typeof options === 'object' && options !== null && (options as Record<string, unknown>)['average'] !== undefined;
  assertTrainingData(data, multiOutputRequested);
  const settings: ResolvedTrainOptions = resolveTrainOptions(options, data.length);
  const average = settings.average;
  const task = settings.task ?? 'multiclass';
  assertTrainableConfiguration(net);
  const rows = formatRows(net, data, average !== undefined);
  if (average !== undefined && task === 'multiclass') assertOneHot(rows);
  if (!isInitialized(net)) {
    const initialise = (): void => net.verifyIsInitialized(rows);
    if (settings.seed === undefined) initialise();
    else withSeededRandom(settings.seed, initialise);
  }
  assertPasses(net);
  assertShapes(net, rows, average !== undefined);
  assertFiniteParameters(net);

  const n = rows.length;
  const sizes = net.sizes as number[];
  const outputLayer = net.outputLayer as number;
  const width = average === undefined ? 1 : (sizes[outputLayer] as number);
  const batchSize = Math.min(settings.batchSize, n);
  const inputs = rows.map((row) => row.input);
  const labels = new Float64Array(n * width);
  rows.forEach((row, i) => {
    for (let k = 0; k < width; k++) labels[i * width + k] = row.output[k] as number;
  });
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(settings.seed ?? Math.floor(Math.random() * 4294967296));

  // Multi-class: rows of K sigmoids normalised to sum 1, core's sharpened-softmax amplifier; multi-label: K
  // independent one-vs-rest sigmoids (see multiOutputErrorTerms and the README for the measurement behind this).
  const loss = anyLoss(settings.metric, { amplification: settings.amplification });
  const multiLoss =
    average === undefined
      ? undefined
      : multiclassAnyLoss(settings.metric, {
          average,
          output: task === 'multiclass' ? 'softmax' : 'sigmoid',
          amplification: settings.amplification,
          classes: width,
        });

  // Per-batch buffers (flat batch×K): labels, probabilities, weights, gradient, targets, and every pattern's activations.
  let activationWidth = 0;
  for (let layer = 1; layer <= outputLayer; layer++) activationWidth += sizes[layer] as number;
  const activations = new Float32Array(batchSize * activationWidth);
  const batchLabels = new Float64Array(batchSize * width);
  const batchProbabilities = new Float64Array(batchSize * width);
  const batchWeights = settings.sampleWeight === undefined ? undefined : new Float64Array(batchSize);
  const gradient = new Float64Array(batchSize);
  const targets = new Float64Array(batchSize * width);
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

  /** Thrown when a batch's update would leave brain's float32 weights non-finite; the net keeps its weights. */
  const diverged = (batch: number): never => {
    let largestInput = 0;
    for (const input of inputs) for (let k = 0; k < input.length; k++) largestInput = Math.max(largestInput, Math.abs(input[k] as number));
    throw new AnyLossError(
      'INVALID_OPTION',
      `training diverged in epoch ${iterations + 1}, batch ${batch + 1}: with options.learningRate = ${settings.learningRate} the update ` +
        `overflows the net's float32 weights (the largest |input| is ${largestInput}). The net keeps its weights from before ` +
        'this batch; lower options.learningRate, or scale the inputs (e.g. standardise them).',
      { argument: 'options.learningRate', value: settings.learningRate },
    );
  };

  const emptyCells = (): CellSums => ({ truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 });
  const endTime = Date.now() + settings.timeout;
  let iterations = 0;
  let error = Infinity;

  /** Writes the batch's targets (binary: one per pattern; K outputs: K per pattern) and adds its soft cells. */
  const batchTargets = (length: number, cells: CellSums, classCells: CellSums[]): void => {
    const full = length === batchSize;
    const weights = batchWeights === undefined ? undefined : full ? batchWeights : batchWeights.subarray(0, length);
    if (multiLoss === undefined) {
      const result = outputErrorTerms(
        loss,
        {
          labels: full ? batchLabels : batchLabels.subarray(0, length),
          probabilities: full ? batchProbabilities : batchProbabilities.subarray(0, length),
          ...(weights === undefined ? {} : { sampleWeight: weights }),
          ...(settings.classWeight === undefined ? {} : { classWeight: settings.classWeight }),
        },
        settings.gradientScale,
        full ? gradient : gradient.subarray(0, length),
        targets,
      );
      addCells(cells, result.cells);
      return;
    }
    const batch = {
      labels: full ? batchLabels : batchLabels.subarray(0, length * width),
      outputs: full ? batchProbabilities : batchProbabilities.subarray(0, length * width),
      classes: width,
      ...(weights === undefined ? {} : { sampleWeight: weights }),
    };
    const result = multiOutputErrorTerms(multiLoss, batch, settings.gradientScale, targets);
    addClassCells(classCells, result.cells);
  };

  const epoch = (): void => {
    if (settings.shuffle) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const swap = order[i] as number;
        order[i] = order[j] as number;
        order[j] = swap;
      }
    }
    const cells = emptyCells();
    const classCells = Array.from({ length: width }, emptyCells);
    for (let start = 0; start < n; start += batchSize) {
      const length = Math.min(batchSize, n - start);
      for (let position = 0; position < length; position++) {
        const row = order[start + position] as number;
        const outputs = net.runInput(inputs[row] as ArrayLike<number>);
        for (let k = 0; k < width; k++) {
          batchProbabilities[position * width + k] = outputs[k] as number;
          batchLabels[position * width + k] = labels[row * width + k] as number;
        }
        saveActivations(position);
        if (batchWeights !== undefined) batchWeights[position] = (settings.sampleWeight as Float64Array)[row] as number;
      }
      batchTargets(length, cells, classCells);
      accumulator.reset();
      for (let position = 0; position < length; position++) {
        restoreActivations(position, inputs[order[start + position] as number] as ArrayLike<number>);
        if (width === 1) {
          target[0] = targets[position] as number;
          net.calculateDeltas(target);
        } else {
          net.calculateDeltas(targets.subarray(position * width, (position + 1) * width));
        }
        accumulator.add();
      }
      if (!accumulator.apply(settings.learningRate, settings.momentum)) diverged(start / batchSize);
    }
    error = average === undefined ? 1 - settings.metric.value(cells) : 1 - averageMetric(settings.metric, classCells, average);
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
      const probabilities = new Float64Array(n * width);
      for (let i = 0; i < n; i++) {
        const outputs = net.runInput(inputs[i] as ArrayLike<number>);
        for (let k = 0; k < width; k++) probabilities[i * width + k] = outputs[k] as number;
      }
      const value =
        average === undefined
          ? settings.metric.value(confusionMatrix(labels, probabilities))
          : multiOutputMetric(settings.metric, labels, probabilities, width, average, task);
      return { error, iterations, metric: { name: settings.metric.name, value } };
    },
  };
}

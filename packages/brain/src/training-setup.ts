import { AnyLossError } from '@anyloss/core';
import { assertTrainingData } from './data.js';
import {
  assertPasses,
  assertTrainableConfiguration,
  isInitialized,
  readNetwork,
  type BrainInternals,
  type FormattedRow,
} from './network.js';
import { resolveTrainOptions, type ResolvedTrainOptions } from './options.js';
import { withSeededRandom } from './with-seeded-random.js';

/** The sizes of an initialised net: nodes per layer and the index of the output layer. */
export interface NetworkLayers {
  /** Nodes per layer, input layer first. */
  readonly sizes: readonly number[];
  /** The index of the output layer (the last). */
  readonly outputLayer: number;
  /** Nodes of the output layer. */
  readonly outputNodes: number;
}

/** A net, its options and its rows, checked and ready to train. */
export interface PreparedTraining {
  readonly net: BrainInternals;
  readonly layers: NetworkLayers;
  readonly settings: ResolvedTrainOptions;
  /** The rows as brain.js's own `formatData` made them. */
  readonly rows: readonly FormattedRow[];
}

/**
 * Validates everything, formats the data with brain.js's own `formatData` and initialises the net with brain.js's
 * own `verifyIsInitialized` (under a seeded `Math.random` when `seed` is given).
 *
 * @throws {@link AnyLossError} for a bad net, bad data (naming the row) or bad options.
 */
export function prepareTraining(network: unknown, data: unknown, options: unknown): PreparedTraining {
  const net = readNetwork(network);
  const multiOutputRequested =
    typeof options === 'object' && options !== null && (options as Record<string, unknown>)['average'] !== undefined;
  assertTrainingData(data, multiOutputRequested);
  const settings = resolveTrainOptions(options, data.length);
  const multiOutput = settings.average !== undefined;
  assertTrainableConfiguration(net);
  const rows = formatRows(net, data, multiOutput);
  if (multiOutput && (settings.task ?? 'multiclass') === 'multiclass') assertOneHot(rows);
  if (!isInitialized(net)) {
    const initialise = (): void => net.verifyIsInitialized(rows);
    if (settings.seed === undefined) initialise();
    else withSeededRandom(settings.seed, initialise);
  }
  assertPasses(net);
  const layers = networkLayers(net);
  assertShapes(layers, rows, multiOutput);
  assertFiniteParameters(net, layers);
  return { net, layers, settings, rows };
}

/** The layer sizes of an initialised net (brain.js sets them in `verifyIsInitialized`). */
function networkLayers(net: BrainInternals): NetworkLayers {
  const { sizes, outputLayer } = net;
  if (sizes === null || outputLayer === null) {
    throw new AnyLossError('INVALID_ARGUMENT', 'net has no layer sizes after initialisation; it is not a brain.js NeuralNetwork.', {
      argument: 'net',
      value: net,
    });
  }
  return { sizes, outputLayer, outputNodes: sizes[outputLayer] ?? 0 };
}

/** brain.js's `formatData`, with every row's output length checked: one value (binary), or K ≥ 2 in every row. */
function formatRows(net: BrainInternals, data: Parameters<BrainInternals['formatData']>[0], multiOutput: boolean): FormattedRow[] {
  const rows = net.formatData(data);
  const outputLength = rows[0]?.output.length ?? 0;
  for (const [index, { output }] of rows.entries()) {
    if (!multiOutput && output.length !== 1) {
      throw new AnyLossError(
        'LENGTH_MISMATCH',
        `data[${index}].output gives ${output.length} output values after brain.js formats it; a single output node (binary) ` +
          "needs object outputs that all use the same single key, and a net with several output nodes needs options.average ('macro', 'weighted' or 'micro').",
        { argument: `data[${index}].output`, index, value: output.length },
      );
    }
    if (multiOutput && output.length !== outputLength) {
      throw new AnyLossError(
        'LENGTH_MISMATCH',
        `data[${index}].output gives ${output.length} output values after brain.js formats it but data[0].output gives ${outputLength}; outputs must not be ragged.`,
        { argument: `data[${index}].output`, index, value: output.length },
      );
    }
  }
  if (multiOutput && outputLength < 2) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `options.average is for nets with 2 or more output nodes, but data[0].output gives ${outputLength} output value${outputLength === 1 ? '' : 's'}; ` +
        'a single output node is binary: drop options.average (and options.task).',
      { argument: 'options.average', value: outputLength },
    );
  }
  return rows;
}

/** Checks that every formatted multi-class row is one-hot (exactly one 1); multi-label rows may hold any 0/1 pattern. */
function assertOneHot(rows: readonly FormattedRow[]): void {
  for (const [index, { output }] of rows.entries()) {
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

/** Checks the rows against the net: as many inputs as input nodes, as many outputs as output nodes. */
function assertShapes(layers: NetworkLayers, rows: readonly FormattedRow[], multiOutput: boolean): void {
  const inputSize = layers.sizes[0];
  for (const [index, { input }] of rows.entries()) {
    if (input.length !== inputSize) {
      throw new AnyLossError('LENGTH_MISMATCH', `data[${index}].input has ${input.length} values but the net has ${inputSize} inputs.`, {
        argument: `data[${index}].input`,
        index,
        value: input.length,
      });
    }
  }
  const { outputNodes } = layers;
  if (!multiOutput && outputNodes !== 1) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `net has ${outputNodes} output nodes; a single-output (binary) net is trained without options.average, and a net with ` +
        "several output nodes needs options.average ('macro', 'weighted' or 'micro') and rows with that many output values.",
      { argument: 'net', value: outputNodes },
    );
  }
  const outputLength = rows[0]?.output.length;
  if (multiOutput && outputLength !== outputNodes) {
    throw new AnyLossError('LENGTH_MISMATCH', `data[0].output has ${outputLength} values but the net has ${outputNodes} output nodes.`, {
      argument: 'data[0].output',
      index: 0,
      value: outputLength,
    });
  }
}

/**
 * Checks that every weight and bias of the net is finite: a net that diverged before (say in brain's own `train`)
 * would otherwise turn every output into NaN.
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` naming the first non-finite parameter.
 */
function assertFiniteParameters(net: BrainInternals, layers: NetworkLayers): void {
  for (let layer = 1; layer <= layers.outputLayer; layer++) {
    for (const [node, nodeWeights] of (net.weights[layer] ?? []).entries()) {
      const bias = net.biases[layer]?.[node];
      const weight = nodeWeights.find((value) => !Number.isFinite(value));
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

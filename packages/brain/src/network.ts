import { AnyLossError } from '@anyloss/core';
import { describeValue } from '@anyloss/core/internal';

/**
 * The public face of a brain.js `NeuralNetwork` (version 1.6 or 2.x) as this package sees it. Typed
 * structurally so that nets of both versions are accepted (brain.js 1.6.1 ships only a thin `index.d.ts`);
 * everything else is checked at run time.
 */
export interface BrainNeuralNetwork {
  /** brain.js's forward pass for one input. */
  run(input: never): unknown;
  /** brain.js's JSON export. */
  toJSON(): unknown;
}

/** One training row in brain.js's own format: arrays (or typed arrays) or sparse objects of numbers. */
export interface BrainTrainingRow {
  /** The features: an array of numbers, or an object `{ name: value }` (missing keys count as 0, as in brain.js). */
  readonly input: ArrayLike<number> | Readonly<Record<string, number>>;
  /** The binary label: `[0]`/`[1]`, or an object with one key, e.g. `{ spam: 1 }` (missing = 0, as in brain.js). */
  readonly output: ArrayLike<number> | Readonly<Record<string, number>>;
}

/** A row after brain.js's `formatData`: numeric arrays. */
export interface FormattedRow {
  readonly input: ArrayLike<number>;
  readonly output: ArrayLike<number>;
}

/**
 * The internal members of a brain.js `NeuralNetwork` the trainer drives. They have the same names and shapes in
 * 1.6.1 and 2.0.0-beta.24 (read from both versions' source): per layer `outputs`, `deltas`, `biases`, and per
 * layer and node `weights` and `changes` (the momentum buffer).
 */
export interface BrainInternals {
  sizes: number[] | null;
  outputLayer: number | null;
  outputs: ArrayLike<number>[];
  deltas: ArrayLike<number>[];
  biases: Float32Array[];
  weights: Float32Array[][];
  changes: Float32Array[][];
  trainOpts?: { readonly praxis?: unknown; readonly activation?: unknown } | null;
  activation?: unknown;
  runInput(input: ArrayLike<number>): ArrayLike<number>;
  calculateDeltas(target: ArrayLike<number>): void;
  formatData(data: readonly BrainTrainingRow[]): FormattedRow[];
  verifyIsInitialized(data: readonly FormattedRow[]): void;
}

// runInput and calculateDeltas are set by brain.js 1.6 only when the net is initialised; see assertTrainableConfiguration.
const REQUIRED_METHODS = ['run', 'formatData', 'verifyIsInitialized'] as const;

/**
 * Checks that `net` is a CPU brain.js `NeuralNetwork` this package can drive and returns its internals.
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` if it is not; `INVALID_OPTION` for a GPU net.
 */
export function readNetwork(net: unknown): BrainInternals {
  if (typeof net !== 'object' || net === null) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `net must be a brain.js NeuralNetwork (new brain.NeuralNetwork(...)), got ${describeValue(net)}.`,
      { argument: 'net', value: net },
    );
  }
  const record = net as Record<string, unknown>;
  for (const method of REQUIRED_METHODS) {
    if (typeof record[method] !== 'function') {
      throw new AnyLossError(
        'INVALID_ARGUMENT',
        `net must be a brain.js NeuralNetwork (new brain.NeuralNetwork(...)); it has no ${method}() method.`,
        { argument: 'net', value: net },
      );
    }
  }
  const constructorName = (net as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof constructorName === 'string' && constructorName.includes('GPU')) {
    throw new AnyLossError(
      'INVALID_OPTION',
      'net is a NeuralNetworkGPU; @anyloss/brain drives the CPU NeuralNetwork only (its weights live in GPU textures).',
      { argument: 'net', value: constructorName },
    );
  }
  return net as BrainInternals;
}

/** The activation of a brain.js net: `net.activation` in 1.6, `net.trainOpts.activation` in 2.x; default sigmoid. */
export function networkActivation(net: BrainInternals): unknown {
  if (net.activation !== undefined) return net.activation;
  return net.trainOpts?.activation ?? 'sigmoid';
}

/**
 * Checks the parts of a net's configuration the trainer depends on: a sigmoid activation (brain.js uses one
 * activation for every layer, and only sigmoid outputs are probabilities in [0, 1]) and the plain
 * SGD-with-momentum update (not `praxis: 'adam'`).
 *
 * @throws {@link AnyLossError} `INVALID_OPTION`.
 */
export function assertTrainableConfiguration(net: BrainInternals): void {
  const activation = networkActivation(net);
  if (activation !== 'sigmoid') {
    throw new AnyLossError(
      'INVALID_OPTION',
      `net.activation is ${describeValue(activation)}; AnyLoss needs output probabilities in [0, 1], ` +
        "which in brain.js only the 'sigmoid' activation gives (relu and leaky-relu outputs are unbounded, tanh outputs lie in (−1, 1)). " +
        "Create the net with { activation: 'sigmoid' } (the default).",
      { argument: 'net.activation', value: activation },
    );
  }
  const praxis = net.trainOpts?.praxis;
  if (praxis !== undefined && praxis !== null && praxis !== false) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `net.trainOpts.praxis is ${describeValue(praxis)}; @anyloss/brain applies brain.js's SGD-with-momentum rule ` +
        '(learningRate, momentum) to one accumulated gradient per batch. Create the net without praxis.',
      { argument: 'net.trainOpts.praxis', value: praxis },
    );
  }
}

/**
 * Checks that an initialised net has brain's forward and backward passes (brain.js 1.6 sets them on initialisation).
 *
 * @throws {@link AnyLossError} `INVALID_ARGUMENT`.
 */
export function assertPasses(net: BrainInternals): void {
  for (const method of ['runInput', 'calculateDeltas'] as const) {
    if (typeof net[method] !== 'function') {
      throw new AnyLossError('INVALID_ARGUMENT', `net has no ${method}() after initialisation; it is not a brain.js NeuralNetwork.`, {
        argument: 'net',
        value: net,
      });
    }
  }
}

/** True once brain.js has built the layers (sizes, weights, outputs). */
export function isInitialized(net: BrainInternals): boolean {
  return (
    Array.isArray(net.sizes) &&
    net.sizes.length > 1 &&
    typeof net.outputLayer === 'number' &&
    net.outputLayer > 0 &&
    Array.isArray(net.weights) &&
    net.weights.length > net.outputLayer
  );
}

import type { BrainNeuralNetwork, BrainTrainingRow } from './network.js';
import type { TrainOptions } from './options.js';
import { createTrainer, type TrainResult } from './trainer.js';

/**
 * Trains a brain.js `NeuralNetwork` (1.6.x or 2.x, CPU, sigmoid) in place on an AnyLoss metric loss, e.g. F1,
 * instead of brain's hard-coded squared error. brain.js is not patched: its own `formatData`, `runInput` and
 * `calculateDeltas` do the work, and the net stays an ordinary brain.js net (`run`, `toJSON`, `fromJSON`,
 * `toFunction`).
 *
 * The confusion-matrix gradient is a batch quantity, so it is computed over each mini-batch and applied as one
 * accumulated update per batch with brain's learning-rate-and-momentum rule (see the README for why not per pattern).
 *
 * @example
 * ```ts
 * import brain from 'brain.js';
 * import { train, metrics } from '@anyloss/brain';
 * const net = new brain.NeuralNetwork({ hiddenLayers: [8] });
 * const stats = train(net, data, { metric: metrics.f1, seed: 1 });
 * net.run(input); // [probability]
 * ```
 * @param net - a `new brain.NeuralNetwork(...)`, fresh or already trained.
 * @param data - brain.js rows `{ input, output }`; one output value, 0 or 1 (1 = the class the metric is about).
 * @param options - `metric` (required) plus brain.js's training options and the AnyLoss ones; see {@link TrainOptions}.
 * @returns `{ error, iterations, metric: { name, value } }`: `error` is the AnyLoss value of the last epoch.
 * @throws {@link AnyLossError} for a bad net, bad data (naming the row) or bad options; unknown options included.
 */
export function train(net: BrainNeuralNetwork, data: readonly BrainTrainingRow[], options: TrainOptions): TrainResult {
  const trainer = createTrainer(net, data, options);
  while (trainer.step()) {
    // one epoch per step
  }
  return trainer.result();
}

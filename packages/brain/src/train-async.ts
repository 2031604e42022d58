import type { BrainNeuralNetwork, BrainTrainingRow } from './network.js';
import type { TrainOptions } from './options.js';
import { createTrainer, type TrainResult } from './trainer.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * {@link train} without blocking: yields to the event loop after every epoch (as brain.js's `trainAsync` does)
 * and resolves with the same result. Validation errors reject the promise.
 *
 * @param net - a `new brain.NeuralNetwork(...)`.
 * @param data - brain.js rows `{ input, output }` with a 0/1 output.
 * @param options - as for {@link train}.
 * @returns a promise of `{ error, iterations, metric: { name, value } }`.
 */
export async function trainAsync(net: BrainNeuralNetwork, data: readonly BrainTrainingRow[], options: TrainOptions): Promise<TrainResult> {
  const trainer = createTrainer(net, data, options);
  while (trainer.step()) await nextTurn();
  return trainer.result();
}

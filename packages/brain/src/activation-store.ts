import type { BrainInternals } from './network.js';
import type { NetworkLayers } from './training-setup.js';

/**
 * Keeps the activations of every pattern of a batch: brain.js's forward pass (`runInput`) overwrites `net.outputs`,
 * and its backward pass (`calculateDeltas`) reads them, so each pattern's are saved after its forward pass and put
 * back before its backward pass.
 */
export interface ActivationStore {
  /** Saves the activations brain.js has just computed, as those of the batch's pattern `position`. */
  save(position: number): void;
  /** Puts back the activations of pattern `position` (and its input as layer 0). */
  restore(position: number, input: ArrayLike<number>): void;
}

/** An {@link ActivationStore} for batches of up to `batchSize` patterns. */
export function createActivationStore(net: BrainInternals, layers: NetworkLayers, batchSize: number): ActivationStore {
  const { sizes, outputLayer } = layers;
  let perPattern = 0;
  for (let layer = 1; layer <= outputLayer; layer++) perPattern += sizes[layer] ?? 0;
  const activations = new Float32Array(batchSize * perPattern);
  return {
    save(position) {
      let offset = position * perPattern;
      for (let layer = 1; layer <= outputLayer; layer++) {
        const outputs = net.outputs[layer] ?? [];
        activations.set(outputs, offset);
        offset += outputs.length;
      }
    },
    restore(position, input) {
      net.outputs[0] = input;
      let offset = position * perPattern;
      for (let layer = 1; layer <= outputLayer; layer++) {
        const outputs = net.outputs[layer] as Float32Array; // brain.js's own per-layer Float32Array
        outputs.set(activations.subarray(offset, offset + outputs.length));
        offset += outputs.length;
      }
    },
  };
}

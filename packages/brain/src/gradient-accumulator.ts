import type { BrainInternals } from './network.js';

/**
 * Sums brain.js's per-pattern weight gradients over a mini-batch and applies them as ONE update with brain.js's
 * own rule (`adjustWeights`): `change = learningRate·Σ delta·incoming + momentum·change`, `weight += change`,
 * `bias += learningRate·Σ delta` (brain.js applies no momentum to biases). `net.changes` stays brain's momentum
 * buffer, so `net.train` can continue from where this left off.
 */
export interface GradientAccumulator {
  /** Clears the sums. */
  reset(): void;
  /** Adds the gradient of the pattern whose deltas brain.js has just computed (`calculateDeltas`). */
  add(): void;
  /**
   * Applies the summed gradient to the net's weights and biases — unless a new weight, bias or momentum entry
   * would not be finite in brain's float32 arrays (the update diverged): then it changes nothing and returns false.
   */
  apply(learningRate: number, momentum: number): boolean;
}

/** Creates a {@link GradientAccumulator} sized for `net`'s layers. */
export function createGradientAccumulator(net: BrainInternals): GradientAccumulator {
  const sizes = net.sizes as number[];
  const outputLayer = net.outputLayer as number;
  const weightSums: Float64Array[] = [];
  const biasSums: Float64Array[] = [];
  for (let layer = 1; layer <= outputLayer; layer++) {
    weightSums[layer] = new Float64Array((sizes[layer] as number) * (sizes[layer - 1] as number));
    biasSums[layer] = new Float64Array(sizes[layer] as number);
  }
  return {
    reset() {
      for (let layer = 1; layer <= outputLayer; layer++) {
        (weightSums[layer] as Float64Array).fill(0);
        (biasSums[layer] as Float64Array).fill(0);
      }
    },
    add() {
      for (let layer = 1; layer <= outputLayer; layer++) {
        const incoming = net.outputs[layer - 1] as ArrayLike<number>;
        const deltas = net.deltas[layer] as ArrayLike<number>;
        const weightSum = weightSums[layer] as Float64Array;
        const biasSum = biasSums[layer] as Float64Array;
        const width = incoming.length;
        for (let node = 0; node < deltas.length; node++) {
          const delta = deltas[node] as number;
          if (delta === 0) continue;
          biasSum[node] = (biasSum[node] as number) + delta;
          const offset = node * width;
          for (let k = 0; k < width; k++) {
            weightSum[offset + k] = (weightSum[offset + k] as number) + delta * (incoming[k] as number);
          }
        }
      }
    },
    apply(learningRate, momentum) {
      // Pass 1 computes every change into the sums (they are reset before the next batch) and checks that the
      // net would stay finite after float32 rounding; pass 2 commits. A diverged update is never half applied.
      let finite = true;
      for (let layer = 1; layer <= outputLayer; layer++) {
        const weights = net.weights[layer] as Float32Array[];
        const changes = net.changes[layer] as Float32Array[];
        const biases = net.biases[layer] as Float32Array;
        const weightSum = weightSums[layer] as Float64Array;
        const biasSum = biasSums[layer] as Float64Array;
        for (let node = 0; node < weights.length; node++) {
          const nodeWeights = weights[node] as Float32Array;
          const nodeChanges = changes[node] as Float32Array;
          const offset = node * nodeWeights.length;
          for (let k = 0; k < nodeWeights.length; k++) {
            const change = learningRate * (weightSum[offset + k] as number) + momentum * (nodeChanges[k] as number);
            weightSum[offset + k] = change;
            finite &&= Number.isFinite(Math.fround(change)) && Number.isFinite(Math.fround((nodeWeights[k] as number) + change));
          }
          const biasChange = learningRate * (biasSum[node] as number);
          biasSum[node] = biasChange;
          finite &&= Number.isFinite(Math.fround((biases[node] as number) + biasChange));
        }
      }
      if (!finite) return false;
      for (let layer = 1; layer <= outputLayer; layer++) {
        const weights = net.weights[layer] as Float32Array[];
        const changes = net.changes[layer] as Float32Array[];
        const biases = net.biases[layer] as Float32Array;
        const weightSum = weightSums[layer] as Float64Array;
        const biasSum = biasSums[layer] as Float64Array;
        for (let node = 0; node < weights.length; node++) {
          const nodeWeights = weights[node] as Float32Array;
          const nodeChanges = changes[node] as Float32Array;
          const offset = node * nodeWeights.length;
          for (let k = 0; k < nodeWeights.length; k++) {
            nodeChanges[k] = weightSum[offset + k] as number;
            nodeWeights[k] = (nodeWeights[k] as number) + (weightSum[offset + k] as number);
          }
          biases[node] = (biases[node] as number) + (biasSum[node] as number);
        }
      }
      return true;
    },
  };
}

import type { BrainInternals } from './network.js';
import type { NetworkLayers } from './training-setup.js';

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

/** One layer's sums (flat nodes × incoming) and the net's arrays they update. */
interface LayerSums {
  readonly layer: number;
  readonly weightSum: Float64Array;
  readonly biasSum: Float64Array;
}

/** Creates a {@link GradientAccumulator} sized for `net`'s layers. */
export function createGradientAccumulator(net: BrainInternals, layers: NetworkLayers): GradientAccumulator {
  const sums: LayerSums[] = [];
  for (let layer = 1; layer <= layers.outputLayer; layer++) {
    const nodes = layers.sizes[layer] ?? 0;
    sums.push({ layer, weightSum: new Float64Array(nodes * (layers.sizes[layer - 1] ?? 0)), biasSum: new Float64Array(nodes) });
  }
  return {
    reset() {
      for (const { weightSum, biasSum } of sums) {
        weightSum.fill(0);
        biasSum.fill(0);
      }
    },
    add() {
      for (const { layer, weightSum, biasSum } of sums)
        addPattern(net.outputs[layer - 1] ?? [], net.deltas[layer] ?? [], weightSum, biasSum);
    },
    apply(learningRate, momentum) {
      // Pass 1 computes every change into the sums (they are reset before the next batch) and checks that the
      // net would stay finite after float32 rounding; pass 2 commits. A diverged update is never half applied.
      let finite = true;
      for (const layer of sums) finite = stageChanges(net, layer, learningRate, momentum) && finite;
      if (!finite) return false;
      for (const layer of sums) commitChanges(net, layer);
      return true;
    },
  };
}

/** Adds one pattern's gradient of a layer, delta·incoming per weight and delta per bias, to the sums. */
function addPattern(incoming: ArrayLike<number>, deltas: ArrayLike<number>, weightSum: Float64Array, biasSum: Float64Array): void {
  const incomingNodes = incoming.length;
  for (let node = 0; node < deltas.length; node++) {
    const delta = deltas[node] as number;
    if (delta === 0) continue;
    biasSum[node] = (biasSum[node] as number) + delta;
    const offset = node * incomingNodes;
    for (let k = 0; k < incomingNodes; k++) {
      weightSum[offset + k] = (weightSum[offset + k] as number) + delta * (incoming[k] as number);
    }
  }
}

/**
 * Turns a layer's sums into brain's changes (weights: learningRate·Σ + momentum·change; biases: learningRate·Σ), in
 * place; true when every new weight, change and bias is finite in float32.
 */
function stageChanges(net: BrainInternals, { layer, weightSum, biasSum }: LayerSums, learningRate: number, momentum: number): boolean {
  const biases = net.biases[layer] ?? new Float32Array(0);
  let finite = true;
  for (const [node, nodeWeights] of (net.weights[layer] ?? []).entries()) {
    const nodeChanges = net.changes[layer]?.[node] ?? new Float32Array(nodeWeights.length);
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
  return finite;
}

/** Applies a layer's staged changes: weights and brain's momentum buffer, biases. */
function commitChanges(net: BrainInternals, { layer, weightSum, biasSum }: LayerSums): void {
  const biases = net.biases[layer] ?? new Float32Array(0);
  for (const [node, nodeWeights] of (net.weights[layer] ?? []).entries()) {
    const nodeChanges = net.changes[layer]?.[node] ?? new Float32Array(nodeWeights.length);
    const offset = node * nodeWeights.length;
    for (let k = 0; k < nodeWeights.length; k++) {
      nodeChanges[k] = weightSum[offset + k] as number;
      nodeWeights[k] = (nodeWeights[k] as number) + (weightSum[offset + k] as number);
    }
    biases[node] = (biases[node] as number) + (biasSum[node] as number);
  }
}

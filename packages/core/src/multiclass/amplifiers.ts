import { sigmoid } from '../amplify.js';

/**
 * How per-class predictions become amplified values ŷ_ik in (0, 1):
 *
 * - `'one-vs-rest'`: ŷ_ik = A(p_ik) = σ(L·(p_ik − 0.5)), each class on its own, exactly the binary amplifier.
 *   With softmax outputs a sample whose largest probability is below 0.5 is amplified towards "no class", which
 *   disagrees with the argmax decision used at evaluation.
 * - `'softmax'`: ŷ_i = softmax(L·log p_i) = p_ik^L / Σ_j p_ij^L (from logits: softmax(L·z_i)). Rows still sum to
 *   1, the largest class always gets the largest ŷ, and as L grows ŷ_i tends to the one-hot argmax: the
 *   amplifier agrees with argmax evaluation by construction. Only for softmax outputs.
 */
export type MulticlassAmplifier = 'one-vs-rest' | 'softmax';

/** What an amplifier writes per element (flat n×K) for the cells and the backward pass. */
export interface AmplifiedBatch {
  /** ŷ_ik. */
  readonly amplified: Float64Array;
  /** 1 − ŷ_ik, computed without cancellation (σ(−s) one-vs-rest; Σ_{j≠k} ŷ_ij for softmax). */
  readonly complement: Float64Array;
  /** Backward: turns ∂loss/∂ŷ (flat n×K, in place) into ∂loss/∂input (probabilities or logits). */
  backward(gradient: Float64Array): void;
}

/**
 * Each row of `values` becomes softmax(scale·row), in place. The row's largest entry is subtracted *before*
 * multiplying by the scale, so every exponent is ≤ 0 and finite inputs never meet ∞ − ∞ (logits of ±10³⁰⁸, or
 * scale × logit beyond float64); an entry of −∞ (log 0) gives exactly 0.
 */
function softmaxRowsInPlace(values: Float64Array, samples: number, classes: number, scale = 1): void {
  for (let i = 0; i < samples; i++) {
    const offset = i * classes;
    let largest = -Infinity;
    for (let j = 0; j < classes; j++) largest = Math.max(largest, values[offset + j] as number);
    let sum = 0;
    for (let j = 0; j < classes; j++) {
      const e = Math.exp(scale * ((values[offset + j] as number) - largest));
      values[offset + j] = e;
      sum += e;
    }
    for (let j = 0; j < classes; j++) values[offset + j] = (values[offset + j] as number) / sum;
  }
}

/**
 * Σ_{j≠k} of each row, per element, without cancellation and in O(K) per row: the sum of the entries before k
 * plus the sum of those after k, both sums of non-negative terms (never total − v_k, which rounds to 0 when
 * v_k ≈ 1 — exactly where a confident mistake needs its complement).
 */
function othersSum(values: Float64Array, samples: number, classes: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < samples; i++) {
    const offset = i * classes;
    let before = 0;
    for (let k = 0; k < classes; k++) {
      out[offset + k] = before;
      before += values[offset + k] as number;
    }
    let after = 0;
    for (let k = classes - 1; k >= 0; k--) {
      out[offset + k] = (out[offset + k] as number) + after;
      after += values[offset + k] as number;
    }
  }
  return out;
}

/** g_j ← v_j·(g_j − Σ_k g_k·v_k) per row: the backward pass of a softmax with outputs v (times a scale). */
function softmaxBackward(gradient: Float64Array, outputs: Float64Array, samples: number, classes: number, scale: number): void {
  for (let i = 0; i < samples; i++) {
    const offset = i * classes;
    let dot = 0;
    for (let j = 0; j < classes; j++) dot += (gradient[offset + j] as number) * (outputs[offset + j] as number);
    for (let j = 0; j < classes; j++) {
      gradient[offset + j] = scale * (outputs[offset + j] as number) * ((gradient[offset + j] as number) - dot);
    }
  }
}

/**
 * Amplifies a validated batch. `output` says whether rows are a softmax (exclusive classes) or independent
 * sigmoids (multi-label); `fromLogits` whether `predictions` are logits.
 */
export function amplifyBatch(
  predictions: Float64Array,
  samples: number,
  classes: number,
  options: {
    readonly amplifier: MulticlassAmplifier;
    readonly output: 'softmax' | 'sigmoid';
    readonly fromLogits: boolean;
    readonly amplification: number;
  },
): AmplifiedBatch {
  return options.amplifier === 'softmax'
    ? amplifySoftmax(predictions, samples, classes, options.fromLogits, options.amplification)
    : amplifyOneVsRest(predictions, samples, classes, options);
}

/** ŷ = softmax(L·z) from logits, softmax(L·log p) from probabilities (p = 0 gives ŷ = 0). */
function amplifySoftmax(predictions: Float64Array, samples: number, classes: number, fromLogits: boolean, L: number): AmplifiedBatch {
  const amplified = fromLogits ? new Float64Array(predictions) : predictions.map(Math.log);
  softmaxRowsInPlace(amplified, samples, classes, L);
  const complement = othersSum(amplified, samples, classes);
  return {
    amplified,
    complement,
    backward(gradient) {
      // ∂ŷ/∂(L·u) is the softmax Jacobian; u = z, or u = log p with du/dp = 1/p.
      softmaxBackward(gradient, amplified, samples, classes, L);
      if (!fromLogits) {
        for (let e = 0; e < predictions.length; e++) {
          const p = predictions[e] as number;
          gradient[e] = p > 0 ? (gradient[e] as number) / p : 0; // ŷ ∝ p^L → its gradient vanishes at p = 0
        }
      }
    },
  };
}

/** One-vs-rest: probabilities p (softmax or sigmoid of the logits when given logits), then A(p) per element. */
function amplifyOneVsRest(
  predictions: Float64Array,
  samples: number,
  classes: number,
  options: { readonly output: 'softmax' | 'sigmoid'; readonly fromLogits: boolean; readonly amplification: number },
): AmplifiedBatch {
  const { output, fromLogits, amplification: L } = options;
  const size = predictions.length;
  const probabilities = new Float64Array(predictions);
  if (fromLogits) {
    if (output === 'softmax') softmaxRowsInPlace(probabilities, samples, classes);
    else for (let e = 0; e < size; e++) probabilities[e] = sigmoid(probabilities[e] as number);
  }
  const amplified = new Float64Array(size);
  const complement = new Float64Array(size);
  for (let e = 0; e < size; e++) {
    const s = L * ((probabilities[e] as number) - 0.5);
    amplified[e] = sigmoid(s);
    complement[e] = sigmoid(-s);
  }
  return {
    amplified,
    complement,
    backward(gradient) {
      for (let e = 0; e < size; e++) gradient[e] = (gradient[e] as number) * L * (amplified[e] as number) * (complement[e] as number);
      if (!fromLogits) return;
      if (output === 'softmax') softmaxBackward(gradient, probabilities, samples, classes, 1);
      else
        for (let e = 0; e < size; e++) {
          const z = predictions[e] as number;
          gradient[e] = (gradient[e] as number) * sigmoid(z) * sigmoid(-z); // p(1 − p) without cancellation
        }
    },
  };
}

import { assertAmplification, invalidPrediction } from './validate.js';

/**
 * The default amplification scale L of `anyLoss`, `softConfusionMatrix` and {@link amplify}: L = 10. Reason: the
 * recipe study (`pnpm bench -- recipe-study`) chose it for both the logistic unit and the MLP on the tuning half of
 * the repository's imbalanced datasets, where the paper's {@link PAPER_AMPLIFICATION} saturates (misclassified rows
 * lose their gradient) and needs a much smaller learning rate. Report: docs/reproduction/recipe/.
 */
export const DEFAULT_AMPLIFICATION = 10;

/**
 * The amplification scale of the AnyLoss paper (Han, Moniz & Chawla, KDD 2024), L = 73: pass
 * `{ amplification: PAPER_AMPLIFICATION }` to train with the paper's setting.
 */
export const PAPER_AMPLIFICATION = 73;

/**
 * The amplifying function of AnyLoss, `A(p) = 1 / (1 + exp(−L·(p − 0.5)))`: it pushes a probability towards
 * 0 or 1 so that sums of `A(p)` behave like counts of hard predictions, while staying differentiable.
 * `A(p) > 0.5` exactly when `p > 0.5`. Computed without overflow for any finite `L`.
 *
 * @param probability - p in [0, 1].
 * @param amplification - L > 0; default {@link DEFAULT_AMPLIFICATION}.
 * @returns A(p) in (0, 1) (it may round to 0 or 1 only for very large L).
 * @throws {@link AnyLossError} `INVALID_PROBABILITY` or `INVALID_AMPLIFICATION`.
 */
export function amplify(probability: number, amplification: number = DEFAULT_AMPLIFICATION): number {
  return amplifySigned(probability, amplification, 1);
}

/**
 * `1 − A(p)`, computed as `σ(−L·(p − 0.5))` — never as a subtraction, which rounds to 0 for confident
 * predictions and would erase their gradient. Same arguments and errors as {@link amplify}.
 */
export function amplifyComplement(probability: number, amplification: number = DEFAULT_AMPLIFICATION): number {
  return amplifySigned(probability, amplification, -1);
}

/** σ(sign·L·(p − 0.5)) after validating p and L: A(p) for sign 1, 1 − A(p) for sign −1. */
function amplifySigned(probability: number, amplification: number, sign: 1 | -1): number {
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    invalidPrediction(undefined, probability, false, 'probability');
  }
  assertAmplification(amplification, 'amplification');
  return sigmoid(sign * amplification * (probability - 0.5));
}

/**
 * The logistic function σ(x) = 1 / (1 + e^(−x)), evaluated without overflow for every finite x
 * (σ(±Infinity) = 1 or 0; σ(NaN) = NaN). No validation: it is a numeric primitive.
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * The logit σ⁻¹(p) = ln(p / (1 − p)): σ(z) > t exactly when z > logit(t), so logits are compared with a threshold
 * without a sigmoid (−Infinity at t = 0, Infinity at t = 1).
 */
export function logit(probability: number): number {
  return Math.log(probability / (1 - probability));
}

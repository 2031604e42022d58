import type { MetricPartials } from './metric.js';

/**
 * The per-sample coefficients of the AnyLoss chain rule, for loss = 1 − metric:
 * `∂loss/∂ŷ_i = w_i · (y_i = 1 ? positive : negative)` with
 * `positive = −(∂M/∂TP − ∂M/∂FN)` and `negative = −(∂M/∂FP − ∂M/∂TN)`:
 * as ŷ_i grows, a positive sample moves weight from FN to TP, a negative one from TN to FP.
 * Adapters that work on tensors use these two numbers with their own element-wise ops.
 */
export function chainRuleCoefficients(partials: MetricPartials): { readonly positive: number; readonly negative: number } {
  return {
    positive: -(partials.truePositives - partials.falseNegatives),
    negative: -(partials.falsePositives - partials.trueNegatives),
  };
}

/**
 * The one chain rule of AnyLoss, shared by every metric (the gradient of the AnyLoss paper, Han, Moniz & Chawla,
 * KDD 2024; derived in the docs' concept page "The one chain rule"):
 *
 *     ∂loss/∂x_i = w_i · c(y_i) · dŷ_i/dx_i,   c(1) = −(∂M/∂TP − ∂M/∂FN),  c(0) = −(∂M/∂FP − ∂M/∂TN)
 *
 * where x is a probability or a logit and w_i the sample weight times the class weight of y_i. On entry `buffer[i]` holds `σ_i = (2y_i − 1) · w_i · dŷ_i/dx_i`, as
 * written by the accumulation pass; the label is carried by the sign because dŷ/dx ≥ 0 and w ≥ 0. Then
 * `c(y_i)·w_i·dŷ_i/dx_i = α·|σ_i| + β·σ_i` with `α = (c(1) + c(0))/2` and `β = (c(1) − c(0))/2`, so this pass
 * reads one array and writes it in place. On exit `buffer[i]` holds ∂loss/∂x_i. Class weights, being constant
 * per class, enter here through c(1) and c(0) rather than per sample.
 */
export function applyChainRule(
  partials: MetricPartials,
  buffer: Float64Array,
  classWeight: { readonly negative: number; readonly positive: number } = { negative: 1, positive: 1 },
): void {
  const coefficients = chainRuleCoefficients(partials);
  const positive = coefficients.positive * classWeight.positive;
  const negative = coefficients.negative * classWeight.negative;
  const alpha = (positive + negative) / 2;
  const beta = (positive - negative) / 2;
  for (let i = 0; i < buffer.length; i++) {
    const signed = buffer[i] as number;
    buffer[i] = alpha * Math.abs(signed) + beta * signed;
  }
}

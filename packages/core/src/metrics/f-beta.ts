import { mustBe } from '../errors.js';
import { defineMetric, ratio, type Metric } from '../metric.js';

function createFBeta(beta: number, name: string): Metric {
  const betaSquared = beta * beta;
  const onePlusBetaSquared = 1 + betaSquared;
  return defineMetric({
    name,
    range: [0, 1],
    value: ({ truePositives, falseNegatives, falsePositives }) =>
      ratio(onePlusBetaSquared * truePositives, onePlusBetaSquared * truePositives + betaSquared * falseNegatives + falsePositives),
    partials: ({ truePositives, falseNegatives, falsePositives }) => {
      const denominator = onePlusBetaSquared * truePositives + betaSquared * falseNegatives + falsePositives;
      const scale = ratio(onePlusBetaSquared, denominator * denominator);
      return {
        truePositives: scale * (betaSquared * falseNegatives + falsePositives),
        falseNegatives: -scale * betaSquared * truePositives,
        falsePositives: -scale * truePositives,
        trueNegatives: 0,
      };
    },
  });
}

/**
 * The F-beta score, `(1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP)`: the weighted harmonic mean of precision and
 * recall, with recall β times as important as precision.
 *
 * - Partials (D = the denominator): ∂/∂TP = (1 + β²)(β²·FN + FP) / D², ∂/∂FN = −(1 + β²)·β²·TP / D²,
 *   ∂/∂FP = −(1 + β²)·TP / D², ∂/∂TN = 0.
 * - Range [0, 1]. Zero division (TP = FN = FP = 0: no positives and none predicted): value 0, partials 0.
 * - Use for imbalanced data when the positive class is what matters: β = 1 (F1) weighs both errors alike,
 *   β = 2 favours recall, β = 0.5 favours precision.
 *
 * @param beta - 0 < β ≤ 10⁶. At β = 10⁶ F-beta already equals recall to about 12 digits (the difference is of
 *   order 1/β²), so a larger β only adds overflow: (1 + β²)² in the partials is infinite from β ≈ 10⁷⁷ on.
 * @returns A metric named `f${beta}`, e.g. `"f2"`.
 * @throws {@link AnyLossError} `INVALID_ARGUMENT` if β is not a number in (0, 10⁶].
 */
export function fBeta(beta: number): Metric {
  if (typeof beta !== 'number' || !(beta > 0 && beta <= 1e6)) {
    mustBe('INVALID_ARGUMENT', 'beta', 'a number in (0, 1e6]', beta);
  }
  return createFBeta(beta, `f${beta}`);
}

/**
 * The F1 score, `2·TP / (2·TP + FN + FP)`: the harmonic mean of precision and recall ({@link fBeta} with β = 1).
 * AnyLoss-F1 is the paper's headline loss for imbalanced data.
 */
export const f1: Metric = createFBeta(1, 'f1');

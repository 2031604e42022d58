import { amplify, anyLoss, chainRuleCoefficients, metrics, softConfusionMatrix } from '@anyloss/core';

const yTrue = [1, 0, 1, 0, 0];
const yPred = [0.7, 0.4, 0.45, 0.55, 0.2];
const L = 10;

// 1. Soft confusion matrix and the metric's four partial derivatives, once per batch.
const cells = softConfusionMatrix(yTrue, yPred, { amplification: L });
const { positive, negative } = chainRuleCoefficients(metrics.balancedAccuracy.partials(cells));

// 2. The same two coefficients serve every sample: ∂loss/∂ŷ_i = positive or negative, by label.
//    Then ∂ŷ/∂p = L·ŷ(1 − ŷ).
const byHand = yPred.map((p, i) => {
  const a = amplify(p, L);
  return (yTrue[i] === 1 ? positive : negative) * L * a * (1 - a);
});

const { gradient } = anyLoss(metrics.balancedAccuracy, { amplification: L }).lossAndGradient(yTrue, yPred);
console.log(positive.toFixed(4), negative.toFixed(4)); // prints: -0.2500 0.1667
console.log(byHand.every((g, i) => Math.abs(g - (gradient[i] as number)) < 1e-12)); // prints: true

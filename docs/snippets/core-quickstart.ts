import { anyLoss, confusionMatrix, metrics, PAPER_AMPLIFICATION } from '@anyloss/core';

const yTrue = [1, 0, 0, 1]; // labels: exactly 0 or 1 (1 = the positive, usually minority, class)
const yPred = [0.8, 0.3, 0.6, 0.4]; // the model's probabilities

// The loss: 1 − F1 of the soft confusion matrix, at core's default amplification (DEFAULT_AMPLIFICATION).
const f1Loss = anyLoss(metrics.f1);
const { loss, gradient, cells } = f1Loss.lossAndGradient(yTrue, yPred);

console.log(loss.toFixed(4)); // prints: 0.4000
console.log(Array.from(gradient, (g) => g.toPrecision(2)).join(' ')); // prints: -0.16 0.15 0.29 -0.68
console.log(cells.truePositives.toFixed(3)); // prints: 1.222
// gradient[i] = ∂loss/∂yPred[i]: hand it to your optimiser.

// The paper's setting is one option away: a much steeper amplifier, gradient only near the decision boundary.
const paper = anyLoss(metrics.f1, { amplification: PAPER_AMPLIFICATION }).lossAndGradient(yTrue, yPred);
console.log(Array.from(paper.gradient, (g) => g.toPrecision(2)).join(' ')); // prints: -8.4e-9 0.0000042 0.0062 -0.018

// Evaluate with the same metric on hard predictions (p > 0.5): TP 1, FN 1, FP 1, TN 1.
const hard = confusionMatrix(yTrue, yPred);
console.log(metrics.f1.value(hard)); // prints: 0.5

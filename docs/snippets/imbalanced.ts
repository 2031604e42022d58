import { anyLoss, confusionMatrix, fBeta, metrics } from '@anyloss/core';

const yTrue = [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]; // 20% positives
const yPred = [0.45, 0.1, 0.2, 0.05, 0.3, 0.15, 0.6, 0.1, 0.2, 0.7];

const options = { amplification: 73 }; // the paper's L

// The metric decides what an error costs. Recall twice as important as precision:
const f2 = anyLoss(fBeta(2), options);
// Both classes equally important, whatever their sizes:
const bacc = anyLoss(metrics.balancedAccuracy, options);
// Class weights scale whole cells: here every positive counts three times.
const weightedF1 = anyLoss(metrics.f1, options);

console.log(f2.loss(yTrue, yPred).toFixed(3)); // prints: 0.489
console.log(bacc.loss(yTrue, yPred).toFixed(3)); // prints: 0.306
console.log(weightedF1.loss(yTrue, yPred, { classWeight: { 1: 3 } }).toFixed(3)); // prints: 0.389

// Evaluate on hard predictions, with more than one metric:
const cells = confusionMatrix(yTrue, yPred);
console.log(['f1', 'balancedAccuracy', 'mcc'].map((name) => `${name} ${metrics[name as 'f1'].value(cells).toFixed(3)}`).join(', '));
// prints: f1 0.500, balancedAccuracy 0.688, mcc 0.375

import { confusionMatrix, metrics } from '@anyloss/core';

// 12 validation samples scored in 3 batches of 4.
const yTrue = [1, 0, 0, 0, /**/ 0, 0, 0, 0, /**/ 1, 1, 1, 0];
const yPred = [0.9, 0.2, 0.1, 0.3, /**/ 0.6, 0.1, 0.2, 0.4, /**/ 0.8, 0.3, 0.7, 0.2];

// What tfjs logs for a compiled metric: the mean of the per-batch values.
const batchValues = [0, 4, 8].map((start) =>
  metrics.f1.value(confusionMatrix(yTrue.slice(start, start + 4), yPred.slice(start, start + 4))),
);
const meanOfBatches = batchValues.reduce((sum, value) => sum + value, 0) / batchValues.length;

// The F1 of the epoch: one confusion matrix summed over all samples.
const epochF1 = metrics.f1.value(confusionMatrix(yTrue, yPred));

console.log(batchValues.map((v) => v.toFixed(3)).join(' ')); // prints: 1.000 0.000 0.800
console.log(`mean of batch F1: ${meanOfBatches.toFixed(3)}, epoch F1: ${epochF1.toFixed(3)}`); // prints: mean of batch F1: 0.600, epoch F1: 0.750

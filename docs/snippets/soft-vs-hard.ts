import { confusionMatrix, metrics, softConfusionMatrix } from '@anyloss/core';

const yTrue = [1, 0, 1, 0];
const yPred = [0.9, 0.4, 0.55, 0.7];

// Real-valued cells: what the loss sees (L = 10 here, to make the softness visible).
const soft = softConfusionMatrix(yTrue, yPred, { amplification: 10 });
console.log(
  Object.values(soft)
    .map((cell) => cell.toFixed(3))
    .join(' '),
); // prints: 1.604 0.396 1.150 0.850

// Hard counts at p > 0.5: what you evaluate with.
const hard = confusionMatrix(yTrue, yPred);
console.log(Object.values(hard).join(' ')); // prints: 2 0 1 1
console.log(metrics.f1.value(hard).toFixed(3), metrics.f1.value(soft).toFixed(3)); // prints: 0.800 0.675

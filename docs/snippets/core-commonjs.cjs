// CommonJS: `require` loads the packages' CommonJS builds (ES modules and TypeScript types ship alongside).
const { anyLoss, confusionMatrix, metrics } = require('@anyloss/core');

const yTrue = [1, 0, 0, 1];
const yPred = [0.8, 0.3, 0.6, 0.4];
const { loss, cells } = anyLoss(metrics.f1, { amplification: 73 }).lossAndGradient(yTrue, yPred);

console.log(loss.toFixed(4), cells.truePositives.toFixed(3)); // prints: 0.4997 1.001
console.log(metrics.f1.value(confusionMatrix(yTrue, yPred))); // prints: 0.5

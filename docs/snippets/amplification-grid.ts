import { anyLoss, confusionMatrix, metrics } from '@anyloss/core';

// The single logistic unit of core-training-loop.ts, trained for 200 full-batch steps with several
// amplification scales L and learning rates, to show how the two interact.
const x = [-2.1, -1.7, -1.2, -0.9, -0.4, 0.1, 0.3, 0.8, 1.1, 1.6, 2.2, 2.4];
const y = [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1];

function trainF1(amplification: number, learningRate: number): number {
  const loss = anyLoss(metrics.f1, { amplification, from: 'logits' });
  const logits = new Float64Array(x.length);
  const gradient = new Float64Array(x.length);
  let w = 0;
  let b = 0;
  for (let step = 0; step < 200; step++) {
    for (let i = 0; i < x.length; i++) logits[i] = w * (x[i] as number) + b;
    loss.lossAndGradient(y, logits, { out: gradient });
    w -= learningRate * gradient.reduce((sum, g, i) => sum + g * (x[i] as number), 0);
    b -= learningRate * gradient.reduce((sum, g) => sum + g, 0);
  }
  for (let i = 0; i < x.length; i++) logits[i] = w * (x[i] as number) + b;
  return metrics.f1.value(confusionMatrix(y, logits, { from: 'logits' }));
}

for (const amplification of [10, 30, 73]) {
  const row = [0.1, 0.5, 2].map((learningRate) => trainF1(amplification, learningRate).toFixed(3));
  console.log(`L = ${amplification}: ${row.join('  ')}`);
}
// prints: L = 10: 0.889  0.889  0.889
// prints: L = 30: 0.889  0.889  0.727
// prints: L = 73: 0.889  0.727  0.727

import { anyLoss, confusionMatrix, metrics } from '@anyloss/core';

// A logistic model p = σ(w·x + b), trained by plain full-batch gradient descent on 1 − F1 — the paper's
// "single unit". Any framework works the same way: compute the logits, ask AnyLoss for ∂loss/∂logit,
// back-propagate from there.
const x = [-2.1, -1.7, -1.2, -0.9, -0.4, 0.1, 0.3, 0.8, 1.1, 1.6, 2.2, 2.4]; // one feature
const y = [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1]; // 4 positives out of 12

const loss = anyLoss(metrics.f1, { from: 'logits' }); // gradients are then ∂loss/∂z
let w = 0;
let b = 0;
const learningRate = 0.1;
const logits = new Float64Array(x.length);
const gradient = new Float64Array(x.length); // reused every step: no allocation

for (let step = 0; step < 200; step++) {
  for (let i = 0; i < x.length; i++) logits[i] = w * (x[i] as number) + b;
  loss.lossAndGradient(y, logits, { out: gradient });
  let dw = 0;
  let db = 0;
  for (let i = 0; i < x.length; i++) {
    dw += (gradient[i] as number) * (x[i] as number); // ∂z_i/∂w = x_i
    db += gradient[i] as number; // ∂z_i/∂b = 1
  }
  w -= learningRate * dw;
  b -= learningRate * db;
}

for (let i = 0; i < x.length; i++) logits[i] = w * (x[i] as number) + b;
const cells = confusionMatrix(y, logits, { from: 'logits' });
console.log(`training F1 ${metrics.f1.value(cells).toFixed(3)}`); // prints: training F1 0.889

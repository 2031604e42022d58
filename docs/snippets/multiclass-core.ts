import { metrics } from '@anyloss/core';
import { multiclassAnyLoss, multiclassMetric } from '@anyloss/core/multiclass';

const yTrue = [0, 2, 1, 2]; // class indices (one-hot rows work too)
const logits = [
  [2.0, 0.1, -1.0],
  [0.2, 0.3, 1.5],
  [0.5, 0.4, 0.1],
  [1.2, 0.0, 0.9],
]; // the model's raw scores, one row per sample

// 1 − macro-F1 of the per-class soft confusion matrices. The default amplifier sharpens softmax(z) to
// softmax(L·z); here with L = 3. (Leave `amplification` out for the measured default, DEFAULT_SOFTMAX_AMPLIFICATION.)
const macroF1Loss = multiclassAnyLoss(metrics.f1, { average: 'macro', from: 'logits', amplification: 3 });
const { loss, gradientRows, cells } = macroF1Loss.lossAndGradient(yTrue, logits);

console.log(loss.toFixed(4)); // prints: 0.3774
console.log(Array.from(gradientRows?.[2] ?? [], (g) => g.toFixed(4)).join(' ')); // prints: 0.2200 -0.2895 0.0695
console.log(cells.length); // prints: 3
// gradientRows[i][k] = ∂loss/∂logits[i][k], the same layout as the input.

// Evaluate with the same metric and average on hard (argmax) predictions:
// class 0 F1 = 0.5, class 1 F1 = 0, class 2 F1 = 2/3 → macro-F1 = 0.3889.
console.log(multiclassMetric(metrics.f1, yTrue, logits, { from: 'logits', average: 'macro' }).toFixed(4)); // prints: 0.3889

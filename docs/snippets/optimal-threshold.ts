import { confusionMatrix, metrics, optimalThreshold } from '@anyloss/core';

// A model trained with cross-entropy, scored on validation rows it did not train on (25% positives).
const yValidation = [0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0];
const pValidation = [0.05, 0.1, 0.42, 0.3, 0.35, 0.2, 0.15, 0.62, 0.38, 0.08, 0.25, 0.28, 0.12, 0.22, 0.18, 0.31];

// At the default threshold 0.5 it finds one positive of four:
console.log(metrics.f1.value(confusionMatrix(yValidation, pValidation)).toFixed(3)); // prints: 0.400

// The threshold that maximises F1 on the validation rows: exact, one sort and one sweep.
const { threshold, value } = optimalThreshold(yValidation, pValidation, metrics.f1);
console.log(`threshold ${threshold.toFixed(3)}, validation F1 ${value.toFixed(3)}`); // prints: threshold 0.330, validation F1 0.750

// Apply it to new rows with the same rule as confusionMatrix: positive iff p > threshold.
const yTest = [1, 0, 0, 1, 0, 0, 0, 0];
const pTest = [0.55, 0.2, 0.36, 0.34, 0.1, 0.29, 0.05, 0.3];
console.log(metrics.f1.value(confusionMatrix(yTest, pTest, { threshold })).toFixed(3)); // prints: 0.800

// Any metric, any scores (logits, margins), sample weights: the threshold is in the units of the scores.
const logits = pValidation.map((p) => Math.log(p / (1 - p)));
const mcc = optimalThreshold(yValidation, logits, metrics.mcc, { sampleWeight: yValidation.map((y) => (y === 1 ? 2 : 1)) });
console.log(`MCC threshold on logits ${mcc.threshold.toFixed(3)}, weighted MCC ${mcc.value.toFixed(3)}`);
// prints: MCC threshold on logits -1.022, weighted MCC 0.739

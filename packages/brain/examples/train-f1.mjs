// Train a brain.js NeuralNetwork on F1 instead of squared error, on a real imbalanced dataset
// (blood-transfusion donors, 24% positive), and compare with brain.js's own training.
// Run: pnpm --filter @anyloss/brain build && node packages/brain/examples/train-f1.mjs
import brain from 'brain.js';
import { loadDataset } from '@anyloss/datasets';
import { confusionMatrix, metrics, train, withSeededRandom } from '@anyloss/brain';

// 1. Data in brain.js's own { input, output } form; output [1] = the minority class.
const { features, labels } = loadDataset('ddalpha-bloodtransfusion');
const rows = Array.from(features, (x, i) => ({ input: Array.from(x), output: [labels[i]] }));
const testRows = rows.filter((_, i) => i % 4 === 0);
const trainRows = rows.filter((_, i) => i % 4 !== 0);
// Standardise with training statistics only.
const width = trainRows[0].input.length;
const mean = Array.from({ length: width }, (_, k) => trainRows.reduce((s, r) => s + r.input[k], 0) / trainRows.length);
const sd = mean.map((m, k) => Math.sqrt(trainRows.reduce((s, r) => s + (r.input[k] - m) ** 2, 0) / trainRows.length) || 1);
const standardise = (r) => ({ input: r.input.map((v, k) => (v - mean[k]) / sd[k]), output: r.output });
const trainData = trainRows.map(standardise);
const testData = testRows.map(standardise);

// 2. Train on F1. The net stays an ordinary brain.js net.
const net = new brain.NeuralNetwork({ hiddenLayers: [8] });
const stats = train(net, trainData, { metric: metrics.f1, iterations: 200, seed: 1 });
console.log(`AnyLoss-F1: ${stats.iterations} iterations, training loss ${stats.error.toFixed(3)}, training F1 ${stats.metric.value.toFixed(3)}`);

// 3. The same architecture and initial weights trained by brain.js itself (squared error).
const baseline = new brain.NeuralNetwork({ hiddenLayers: [8] });
withSeededRandom(1, () => baseline.train(trainData, { iterations: 200, errorThresh: 1e-9 }));

// 4. Test F1 of both (hard predictions, p > 0.5).
const testF1 = (model) => {
  const yTrue = testData.map((r) => r.output[0]);
  const yPred = testData.map((r) => model.run(r.input)[0]);
  return metrics.f1.value(confusionMatrix(yTrue, yPred));
};
console.log(`test F1 — AnyLoss-F1: ${testF1(net).toFixed(3)}, brain.js net.train: ${testF1(baseline).toFixed(3)}`);

// 5. Save and restore like any brain.js net.
const restored = new brain.NeuralNetwork().fromJSON(net.toJSON());
console.log(`restored net agrees: ${restored.run(testData[0].input)[0].toFixed(6) === net.run(testData[0].input)[0].toFixed(6)}`);

// Train a brain.js NeuralNetwork on F1 instead of squared error, on a real imbalanced dataset
// (blood-transfusion donors, 24% positive), and compare with brain.js's own training.
// Run: pnpm --filter @anyloss/brain build && node packages/brain/examples/train-f1.mjs
import brain from 'brain.js';
import { fitStandardizer, loadDataset, standardizeRows, stratifiedHoldout } from '@anyloss/datasets';
import { confusionMatrix, metrics, train, withSeededRandom } from '@anyloss/brain';

// 1. Data in brain.js's own { input, output } form; output [1] = the minority class. A stratified, seeded 70/30
//    split; features standardised with training statistics only.
const { features, labels } = loadDataset('ddalpha-bloodtransfusion');
const split = stratifiedHoldout(labels, { testShare: 0.3, seed: 1 });
const standardizer = fitStandardizer(features, split.train);
const width = standardizer.mean.length;
const rowsOf = (indices) => {
  const x = standardizeRows(features, indices, standardizer);
  return Array.from(indices, (i, r) => ({ input: Array.from(x.subarray(r * width, (r + 1) * width)), output: [labels[i]] }));
};
const trainData = rowsOf(split.train);
const testData = rowsOf(split.test);

// 2. Train on F1. The net stays an ordinary brain.js net.
const net = new brain.NeuralNetwork({ hiddenLayers: [8] });
const stats = train(net, trainData, { metric: metrics.f1, iterations: 200, seed: 1 });
console.log(
  `AnyLoss-F1: ${stats.iterations} iterations, training loss ${stats.error.toFixed(3)}, training F1 ${stats.metric.value.toFixed(3)}`,
);

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

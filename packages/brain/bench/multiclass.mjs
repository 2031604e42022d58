// Measures the multi-class design of train() for nets with K output nodes (README: "How the K sigmoids become
// core's input"): (a) the K sigmoids as one-vs-rest probabilities — reachable as task: 'multilabel' on one-hot
// rows — versus (b) rows normalised to sum 1 with core's sharpened-softmax amplifier (task: 'multiclass', the
// default), at several L, against brain's own net.train. Test macro-F1 by argmax, per dataset, mean over seeds.
// Usage: node bench/multiclass.mjs   (run `npx tsup` first; `pnpm bench:multiclass` does)
import brain from 'brain.js';
import { train, metrics, withSeededRandom } from '../dist/index.js';
import { scoreMacroF1, splitDataset } from './data.mjs';

const DATASETS = { 'weka-glass': { seeds: [1, 2, 3, 4, 5, 6], hidden: [8] }, 'sklearn-wine': { seeds: [1, 2, 3], hidden: [8] }, 'weka-soybean': { seeds: [1, 2, 3], hidden: [16] } };
const CONFIGURATIONS = [
  ...[10, 30].map((amplification) => ({ label: `(a) one-vs-rest sigmoids, L ${amplification}`, options: { task: 'multilabel', amplification } })),
  ...[3, 5, 10, 30].map((amplification) => ({ label: `(b) normalised rows, sharpened softmax, L ${amplification}`, options: { task: 'multiclass', amplification } })),
];
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

for (const [name, { seeds, hidden }] of Object.entries(DATASETS)) {
  const scores = new Map();
  const add = (label, score) => scores.set(label, [...(scores.get(label) ?? []), score]);
  for (const seed of seeds) {
    const { train: rows, test } = splitDataset(name, seed, 0.3, true);
    for (const { label, options } of CONFIGURATIONS) {
      const net = new brain.NeuralNetwork({ hiddenLayers: hidden });
      train(net, rows, { metric: metrics.f1, average: 'macro', seed, iterations: 200, ...options });
      add(label, scoreMacroF1(net, test));
    }
    const theirs = new brain.NeuralNetwork({ hiddenLayers: hidden });
    withSeededRandom(seed, () => theirs.train(rows, { iterations: 200, errorThresh: 1e-9 }));
    add('brain net.train', scoreMacroF1(theirs, test));
  }
  for (const [label, values] of scores) console.log(`${name} · ${label}: mean ${mean(values).toFixed(3)} [${values.map((v) => v.toFixed(3)).join(', ')}]`);
}

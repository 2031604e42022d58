// Measures the defaults of train(): amplification L, batch size and learning rate (with the batch gradient scaled
// by the batch length into brain's error term), on the repository's imbalanced datasets. Test F1 after training a
// NeuralNetwork({ hiddenLayers: [8] }) on metrics.f1, mean over datasets and seeds, checkpointed over epochs.
// Usage: node bench/defaults.mjs [--quick] [--stage amplification|batch] [--scale sum,normalize] [--amplification L] [--rates a,b] [--datasets a,b]   (run `npx tsup` first; `pnpm bench:defaults` does)
import brain from 'brain.js';
import { train, metrics, withSeededRandom } from '../dist/index.js';
import { scoreF1, splitDataset } from './data.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const datasetArg = args[args.indexOf('--datasets') + 1];
const DATASETS = args.includes('--datasets') && datasetArg
  ? datasetArg.split(',')
  : [
      'weka-unbalanced', 'weka-soybean-charcoal-rot-vs-rest', 'weka-glass-containers-vs-rest', 'sklearn-digits-0-vs-rest',
      'ddalpha-plasma_retinol_mvsf', 'ddalpha-bloodtransfusion', 'weka-credit-g', 'sklearn-breast_cancer',
    ];
const SEEDS = quick ? [1] : [1, 2];
const CHECKPOINTS = [25, 50, 100, 200, 300];
const splits = new Map();
for (const name of DATASETS) for (const seed of SEEDS) splits.set(`${name}:${seed}`, splitDataset(name, seed));

/** Mean test F1 per checkpoint over datasets × seeds for one configuration. */
function measure(options) {
  const sums = new Float64Array(CHECKPOINTS.length);
  let runs = 0;
  for (const name of DATASETS) {
    for (const seed of SEEDS) {
      const { train: rows, test } = splits.get(`${name}:${seed}`);
      const net = new brain.NeuralNetwork({ hiddenLayers: [8] });
      const scores = [];
      train(net, rows, {
        metric: metrics.f1, seed, iterations: CHECKPOINTS.at(-1), errorThresh: -1, callbackPeriod: 1,
        callback: ({ iterations }) => { if (CHECKPOINTS.includes(iterations)) scores.push(scoreF1(net, test)); },
        ...options,
      });
      scores.forEach((score, i) => (sums[i] += score));
      runs++;
    }
  }
  return Array.from(sums, (sum) => sum / runs);
}

function baseline(learningRate) {
  const sums = new Float64Array(CHECKPOINTS.length);
  let runs = 0;
  for (const name of DATASETS) {
    for (const seed of SEEDS) {
      const { train: rows, test } = splits.get(`${name}:${seed}`);
      const net = new brain.NeuralNetwork({ hiddenLayers: [8] });
      const scores = [];
      withSeededRandom(seed, () => net.train(rows, {
        iterations: CHECKPOINTS.at(-1), errorThresh: 1e-9, learningRate, callbackPeriod: 1,
        callback: ({ iterations }) => { if (CHECKPOINTS.includes(iterations)) scores.push(scoreF1(net, test)); },
      }));
      // brain stops early at errorThresh; carry the last score forward.
      while (scores.length < CHECKPOINTS.length) scores.push(scores.at(-1) ?? scoreF1(net, test));
      scores.forEach((score, i) => (sums[i] += score));
      runs++;
    }
  }
  return Array.from(sums, (sum) => sum / runs);
}

const row = (label, values) => console.log(`| ${label} | ${values.map((v) => v.toFixed(3)).join(' | ')} |`);
console.log(`datasets: ${DATASETS.join(', ')}; seeds ${SEEDS.join(', ')}; hiddenLayers [8]; mean test F1 (30% stratified hold-out)`);
console.log(`| configuration | ${CHECKPOINTS.map((c) => `epoch ${c}`).join(' | ')} |`);
console.log(`|---|${CHECKPOINTS.map(() => '---').join('|')}|`);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const stage = option('stage', 'all');
const scales = option('scale', 'sum,normalize').split(',');
const rates = option('rates', quick ? '0.1' : '0.01,0.03,0.1,0.3').split(',').map(Number);
if (stage === 'all' || stage === 'amplification') {
  for (const learningRate of [0.3, 0.1]) row(`brain net.train (MSE), learningRate ${learningRate}`, baseline(learningRate));
  for (const gradientScale of scales) {
    for (const amplification of quick ? [5, 10, 73] : [5, 10, 20, 30, 73]) {
      for (const learningRate of rates) {
        row(`${gradientScale}, L ${amplification}, batch 64, lr ${learningRate}`, measure({ amplification, batchSize: 64, learningRate, gradientScale }));
      }
    }
  }
}
if (stage === 'all' || stage === 'batch') {
  const amplification = Number(option('amplification', '10'));
  for (const gradientScale of scales) {
    for (const batchSize of quick ? [32, 128] : [16, 32, 128, 100000]) {
      for (const learningRate of rates) {
        row(`${gradientScale}, L ${amplification}, batch ${batchSize === 100000 ? 'full' : batchSize}, lr ${learningRate}`, measure({ amplification, batchSize, learningRate, gradientScale }));
      }
    }
  }
}

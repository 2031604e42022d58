// AnyLoss-F1 against binary cross-entropy on every imbalanced dataset of the repo (a command, not a test):
//
//   pnpm --filter @anyloss/tfjs bench evidence [--seeds 3] [--epochs 50] [--backend cpu] [--max-share 0.3]
//
// The same protocol as src/training.test.ts (which asserts on one dataset of this table): seeded stratified
// 70/30 split, standardised features, Dense(8, relu) → Dense(1, sigmoid), Adam 1e-2, batch 64, shuffle off,
// createLoss(metrics.f1) with the package defaults; hard test F1 at 0.5. Prints every dataset and seed, so the
// test's choice of dataset can be checked against all the others.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createLoss, DEFAULT_TFJS_AMPLIFICATION, metrics } from '../dist/index.js';
import { imbalancedDatasets, loadSplit, mean, trainAndTest } from './common.mjs';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== 'evidence'),
  options: {
    seeds: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '50' },
    backend: { type: 'string', default: 'cpu' },
    'max-share': { type: 'string', default: '0.3' },
  },
});
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
await tf.setBackend(args.backend);
await tf.ready();
console.log(`backend ${tf.getBackend()}, ${args.epochs} epochs, L = ${DEFAULT_TFJS_AMPLIFICATION}; test F1 per seed (${seeds.join(', ')})`);
console.log('| dataset | positives | BCE | AnyLoss-F1 | mean gap |');
console.log('| --- | ---: | --- | --- | ---: |');
let wins = 0;
let losses = 0;
let total = 0;
const gaps = [];
for (const info of imbalancedDatasets(Number(args['max-share']))) {
  const bce = [];
  const ours = [];
  for (const seed of seeds) {
    const split = loadSplit(info.name, { seed });
    const options = { seed, epochs: Number(args.epochs) };
    bce.push((await trainAndTest(split, 'binaryCrossentropy', options)).f1);
    ours.push((await trainAndTest(split, createLoss(metrics.f1), options)).f1);
  }
  ours.forEach((v, i) => {
    total++;
    if (v > bce[i]) wins++;
    if (v < bce[i]) losses++;
  });
  const gap = mean(ours) - mean(bce);
  gaps.push(gap);
  const list = (values) => values.map((v) => v.toFixed(3)).join(' / ');
  console.log(`| ${info.name} | ${(100 * info.positiveShare).toFixed(1)}% | ${list(bce)} | ${list(ours)} | ${gap >= 0 ? '+' : ''}${gap.toFixed(3)} |`);
}
console.log(
  `\nAnyLoss-F1 higher in ${wins} of ${total} (dataset, seed) runs, equal in ${total - wins - losses}, lower in ${losses}; ` +
    `mean gap ${mean(gaps).toFixed(3)}.`,
);

// Which amplification L should @anyloss/tfjs use by default? (A command, not a test.)
//
//   pnpm --filter @anyloss/tfjs bench amplification [--activation relu|sigmoid] [--seeds 3] [--epochs 50]
//        [--batch 64] [--backend wasm|cpu] [--values 5,10,20,30,50,73] [--metric f1] [--out file.json]
//
// For every binary dataset of @anyloss/datasets with a positive share ≤ 30%, every seed (split and
// initialisation) and every L, trains Dense(8, activation) → Dense(1, sigmoid) with Adam(1e-2) on
// createLoss(metrics[metric], { amplification: L }) in float32 and reports the same metric, hard, on the test
// set at 0.5; binary cross-entropy is trained alongside as a reference. Deterministic for a given backend.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createLoss, metrics } from '../dist/index.js';
import { imbalancedDatasets, loadSplit, mean, trainAndTest } from './common.mjs';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== 'amplification'),
  options: {
    activation: { type: 'string', default: 'relu' },
    seeds: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '50' },
    batch: { type: 'string', default: '64' },
    backend: { type: 'string', default: 'wasm' },
    values: { type: 'string', default: '5,10,20,30,50,73' },
    metric: { type: 'string', default: 'f1' },
    out: { type: 'string' },
  },
});
const seeds = Array.from({ length: Number(args.seeds) }, (_, i) => i + 1);
const amplifications = args.values.split(',').map(Number);
const metricName = args.metric;
if (!['f1', 'mcc', 'balancedAccuracy'].includes(metricName)) throw new Error('--metric must be f1, mcc or balancedAccuracy');
const training = { epochs: Number(args.epochs), batchSize: Number(args.batch), activation: args.activation };
await tf.setBackend(args.backend);
await tf.ready();

const datasets = imbalancedDatasets(0.3);
const columns = ['bce', ...amplifications.map((L) => `L=${L}`)];
const results = {}; // results[dataset][column] = [f1 per seed]
const started = performance.now();
console.log(`backend ${tf.getBackend()}, MLP Dense(8, ${args.activation}) → Dense(1, sigmoid), Adam 1e-2, ` +
  `${training.epochs} epochs, batch ${training.batchSize}, seeds ${seeds.join(',')}; AnyLoss-${metricName}, test ${metricName} at 0.5`);
for (const info of datasets) {
  results[info.name] = Object.fromEntries(columns.map((c) => [c, []]));
  for (const seed of seeds) {
    const split = loadSplit(info.name, { seed });
    const options = { ...training, seed };
    results[info.name].bce.push((await trainAndTest(split, 'binaryCrossentropy', options))[metricName]);
    for (const L of amplifications) {
      const loss = createLoss(metrics[metricName], { amplification: L });
      results[info.name][`L=${L}`].push((await trainAndTest(split, loss, options))[metricName]);
    }
  }
  const row = columns.map((c) => mean(results[info.name][c]).toFixed(3));
  console.log(`${info.name.padEnd(36)} ${(100 * info.positiveShare).toFixed(1).padStart(5)}%  ${row.join('  ')}`);
}

// Summary: mean test metric over datasets × seeds, datasets where a column is best (ties shared), mean rank,
// and runs where the metric is 0 (e.g. F1 = 0: no positive predicted right).
const names = Object.keys(results);
const summary = columns.map((c) => {
  const all = names.flatMap((d) => results[d][c]);
  const ranks = names.map((d) => {
    const score = mean(results[d][c]);
    return 1 + columns.filter((o) => mean(results[d][o]) > score + 1e-12).length;
  });
  const wins = names.filter((d) => columns.every((o) => mean(results[d][o]) <= mean(results[d][c]) + 1e-12)).length;
  return { column: c, meanValue: mean(all), wins, meanRank: mean(ranks), collapsed: all.filter((v) => v === 0).length, runs: all.length };
});
console.log(`\n| loss | mean test ${metricName} | best on (of ${names.length}) | mean rank | runs with ${metricName} = 0 |`);
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const s of summary) {
  console.log(`| ${s.column === 'bce' ? 'binary cross-entropy' : `AnyLoss-${metricName}, ${s.column}`} | ${s.meanValue.toFixed(3)} | ${s.wins} | ${s.meanRank.toFixed(2)} | ${s.collapsed} / ${s.runs} |`);
}
console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s`);
if (args.out !== undefined) {
  writeFileSync(args.out, JSON.stringify({ backend: tf.getBackend(), metric: metricName, args, training, seeds, results, summary }, null, 2) + '\n');
}

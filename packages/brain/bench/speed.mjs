// Time per iteration (one pass over the training rows) of @anyloss/brain's train() versus brain.js's own
// net.train() on the same data and architecture, for both brain.js versions. Target: ratio ≤ 1.5.
// Usage: node bench/speed.mjs   (after `npx tsup`; `pnpm --filter @anyloss/brain bench` does both)
import brain from 'brain.js';
import brain2 from 'brain-js-2';
import { holdoutRows } from '@anyloss/datasets';
import { train, metrics, withSeededRandom } from '../dist/index.js';

/** The training rows of the real-data tests' split (seed 1, 30% held out), standardised, as brain.js rows. */
const trainingRows = (name) => holdoutRows(name, { seed: 1 }).train;

const VERSIONS = [
  ['brain.js 1.6.1', brain],
  ['brain.js 2.0.0-beta.24', brain2],
];
const CASES = [
  { name: 'ddalpha-bloodtransfusion', hiddenLayers: [8], iterations: 200 },
  { name: 'weka-credit-g', hiddenLayers: [8], iterations: 40 },
  { name: 'sklearn-digits-0-vs-rest', hiddenLayers: [16], iterations: 20 },
];
const REPEATS = 5;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function time(run) {
  const start = performance.now();
  const { iterations } = run();
  return (performance.now() - start) / iterations;
}

console.log(
  `| brain.js | dataset (train rows × features, hidden) | brain net.train ms/iteration | @anyloss/brain train ms/iteration | ratio |`,
);
console.log('|---|---|---|---|---|');
for (const [version, library] of VERSIONS) {
  for (const { name, hiddenLayers, iterations } of CASES) {
    const rows = trainingRows(name);
    const brainTimes = [];
    const anyLossTimes = [];
    for (let repeat = 0; repeat <= REPEATS; repeat++) {
      // Alternate the two so that JIT warm-up and machine noise hit both alike; repeat 0 is warm-up.
      const own = time(() => {
        const net = new library.NeuralNetwork({ hiddenLayers });
        return withSeededRandom(repeat, () => net.train(rows, { iterations, errorThresh: 1e-9 }));
      });
      const ours = time(() =>
        train(new library.NeuralNetwork({ hiddenLayers }), rows, { metric: metrics.f1, iterations, seed: repeat, errorThresh: -1 }),
      );
      if (repeat > 0) {
        brainTimes.push(own);
        anyLossTimes.push(ours);
      }
    }
    const a = median(brainTimes);
    const b = median(anyLossTimes);
    const width = rows[0].input.length;
    console.log(
      `| ${version} | ${name} (${rows.length} × ${width}, [${hiddenLayers}]) | ${a.toFixed(3)} | ${b.toFixed(3)} | ${(b / a).toFixed(2)} |`,
    );
  }
}

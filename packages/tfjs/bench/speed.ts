// Per-epoch training time (a command, not a test):
//
//   pnpm --filter @anyloss/tfjs bench [--backends cpu,wasm] [--epochs 12] [--rounds 3] [--batch 256]
//        [--rows 8192] [--dataset sklearn-digits-0-vs-rest] [--sizes 256,4096,65536]
//
// Trains the same MLP (Dense(8, relu) → Dense(1, sigmoid), Adam 1e-2) with three losses and reports the median
// time of one epoch of model.fit:
//   bce       tf's binaryCrossentropy (the baseline);
//   anyloss   createLoss(metrics.f1): tensor-op forward, one 4-number read, tf.customGrad backward;
//   autodiff  the same AnyLoss-F1 formula written in tensor ops and differentiated by tf (src/testing/autodiff.ts).
// The real dataset's rows are repeated (in a seeded order) up to --rows, so an epoch has rows/batch steps.
// Losses run in interleaved rounds so that machine noise is shared; the first epoch of each run is dropped.
// A second table times the loss alone — value and ∂loss/∂yPred (tf.valueAndGrad) on a batch of --sizes — which
// is where the custom gradient and autodiff differ; in an epoch the model's own layers and Adam's update of
// every weight dominate the step.
// Built by bench/tsup.config.ts (with the package's source and its test support) into bench/dist/speed.js.
import { parseArgs } from 'node:util';
import { seededRandom } from '@anyloss/core';
import { fitStandardizer, loadDataset, shuffleInPlace, standardizeRows, stratifiedHoldoutPerClass } from '@anyloss/datasets';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createLoss, DEFAULT_TFJS_AMPLIFICATION, metrics } from '../src/index.js';
import { autodiffLoss } from '../src/testing/autodiff.js';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    backends: { type: 'string', default: 'cpu,wasm' },
    epochs: { type: 'string', default: '12' },
    rounds: { type: 'string', default: '3' },
    batch: { type: 'string', default: '256' },
    rows: { type: 'string', default: '8192' },
    dataset: { type: 'string', default: 'sklearn-digits-0-vs-rest' },
    sizes: { type: 'string', default: '256,4096,65536' },
  },
});
const epochs = Number(args.epochs);
const rounds = Number(args.rounds);
const batchSize = Number(args.batch);
const rows = Number(args.rows);

// Every row of the dataset (standardised), in a seeded order, repeated up to --rows in another seeded order.
const data = loadDataset(args.dataset);
const { train } = stratifiedHoldoutPerClass(data.labels, { testShare: 0, seed: 1 });
const features = Float32Array.from(standardizeRows(data.features, train, fitStandardizer(data.features, train)));
const d = data.info.features;
const order = shuffleInPlace(
  Array.from({ length: rows }, (_, i) => i % train.length),
  seededRandom(5),
);
const xData = new Float32Array(rows * d);
const yData = new Float32Array(rows);
order.forEach((source, r) => {
  xData.set(features.subarray(source * d, source * d + d), r * d);
  yData[r] = data.labels[train[source] as number] as number;
});

type LossFunction = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
const losses = {
  bce: (): string => 'binaryCrossentropy',
  anyloss: (): LossFunction => createLoss(metrics.f1),
  autodiff: (): LossFunction => autodiffLoss('f1', { amplification: DEFAULT_TFJS_AMPLIFICATION }),
};
type LossName = keyof typeof losses;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Dense(8, relu) → Dense(1, sigmoid), Glorot-uniform kernels seeded 1 and 2. */
function mlp(inputs: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        units: 8,
        activation: 'relu',
        inputShape: [inputs],
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

async function epochTimes(lossName: LossName): Promise<number[]> {
  const model = mlp(d);
  model.compile({ optimizer: tf.train.adam(1e-2), loss: losses[lossName]() });
  const x = tf.tensor2d(xData, [rows, d]);
  const y = tf.tensor2d(yData, [rows, 1]);
  const times: number[] = [];
  let start = 0;
  await model.fit(x, y, {
    epochs,
    batchSize,
    shuffle: false,
    verbose: 0,
    yieldEvery: 'never',
    callbacks: {
      onEpochBegin: async () => {
        start = performance.now();
      },
      onEpochEnd: async () => {
        times.push(performance.now() - start);
      },
    },
  });
  tf.dispose([x, y]);
  model.dispose();
  return times.slice(1); // the first epoch includes one-off setup (kernels, optimizer slots)
}

console.log(
  `${args.dataset}: ${rows} rows × ${d} features, batch ${batchSize} (${Math.ceil(rows / batchSize)} steps/epoch), ` +
    `MLP Dense(8, relu) → Dense(1, sigmoid), Adam 1e-2; median ms per epoch over ${rounds} rounds × ${epochs - 1} epochs`,
);
console.log('| backend | BCE | AnyLoss (custom gradient) | AnyLoss (tf autodiff) | AnyLoss / BCE | autodiff / custom |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const backend of args.backends.split(',')) {
  await tf.setBackend(backend);
  await tf.ready();
  const samples: Record<LossName, number[]> = { bce: [], anyloss: [], autodiff: [] };
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(losses) as LossName[]) samples[name].push(...(await epochTimes(name)));
  }
  const [bce, ours, auto] = [median(samples.bce), median(samples.anyloss), median(samples.autodiff)];
  console.log(
    `| ${tf.getBackend()} | ${bce.toFixed(1)} | ${ours.toFixed(1)} | ${auto.toFixed(1)} | ${(ours / bce).toFixed(2)}× | ${(auto / ours).toFixed(2)}× |`,
  );
}

// --- the loss alone: value and gradient with respect to the predictions --------------------------------------
function lossStepTimes(loss: LossFunction, n: number, repeats: number): number[] {
  const next = (() => {
    let state = 42;
    return () => (state = (state * 1664525 + 1013904223) >>> 0) / 4294967296;
  })();
  const yTrue = tf.tensor2d(
    Float32Array.from({ length: n }, () => (next() < 0.2 ? 1 : 0)),
    [n, 1],
  );
  const yPred = tf.tensor2d(
    Float32Array.from({ length: n }, () => next()),
    [n, 1],
  );
  const step = () => {
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => loss(yTrue, p))(yPred);
    grad.dataSync(); // wait for the result (cpu and wasm run synchronously anyway)
    tf.dispose([value, grad]);
  };
  for (let i = 0; i < 5; i++) step();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  tf.dispose([yTrue, yPred]);
  return times;
}

console.log('\nLoss alone (AnyLoss-F1 value + gradient w.r.t. predictions), median ms per call:');
console.log('| backend | batch | custom gradient | tf autodiff | autodiff / custom | BCE (for scale) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
const bceLoss: LossFunction = (yTrue, yPred) => tf.metrics.binaryCrossentropy(yTrue, yPred).mean();
for (const backend of args.backends.split(',')) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const n of args.sizes.split(',').map(Number)) {
    const repeats = n > 10000 ? 40 : 200;
    const samples: { custom: number[]; autodiff: number[]; bce: number[] } = { custom: [], autodiff: [], bce: [] };
    for (let round = 0; round < rounds; round++) {
      samples.custom.push(...lossStepTimes(losses.anyloss(), n, repeats));
      samples.autodiff.push(...lossStepTimes(losses.autodiff(), n, repeats));
      samples.bce.push(...lossStepTimes(bceLoss, n, repeats));
    }
    const [custom, auto, bce] = [median(samples.custom), median(samples.autodiff), median(samples.bce)];
    console.log(
      `| ${tf.getBackend()} | ${n} | ${custom.toFixed(3)} | ${auto.toFixed(3)} | ${(auto / custom).toFixed(2)}× | ${bce.toFixed(3)} |`,
    );
  }
}

// Multi-class throughput (a command, not a test): `pnpm --filter @anyloss/core bench:multiclass`.
// lossAndGradient of the softmax amplifier vs one-vs-rest at n samples × K classes (default n = K = 1000): the
// softmax amplifier's Σ_{j≠k} ŷ_j is a prefix plus a suffix sum, O(n·K) like one-vs-rest.
import { metrics } from '../dist/index.js';
import { multiclassAnyLoss } from '../dist/multiclass/index.js';

const n = Number(process.env.ANYLOSS_BENCH_N ?? 1000);
const K = Number(process.env.ANYLOSS_BENCH_K ?? 1000);
const repeats = Number(process.env.ANYLOSS_BENCH_REPEATS ?? 5);

let seed = 42;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const logits = Array.from({ length: n }, () => Array.from({ length: K }, () => random() * 8 - 4));
const labels = Array.from({ length: n }, () => Math.floor(random() * K));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(`n = ${n}, K = ${K}, from logits, macro F1, median of ${repeats} runs`);
for (const amplifier of ['softmax', 'one-vs-rest']) {
  const loss = multiclassAnyLoss(metrics.f1, { from: 'logits', amplifier });
  loss.lossAndGradient(labels, logits); // warm-up
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    loss.lossAndGradient(labels, logits);
    samples.push(performance.now() - start);
  }
  console.log(`${amplifier.padEnd(12)}: ${median(samples).toFixed(0)} ms`);
}

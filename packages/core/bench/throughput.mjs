// Throughput benchmark (a command, not a test): `pnpm --filter @anyloss/core bench`.
// Compares anyLoss(...).lossAndGradient at n = 1,000,000 with a bare loop that only computes
// σ(L·(p − 0.5)) into a Float64Array — the least work any implementation of AnyLoss must do —
// without and with sample weights (the weighted path also checks and scales the weights).
import { anyLoss, metrics } from '../dist/index.js';

const n = Number(process.env.ANYLOSS_BENCH_N ?? 1_000_000);
const repeats = Number(process.env.ANYLOSS_BENCH_REPEATS ?? 30);
const L = 73;
// ANYLOSS_BENCH_CLOCK=cpu times with the process's CPU time (user + system) instead of the wall clock: on a
// shared, loaded machine the wall clock mostly measures waiting for a core.
const cpuClock = process.env.ANYLOSS_BENCH_CLOCK === 'cpu';
const clock = cpuClock
  ? () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    }
  : () => performance.now();

let seed = 42;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const yTrue = new Float64Array(n);
const yPred = new Float64Array(n);
const sampleWeight = new Float64Array(n);
for (let i = 0; i < n; i++) {
  yTrue[i] = random() < 0.2 ? 1 : 0;
  yPred[i] = random();
  sampleWeight[i] = 0.5 + random();
}
const out = new Float64Array(n);

function bareLoop() {
  for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-L * (yPred[i] - 0.5)));
  return out[0];
}

const loss = anyLoss(metrics.f1, { amplification: L });
function lossAndGradient() {
  return loss.lossAndGradient(yTrue, yPred, { out }).loss;
}
function weightedLossAndGradient() {
  return loss.lossAndGradient(yTrue, yPred, { out, sampleWeight }).loss;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn) {
  for (let i = 0; i < 5; i++) fn(); // warm-up: let the JIT settle
  const samples = [];
  for (let i = 0; i < repeats; i++) {
    const start = clock();
    fn();
    samples.push(clock() - start);
  }
  return median(samples);
}

// Interleave to share any machine noise fairly.
const bare = [];
const ours = [];
const weighted = [];
for (let round = 0; round < 3; round++) {
  bare.push(time(bareLoop));
  ours.push(time(lossAndGradient));
  weighted.push(time(weightedLossAndGradient));
}
const bareMs = median(bare);
const oursMs = median(ours);
const weightedMs = median(weighted);
console.log(`n = ${n.toLocaleString('en')}, L = ${L}, median of ${repeats} runs × 3 rounds, ${cpuClock ? 'CPU time' : 'wall clock'}`);
console.log(`bare σ(L·(p − 0.5)) loop          : ${bareMs.toFixed(2)} ms`);
console.log(`lossAndGradient (f1)              : ${oursMs.toFixed(2)} ms, ratio ${(oursMs / bareMs).toFixed(2)}× (target ≤ 1.5×)`);
console.log(`lossAndGradient (f1, sampleWeight): ${weightedMs.toFixed(2)} ms, ratio ${(weightedMs / bareMs).toFixed(2)}× (target ≤ 1.5×)`);

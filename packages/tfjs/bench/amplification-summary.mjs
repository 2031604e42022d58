// Pools the JSON files written by `bench amplification --out …` (default: bench/results/amplification-*.json),
// one table per trained metric: for every L present in all of that metric's files, the mean test value over
// every (protocol, dataset, seed) run, and paired head-to-head counts against the best L.
// `node bench/amplification-summary.mjs [files…]`
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const directory = fileURLToPath(new URL('./results/', import.meta.url));
const files = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : readdirSync(directory).filter((f) => /^amplification-.*\.json$/.test(f)).map((f) => directory + f);
// Files of the same protocol (e.g. a second sweep over more L values) are merged into one run.
const byProtocol = new Map();
for (const file of files) {
  const run = JSON.parse(readFileSync(file, 'utf8'));
  const key = JSON.stringify([run.metric ?? 'f1', run.backend, run.training, run.seeds]);
  const known = byProtocol.get(key);
  if (known === undefined) byProtocol.set(key, run);
  else for (const dataset of Object.keys(run.results)) Object.assign(known.results[dataset], run.results[dataset]);
}
const allRuns = [...byProtocol.values()];
for (const metric of [...new Set(allRuns.map((run) => run.metric ?? 'f1'))]) summarize(metric, allRuns.filter((run) => (run.metric ?? 'f1') === metric));

function summarize(metric, runs) {
const columnSets = runs.map((run) => new Set(Object.keys(Object.values(run.results)[0])));
const shared = [...columnSets[0]].filter((c) => columnSets.every((set) => set.has(c)));

const values = Object.fromEntries(shared.map((c) => [c, []])); // aligned: same (protocol, dataset, seed) order
for (const run of runs) {
  for (const dataset of Object.keys(run.results)) {
    for (const c of shared) values[c].push(...run.results[dataset][c]);
  }
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const best = shared.filter((c) => c !== 'bce').reduce((a, b) => (mean(values[b]) > mean(values[a]) ? b : a));
console.log(`\nAnyLoss-${metric} → test ${metric}. ${runs.length} protocol(s): ${runs.map((r) => `${r.training.activation}/${r.training.epochs} epochs`).join(', ')}; ` +
  `${values[best].length} runs per loss`);
console.log(`| loss | mean test ${metric} | vs ${best}: higher / equal / lower |`);
console.log('| --- | ---: | ---: |');
for (const c of shared) {
  const higher = values[c].filter((v, i) => v > values[best][i] + 1e-12).length;
  const lower = values[c].filter((v, i) => v < values[best][i] - 1e-12).length;
  const label = c === 'bce' ? 'binary cross-entropy' : `AnyLoss-${metric}, ${c}`;
  console.log(`| ${label} | ${mean(values[c]).toFixed(3)} | ${c === best ? '—' : `${higher} / ${values[c].length - higher - lower} / ${lower}`} |`);
}
}

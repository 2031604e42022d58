import { defineSweep, mean } from './sweep.js';

/**
 * `anyloss-bench tfjs-evidence`: AnyLoss-F1 (the adapter's defaults) against binary cross-entropy on every
 * imbalanced dataset, with the protocol that tfjs-evidence.test.ts pins on one of them.
 */
export const TFJS_EVIDENCE = defineSweep({
  name: 'tfjs-evidence',
  summary: 'tfjs AnyLoss-F1 (defaults) vs BCE on every imbalanced set',
  description: [
    'The protocol of bench/src/sweeps/tfjs-evidence.test.ts (which asserts on one dataset of this table): seeded',
    'stratified 70/30 split, standardised features, Dense(8, relu) → Dense(1, sigmoid), Adam 1e-2, batch 64, shuffle',
    "off, createLoss(metrics.f1) with the package's defaults; hard test F1 at 0.5. Prints every dataset and seed, so",
    "the test's choice of dataset can be checked against all the others.",
  ].join('\n'),
  options: {
    seeds: { type: 'integer', min: 1, default: 3, help: 'seeds 1..n' },
    epochs: { type: 'integer', min: 1, default: 50, help: 'epochs' },
    backend: { type: 'choice', choices: ['cpu', 'wasm'], default: 'cpu', help: 'TensorFlow.js backend' },
    maxShare: { type: 'number', above: 0, below: 1, default: 0.3, help: 'datasets with at most this positive share' },
    datasets: { type: 'names', help: 'only these datasets (a smoke run)' },
  },
  async run({ options }, io) {
    const { createLoss, DEFAULT_TFJS_AMPLIFICATION, metrics } = await import('@anyloss/tfjs');
    const protocol = await import('./tfjs-protocol.js');
    const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
    const backend = await protocol.useBackend(options.backend);
    const out = (line: string): unknown => io.stdout.write(`${line}\n`);
    out(`backend ${backend}, ${options.epochs} epochs, L = ${DEFAULT_TFJS_AMPLIFICATION}; test F1 per seed (${seeds.join(', ')})`);
    out('| dataset | positives | BCE | AnyLoss-F1 | mean gap |');
    out('| --- | ---: | --- | --- | ---: |');
    let wins = 0;
    let losses = 0;
    let total = 0;
    const gaps: number[] = [];
    const datasets = options.datasets ?? protocol.imbalancedDatasets(options.maxShare).map((d) => d.name);
    for (const name of datasets) {
      const bce: number[] = [];
      const ours: number[] = [];
      let positiveShare = 0;
      for (const seed of seeds) {
        const split = protocol.loadSplit(name, { seed });
        positiveShare = split.positiveShare;
        const settings = { seed, epochs: options.epochs };
        bce.push((await protocol.trainAndTest(split, 'binaryCrossentropy', settings)).f1);
        ours.push((await protocol.trainAndTest(split, createLoss(metrics.f1), settings)).f1);
      }
      ours.forEach((value, i) => {
        total++;
        if (value > (bce[i] as number)) wins++;
        if (value < (bce[i] as number)) losses++;
      });
      const gap = mean(ours) - mean(bce);
      gaps.push(gap);
      const list = (values: number[]): string => values.map((v) => v.toFixed(3)).join(' / ');
      out(`| ${name} | ${(100 * positiveShare).toFixed(1)}% | ${list(bce)} | ${list(ours)} | ${gap >= 0 ? '+' : ''}${gap.toFixed(3)} |`);
    }
    out(
      `\nAnyLoss-F1 higher in ${wins} of ${total} (dataset, seed) runs, equal in ${total - wins - losses}, lower in ${losses}; mean gap ${mean(gaps).toFixed(3)}.`,
    );
    return 0;
  },
});

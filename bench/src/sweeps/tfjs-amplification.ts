import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { commandLine, defineSweep, mean } from './sweep.js';

const METRICS = ['f1', 'mcc', 'balancedAccuracy'] as const;

/** The JSON record of one run (the format of bench/results/tfjs-amplification/*.json). */
export interface AmplificationRun {
  readonly command?: string;
  readonly backend: string;
  readonly metric?: (typeof METRICS)[number];
  readonly args?: Record<string, unknown>;
  readonly training: { readonly epochs: number; readonly batchSize: number; readonly activation: string };
  readonly seeds: readonly number[];
  /** `results[dataset][column]`: the test metric per seed; columns `bce` and `L=<value>`. */
  readonly results: Record<string, Record<string, number[]>>;
  readonly summary?: readonly { column: string; meanValue: number; wins: number; meanRank: number; collapsed: number; runs: number }[];
}

/**
 * `anyloss-bench tfjs-amplification`: which amplification L should `@anyloss/tfjs` use by default? Every (dataset,
 * seed, L) is one training of the tfjs real-data protocol (tfjs-protocol.ts); binary cross-entropy alongside.
 */
export const TFJS_AMPLIFICATION = defineSweep({
  name: 'tfjs-amplification',
  summary: "tfjs's default L: the test metric per L on 14 imbalanced sets",
  description: [
    'For every binary dataset of @anyloss/datasets (original collection) with a positive share ≤ 30%, every seed',
    '(split and initialisation) and every L, trains Dense(8, activation) → Dense(1, sigmoid) with Adam(1e-2) on',
    'createLoss(metrics[metric], { amplification: L }) in float32 and reports the same metric, hard, on the test set',
    'at 0.5 (stratified 70/30 hold-out, features standardised on the training rows, rows in a fixed seeded order);',
    'binary cross-entropy is trained alongside as a reference. Deterministic for a given backend. The committed',
    'runs are in bench/results/tfjs-amplification/ (tfjs-amplification-summary pools them).',
  ].join('\n'),
  options: {
    activation: { type: 'choice', choices: ['relu', 'sigmoid'], default: 'relu', help: 'hidden-layer activation' },
    seeds: { type: 'integer', min: 1, default: 3, help: 'seeds 1..n' },
    epochs: { type: 'integer', min: 1, default: 50, help: 'epochs' },
    batchSize: { type: 'integer', min: 1, default: 64, help: 'rows per batch' },
    backend: { type: 'choice', choices: ['wasm', 'cpu'], default: 'wasm', help: 'TensorFlow.js backend' },
    amplifications: { type: 'numbers', default: [5, 10, 20, 30, 50, 73], help: 'the L values' },
    metric: { type: 'choice', choices: METRICS, default: 'f1', help: 'AnyLoss metric, and the test metric' },
    datasets: { type: 'names', help: 'only these datasets (a smoke run; default: every binary set with ≤ 30% positives)' },
    json: { type: 'path', help: 'write the results (the record the summary reads)' },
  },
  async run({ options }, io, argv) {
    const { createLoss, metrics } = await import('@anyloss/tfjs');
    const protocol = await import('./tfjs-protocol.js');
    const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
    const metricName = options.metric;
    const training = { epochs: options.epochs, batchSize: options.batchSize, activation: options.activation };
    const backend = await protocol.useBackend(options.backend);
    const datasets = options.datasets ?? protocol.imbalancedDatasets(0.3).map((d) => d.name);
    const columns = ['bce', ...options.amplifications.map((L) => `L=${L}`)];
    const results: Record<string, Record<string, number[]>> = {};
    const started = performance.now();
    const out = (line: string): unknown => io.stdout.write(`${line}\n`);
    out(
      `backend ${backend}, MLP Dense(8, ${options.activation}) → Dense(1, sigmoid), Adam 1e-2, ${training.epochs} epochs, batch ${training.batchSize}, ` +
        `seeds ${seeds.join(',')}; AnyLoss-${metricName}, test ${metricName} at 0.5`,
    );
    for (const name of datasets) {
      const row: Record<string, number[]> = Object.fromEntries(columns.map((c) => [c, []]));
      results[name] = row;
      let positiveShare = 0;
      for (const seed of seeds) {
        const split = protocol.loadSplit(name, { seed });
        positiveShare = split.positiveShare;
        const settings = { ...training, seed };
        row['bce']?.push((await protocol.trainAndTest(split, 'binaryCrossentropy', settings))[metricName]);
        for (const L of options.amplifications) {
          const loss = createLoss(metrics[metricName], { amplification: L });
          row[`L=${L}`]?.push((await protocol.trainAndTest(split, loss, settings))[metricName]);
        }
      }
      out(
        `${name.padEnd(36)} ${(100 * positiveShare).toFixed(1).padStart(5)}%  ${columns.map((c) => mean(row[c] ?? []).toFixed(3)).join('  ')}`,
      );
    }

    // Mean test metric over datasets × seeds, datasets where a column is best (ties shared), mean rank, and runs where
    // the metric is 0 (e.g. F1 = 0: no positive predicted right).
    const names = Object.keys(results);
    const cell = (d: string, c: string): number[] => results[d]?.[c] ?? [];
    const summary = columns.map((c) => {
      const all = names.flatMap((d) => cell(d, c));
      const ranks = names.map((d) => 1 + columns.filter((o) => mean(cell(d, o)) > mean(cell(d, c)) + 1e-12).length);
      const wins = names.filter((d) => columns.every((o) => mean(cell(d, o)) <= mean(cell(d, c)) + 1e-12)).length;
      return {
        column: c,
        meanValue: mean(all),
        wins,
        meanRank: mean(ranks),
        collapsed: all.filter((v) => v === 0).length,
        runs: all.length,
      };
    });
    out(`\n| loss | mean test ${metricName} | best on (of ${names.length}) | mean rank | runs with ${metricName} = 0 |`);
    out('| --- | ---: | ---: | ---: | ---: |');
    for (const s of summary) {
      const label = s.column === 'bce' ? 'binary cross-entropy' : `AnyLoss-${metricName}, ${s.column}`;
      out(`| ${label} | ${s.meanValue.toFixed(3)} | ${s.wins} | ${s.meanRank.toFixed(2)} | ${s.collapsed} / ${s.runs} |`);
    }
    out(`\n${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (options.json !== undefined) {
      const path = resolve(io.cwd, options.json);
      const record: AmplificationRun = {
        command: commandLine('tfjs-amplification', argv),
        backend,
        metric: metricName,
        args: { ...options },
        training,
        seeds,
        results,
        summary,
      };
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
      out(`Results written to ${path}`);
    }
    return 0;
  },
});

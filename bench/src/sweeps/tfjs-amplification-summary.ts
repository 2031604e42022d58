import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AnyLossError } from '@anyloss/core';
import { defineSweep, mean } from './sweep.js';
import type { AmplificationRun } from './tfjs-amplification.js';

/** Where the committed `tfjs-amplification --json` runs are, relative to the repository root. */
export const AMPLIFICATION_RESULTS = join('bench', 'results', 'tfjs-amplification');

/**
 * Pools `tfjs-amplification` runs, one table per trained metric: for every L present in all of that metric's runs,
 * the mean test value over every (protocol, dataset, seed) run and paired head-to-head counts against the best L.
 * Runs of the same protocol (metric, backend, training settings, seeds — e.g. a second sweep over more L) are merged.
 */
export function amplificationSummary(runs: readonly AmplificationRun[]): string {
  const byProtocol = new Map<string, AmplificationRun>();
  for (const run of runs) {
    const key = JSON.stringify([run.metric ?? 'f1', run.backend, run.training, run.seeds]);
    const known = byProtocol.get(key);
    if (known === undefined)
      byProtocol.set(key, { ...run, results: Object.fromEntries(Object.entries(run.results).map(([d, columns]) => [d, { ...columns }])) });
    else for (const [dataset, columns] of Object.entries(run.results)) Object.assign((known.results[dataset] ??= {}), columns);
  }
  const protocols = [...byProtocol.values()];
  const lines: string[] = [];
  for (const metric of [...new Set(protocols.map((run) => run.metric ?? 'f1'))]) {
    const chosen = protocols.filter((run) => (run.metric ?? 'f1') === metric);
    const columnSets = chosen.map((run) => new Set(Object.keys(Object.values(run.results)[0] ?? {})));
    const shared = [...(columnSets[0] ?? [])].filter((c) => columnSets.every((set) => set.has(c)));
    const values: Record<string, number[]> = Object.fromEntries(shared.map((c) => [c, []])); // aligned: same (protocol, dataset, seed) order
    for (const run of chosen) {
      for (const columns of Object.values(run.results)) for (const c of shared) values[c]?.push(...(columns[c] ?? []));
    }
    const of = (c: string): number[] => values[c] ?? [];
    const best = shared.filter((c) => c !== 'bce').reduce((a, b) => (mean(of(b)) > mean(of(a)) ? b : a));
    lines.push(
      '',
      `AnyLoss-${metric} → test ${metric}. ${chosen.length} protocol(s): ${chosen.map((r) => `${r.training.activation}/${r.training.epochs} epochs`).join(', ')}; ${of(best).length} runs per loss`,
      `| loss | mean test ${metric} | vs ${best}: higher / equal / lower |`,
      '| --- | ---: | ---: |',
    );
    for (const c of shared) {
      const higher = of(c).filter((v, i) => v > (of(best)[i] as number) + 1e-12).length;
      const lower = of(c).filter((v, i) => v < (of(best)[i] as number) - 1e-12).length;
      const label = c === 'bce' ? 'binary cross-entropy' : `AnyLoss-${metric}, ${c}`;
      lines.push(
        `| ${label} | ${mean(of(c)).toFixed(3)} | ${c === best ? '—' : `${higher} / ${of(c).length - higher - lower} / ${lower}`} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `anyloss-bench tfjs-amplification-summary [files…]`: {@link amplificationSummary} of the given or the committed runs. */
export const TFJS_AMPLIFICATION_SUMMARY = defineSweep({
  name: 'tfjs-amplification-summary',
  summary: 'pools tfjs-amplification runs (default: the committed ones)',
  description: [
    'Pools the JSON files written by `tfjs-amplification --json` (default: every file in',
    `${AMPLIFICATION_RESULTS}/), one table per trained metric: for every L present in all of that metric's`,
    'files, the mean test value over every (protocol, dataset, seed) run, and paired head-to-head counts against',
    'the best L. Files of the same protocol (e.g. a second sweep over more L values) are merged into one run.',
  ].join('\n'),
  positionals: '[file.json ...]',
  options: {},
  run({ positionals }, io) {
    const directory = join(io.root, AMPLIFICATION_RESULTS);
    const files =
      positionals.length > 0
        ? positionals.map((file) => resolve(io.cwd, file))
        : readdirSync(directory)
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => join(directory, f));
    if (files.length === 0)
      throw new AnyLossError('INVALID_OPTION', `no tfjs-amplification results to pool in ${directory}.`, { argument: 'argv' });
    const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as AmplificationRun);
    io.stdout.write(amplificationSummary(runs));
    return Promise.resolve(0);
  },
});

import { AnyLossError } from '@anyloss/core';
import { defineSweep, mean } from './sweep.js';

/** The datasets of the sweep, with their seeds and hidden layers. */
export const BRAIN_MULTICLASS_DATASETS: Readonly<
  Record<string, { readonly seeds: readonly number[]; readonly hidden: readonly number[] }>
> = {
  'weka-glass': { seeds: [1, 2, 3, 4, 5, 6], hidden: [8] },
  'sklearn-wine': { seeds: [1, 2, 3], hidden: [8] },
  'weka-soybean': { seeds: [1, 2, 3], hidden: [16] },
};

/** The two designs for K sigmoid outputs, at several L. */
const CONFIGURATIONS = [
  ...[10, 30].map((amplification) => ({
    label: `(a) one-vs-rest sigmoids, L ${amplification}`,
    options: { task: 'multilabel' as const, amplification },
  })),
  ...[3, 5, 10, 30].map((amplification) => ({
    label: `(b) normalised rows, sharpened softmax, L ${amplification}`,
    options: { task: 'multiclass' as const, amplification },
  })),
];

/**
 * `anyloss-bench brain-multiclass`: the measurement behind `@anyloss/brain`'s multi-class design (K sigmoid outputs
 * normalised and trained with core's sharpened-softmax AnyLoss, rather than as one-vs-rest probabilities).
 */
export const BRAIN_MULTICLASS = defineSweep({
  name: 'brain-multiclass',
  summary: "brain's multi-class design: one-vs-rest vs normalised rows",
  description: [
    "Measures the multi-class design of @anyloss/brain's train() for nets with K output nodes: (a) the K sigmoids as",
    "one-vs-rest probabilities — task: 'multilabel' on one-hot rows — versus (b) rows normalised to sum 1 with core's",
    "sharpened-softmax amplifier (task: 'multiclass', the default), at several L, against brain's own net.train.",
    'brain.js 1.6.1, stratified 70/30 split, training-split standardisation, macro-F1 loss, test macro-F1 by argmax',
    'per dataset, mean over seeds (weka-glass: 6 seeds, sklearn-wine and weka-soybean: 3; hiddenLayers [8], [16] for',
    'soybean).',
  ].join('\n'),
  options: {
    datasets: { type: 'names', help: `only these of ${Object.keys(BRAIN_MULTICLASS_DATASETS).join(', ')} (a smoke run)` },
    seeds: { type: 'integer', min: 1, default: 6, help: "at most this many of each dataset's seeds" },
    epochs: { type: 'integer', min: 1, default: 200, help: 'iterations of every training' },
  },
  async run({ options }, io) {
    const { metrics, train, withSeededRandom } = await import('@anyloss/brain');
    const protocol = await import('./brain-protocol.js');
    const { holdoutRows } = await import('@anyloss/datasets');
    const names = options.datasets ?? Object.keys(BRAIN_MULTICLASS_DATASETS);
    for (const name of names) {
      if (BRAIN_MULTICLASS_DATASETS[name] === undefined) {
        throw new AnyLossError(
          'INVALID_OPTION',
          `--datasets: ${JSON.stringify(name)} is not one of ${Object.keys(BRAIN_MULTICLASS_DATASETS).join(', ')}.`,
          { argument: '--datasets', value: name },
        );
      }
    }
    for (const name of names) {
      const { seeds, hidden } = BRAIN_MULTICLASS_DATASETS[name] as { seeds: readonly number[]; hidden: readonly number[] };
      const scores = new Map<string, number[]>();
      const add = (label: string, score: number): void => void scores.set(label, [...(scores.get(label) ?? []), score]);
      for (const seed of seeds.slice(0, options.seeds)) {
        const { train: rows, test } = holdoutRows(name, { seed, oneHot: true });
        for (const { label, options: design } of CONFIGURATIONS) {
          const net = protocol.brainNet(hidden);
          train(net as never, rows, { metric: metrics.f1, average: 'macro', seed, iterations: options.epochs, ...design });
          add(label, protocol.testMacroF1(net, test));
        }
        const theirs = protocol.brainNet(hidden);
        withSeededRandom(seed, () => theirs.train(rows, { iterations: options.epochs, errorThresh: 1e-9 }));
        add('brain net.train', protocol.testMacroF1(theirs, test));
      }
      for (const [label, values] of scores)
        io.stdout.write(`${name} · ${label}: mean ${mean(values).toFixed(3)} [${values.map((v) => v.toFixed(3)).join(', ')}]\n`);
    }
    return 0;
  },
});

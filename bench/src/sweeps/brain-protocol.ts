// The real-data protocol of @anyloss/brain's sweeps: a seeded, stratified hold-out of a repository dataset
// (standardised with training statistics only) as brain.js rows, brain.js 1.6.1 nets, and hard test scores by core.
import { confusionMatrix, metrics } from '@anyloss/core';
import { multiclassMetric } from '@anyloss/core/multiclass';
import { fitStandardizer, loadDataset, standardizeRows, stratifiedHoldout } from '@anyloss/datasets';
import * as brainModule from 'brain.js';

/** A brain.js training row. */
export interface BrainRow {
  readonly input: number[];
  readonly output: number[];
}

/** The slice of a brain.js 1.6.1 `NeuralNetwork` the sweeps use. */
export interface BrainNet {
  run(input: readonly number[]): ArrayLike<number>;
  train(data: readonly BrainRow[], options: Record<string, unknown>): { error: number; iterations: number };
}

type NetworkConstructor = new (options: { hiddenLayers: readonly number[] }) => BrainNet;

const brainJs = ((brainModule as unknown as { default?: unknown }).default ?? brainModule) as { NeuralNetwork: NetworkConstructor };

/** A fresh brain.js 1.6.1 `NeuralNetwork` (sigmoid units) with these hidden layers. */
export function brainNet(hiddenLayers: readonly number[]): BrainNet {
  return new brainJs.NeuralNetwork({ hiddenLayers });
}

/**
 * `stratifiedHoldout` of a dataset (`testShare` of every class held out, seeded), standardised with training-split
 * statistics, as brain.js rows: output `[label]`, or one-hot over the dataset's classes with `oneHot`.
 */
export function splitRows(name: string, seed: number, testShare = 0.3, oneHot = false): { train: BrainRow[]; test: BrainRow[] } {
  const { features, labels, info } = loadDataset(name);
  const classes = info.classCounts.length;
  const { train, test } = stratifiedHoldout(labels, { testShare, seed });
  const standardizer = fitStandardizer(features, train);
  const width = standardizer.mean.length;
  const rows = (indices: Int32Array): BrainRow[] => {
    const x = standardizeRows(features, indices, standardizer);
    return Array.from(indices, (i, r) => ({
      input: Array.from(x.subarray(r * width, (r + 1) * width)),
      output: oneHot ? Array.from({ length: classes }, (_, k) => (k === labels[i] ? 1 : 0)) : [labels[i] as number],
    }));
  };
  return { train: rows(train), test: rows(test) };
}

/** F1 of a net's hard predictions (p > 0.5) on rows with output `[label]`. */
export function testF1(net: BrainNet, rows: readonly BrainRow[]): number {
  const yTrue = rows.map((row) => row.output[0] as number);
  const yPred = rows.map((row) => net.run(row.input)[0] as number);
  return metrics.f1.value(confusionMatrix(yTrue, yPred));
}

/**
 * Macro-F1 of a K-output net's argmax predictions on one-hot rows (classes absent from the rows left out). The K
 * sigmoid outputs do not sum to 1, so they go to core as scores (`from: 'logits'`): only their argmax counts.
 */
export function testMacroF1(net: BrainNet, rows: readonly BrainRow[]): number {
  return multiclassMetric(
    metrics.f1,
    rows.map((row) => row.output),
    rows.map((row) => Array.from(net.run(row.input))),
    { average: 'macro', from: 'logits' },
  );
}

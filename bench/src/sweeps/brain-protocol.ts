// The real-data protocol of @anyloss/brain's sweeps: brain.js 1.6.1 nets and hard test scores by core, on the rows of
// @anyloss/datasets' holdoutRows (a seeded, stratified hold-out standardised with training statistics only).
import { confusionMatrix, metrics } from '@anyloss/core';
import { multiclassMetric } from '@anyloss/core/multiclass';
import type { InputOutputRow } from '@anyloss/datasets';
import * as brainModule from 'brain.js';

/** A brain.js training row. */
export type BrainRow = InputOutputRow;

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

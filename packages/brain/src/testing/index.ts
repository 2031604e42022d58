// Test support (not part of the package): the brain.js versions under test and hand-counted scores shared by the
// tests (the AnyLossError and closeness matchers are @anyloss/test-utils', the real-data split is @anyloss/datasets'
// holdoutRows).
import brain from 'brain.js';
import brain2 from 'brain-js-2';
import type { InputOutputRow } from '@anyloss/datasets';

/** A row with array input and output (brain.js's training format). */
export type Row = InputOutputRow;

/** The constructor surface the tests use; both brain.js versions fit it. */
export interface NetworkConstructor {
  new (options?: { hiddenLayers?: number[]; activation?: 'sigmoid' | 'relu' | 'leaky-relu' | 'tanh'; praxis?: 'adam' }): BrainNet;
}

/** The members of a brain.js net the tests read (structurally the same in both versions). */
export interface BrainNet {
  run(input: never): unknown;
  toJSON(): unknown;
  fromJSON(json: never): unknown;
  toFunction(): (input: never) => unknown;
  train(data: never, options?: never): { error: number; iterations: number };
  weights: Float32Array[][];
  biases: Float32Array[];
  sizes: number[];
  changes: Float32Array[][];
}

/** Both brain.js versions under test, by name. */
export const VERSIONS: ReadonlyArray<readonly [string, NetworkConstructor]> = [
  ['brain.js 1.6.1', brain.NeuralNetwork as unknown as NetworkConstructor],
  ['brain.js 2.0.0-beta.24', brain2.NeuralNetwork as unknown as NetworkConstructor],
];

/** Runs a net on an array input and returns the single output probability. */
export function probability(net: BrainNet, input: readonly number[]): number {
  return (net.run as (input: readonly number[]) => ArrayLike<number>)(input)[0] as number;
}

/** A copy of every weight and bias, flattened, in layer/node/input order. */
export function parameters(net: BrainNet): number[] {
  const values: number[] = [];
  for (let layer = 1; layer < net.sizes.length; layer++) {
    (net.weights[layer] as Float32Array[]).forEach((node, index) => {
      values.push(...node, (net.biases[layer] as Float32Array)[index] as number);
    });
  }
  return values;
}

/**
 * Macro-F1 of a multi-class net's argmax predictions on one-hot rows; computed here by counting, independently of
 * @anyloss/core (classes absent from `rows` are left out, as in core's macro average).
 */
export function macroF1Score(net: BrainNet, rows: readonly Row[]): number {
  const classes = (rows[0] as Row).output.length;
  const truePositives = new Array<number>(classes).fill(0);
  const falsePositives = new Array<number>(classes).fill(0);
  const falseNegatives = new Array<number>(classes).fill(0);
  for (const { input, output } of rows) {
    const scores = (net.run as (input: readonly number[]) => ArrayLike<number>)(input);
    let predicted = 0;
    for (let k = 1; k < classes; k++) if ((scores[k] as number) > (scores[predicted] as number)) predicted = k;
    const truth = output.indexOf(1);
    if (predicted === truth) truePositives[truth] = (truePositives[truth] as number) + 1;
    else {
      falsePositives[predicted] = (falsePositives[predicted] as number) + 1;
      falseNegatives[truth] = (falseNegatives[truth] as number) + 1;
    }
  }
  let sum = 0;
  let present = 0;
  for (let k = 0; k < classes; k++) {
    const tp = truePositives[k] as number;
    const support = tp + (falseNegatives[k] as number);
    if (support === 0) continue;
    present++;
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + (falsePositives[k] as number) + (falseNegatives[k] as number));
  }
  return present === 0 ? 0 : sum / present;
}

/** F1 of a net's hard predictions (p > 0.5); computed here by counting, independently of @anyloss/core. */
export function f1Score(net: BrainNet, rows: readonly Row[]): number {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const { input, output } of rows) {
    const predicted = probability(net, input) > 0.5;
    if (predicted && output[0] === 1) truePositives++;
    else if (predicted) falsePositives++;
    else if (output[0] === 1) falseNegatives++;
  }
  return truePositives === 0 ? 0 : (2 * truePositives) / (2 * truePositives + falsePositives + falseNegatives);
}

import { describe, expect, it } from 'vitest';
import { metrics } from '@anyloss/core';
import { TRAIN_DEFAULTS } from './options.js';
import { train } from './train.js';
import { trainAsync } from './train-async.js';
import { seededRandom } from '@anyloss/core';
import { type BrainNet, macroF1Score, parameters, type Row, VERSIONS } from './testing/index.js';
import { expectAnyLossError } from '@anyloss/test-utils';

// Three classes in the plane, separated by lines; class 2 is the minority (28, 25 and 7 of 60 rows with this seed).
const random = seededRandom(11);
const POINTS = Array.from({ length: 60 }, () => [2 * random() - 1, 2 * random() - 1] as const);
const classOf = ([x0, x1]: readonly [number, number]): number => (x0 > 0.3 && x1 > 0.2 ? 2 : x0 + x1 > 0 ? 1 : 0);
const DATA: Row[] = POINTS.map((point) => ({ input: [...point], output: [0, 1, 2].map((k) => (k === classOf(point) ? 1 : 0)) }));
// Multi-label: label 0 iff x0 > 0, label 1 iff x1 > 0, label 2 iff x0 + x1 > 0.8 (any 0/1 pattern, some all-zero).
const MULTI_LABEL: Row[] = POINTS.map(([x0, x1]) => ({ input: [x0, x1], output: [x0 > 0 ? 1 : 0, x1 > 0 ? 1 : 0, x0 + x1 > 0.8 ? 1 : 0] }));
const OPTIONS = { metric: metrics.f1, average: 'macro', seed: 5, iterations: 150, batchSize: 16 } as const;

const run = (net: BrainNet, input: readonly number[]): ArrayLike<number> =>
  (net.run as (input: readonly number[]) => ArrayLike<number>)(input);

/** Multi-label macro-F1 at threshold 0.5, counted by hand (independently of @anyloss/core); absent labels left out. */
function multiLabelMacroF1(net: BrainNet, rows: readonly Row[]): number {
  const k = (rows[0] as Row).output.length;
  let sum = 0;
  let present = 0;
  for (let label = 0; label < k; label++) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const { input, output } of rows) {
      const predicted = (run(net, input)[label] as number) > 0.5;
      if (predicted && output[label] === 1) tp++;
      else if (predicted) fp++;
      else if (output[label] === 1) fn++;
    }
    if (tp + fn === 0) continue;
    present++;
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / present;
}

describe.each(VERSIONS)('train with K = 3 output nodes (%s)', (_, NeuralNetwork) => {
  it('multi-class: learns, and metric.value is the macro-F1 of the argmax on the training rows', () => {
    const net = new NeuralNetwork({ hiddenLayers: [6] });
    const before = train(net, DATA, { ...OPTIONS, iterations: 1, learningRate: 1e-9 });
    const stats = train(net, DATA, OPTIONS);
    expect(stats.iterations).toBeLessThanOrEqual(150); // errorThresh may stop it earlier
    expect(stats.metric.name).toBe('f1');
    expect(stats.error).toBeGreaterThanOrEqual(0);
    expect(stats.error).toBeLessThanOrEqual(1);
    expect(net.sizes).toEqual([2, 6, 3]);
    expect(stats.metric.value).toBeCloseTo(macroF1Score(net, DATA), 12); // counted by hand in src/testing
    expect(stats.metric.value).toBeGreaterThan(before.metric.value);
    expect(stats.metric.value).toBeGreaterThan(0.85);
  });

  it('micro-F1 of a multi-class net is its accuracy; weighted is accepted', () => {
    const net = new NeuralNetwork({ hiddenLayers: [6] });
    const stats = train(net, DATA, { ...OPTIONS, average: 'micro', iterations: 20 });
    // Identity: for single-label multi-class, ΣFP = ΣFN = misclassified rows, so micro-F1 = accuracy.
    const correct = DATA.filter(({ input, output }) => {
      const scores = run(net, input);
      let best = 0;
      for (let k = 1; k < 3; k++) if ((scores[k] as number) > (scores[best] as number)) best = k;
      return output[best] === 1;
    }).length;
    expect(stats.metric.value).toBeCloseTo(correct / DATA.length, 12);
    expect(
      train(new NeuralNetwork({ hiddenLayers: [6] }), DATA, { ...OPTIONS, average: 'weighted', iterations: 20 }).metric.value,
    ).toBeGreaterThan(0);
  });

  it('multi-label: learns, and metric.value is the macro-F1 of each node thresholded at 0.5', () => {
    const net = new NeuralNetwork({ hiddenLayers: [6] });
    const stats = train(net, MULTI_LABEL, { ...OPTIONS, task: 'multilabel', iterations: 200 });
    expect(stats.metric.value).toBeCloseTo(multiLabelMacroF1(net, MULTI_LABEL), 12);
    expect(stats.metric.value).toBeGreaterThan(0.85);
  });

  it('the multi-output defaults are their own: the binary recipe trains this multi-label net more slowly (README, "How the defaults were chosen")', () => {
    const settings = { ...OPTIONS, task: 'multilabel', iterations: 200 } as const;
    const own = train(new NeuralNetwork({ hiddenLayers: [6] }), MULTI_LABEL, settings).metric.value;
    const binaryRecipe = {
      amplification: TRAIN_DEFAULTS.amplification,
      learningRate: TRAIN_DEFAULTS.learningRate,
      gradientScale: TRAIN_DEFAULTS.gradientScale,
    };
    const recipe = train(new NeuralNetwork({ hiddenLayers: [6] }), MULTI_LABEL, { ...settings, ...binaryRecipe }).metric.value;
    const multiClass = train(new NeuralNetwork({ hiddenLayers: [6] }), DATA, { ...OPTIONS, iterations: 200 }).metric.value;
    const multiClassRecipe = train(new NeuralNetwork({ hiddenLayers: [6] }), DATA, {
      ...OPTIONS,
      iterations: 200,
      learningRate: binaryRecipe.learningRate,
      gradientScale: binaryRecipe.gradientScale,
    }).metric.value;
    console.log(
      `training macro-F1 after 200 iterations — multi-label: own defaults ${own.toFixed(3)}, binary recipe ${recipe.toFixed(3)}; multi-class: own ${multiClass.toFixed(3)}, binary learning rate and scale ${multiClassRecipe.toFixed(3)}`,
    );
    expect(own).toBeGreaterThan(recipe + 0.05);
  });

  it("accepts brain.js object outputs ({ cat: 1 }), formatted by brain.js's own formatData", () => {
    const names = ['cat', 'dog', 'bird'];
    const rows = DATA.map(({ input, output }) => ({
      input: { a: input[0] as number, b: input[1] as number },
      output: { [names[output.indexOf(1)] as string]: 1 },
    }));
    const net = new NeuralNetwork({ hiddenLayers: [6] });
    const stats = train(net, rows, OPTIONS);
    expect(stats.metric.value).toBeGreaterThan(0.85);
    const output = (net.run as (input: object) => Record<string, number>)({ a: 0.9, b: 0.8 });
    expect(Object.keys(output).sort()).toEqual(['bird', 'cat', 'dog']);
    expect(Math.max(...Object.values(output))).toBe(output['bird']); // (0.9, 0.8) is class 2, 'bird'
  });

  it('is reproducible with a seed; trainAsync gives the same net and result', async () => {
    const first = new NeuralNetwork({ hiddenLayers: [6] });
    const second = new NeuralNetwork({ hiddenLayers: [6] });
    const expected = train(first, DATA, { ...OPTIONS, iterations: 5 });
    const actual = await trainAsync(second, DATA, { ...OPTIONS, iterations: 5 });
    expect(actual).toEqual(expected);
    expect(parameters(second)).toEqual(parameters(first));
  });

  it('rejects bad multi-output data and options, naming the row or option', () => {
    const withRow = (rows: readonly Row[], index: number, row: unknown): unknown[] =>
      rows.map((original, i) => (i === index ? row : original));
    const net = (): BrainNet => new NeuralNetwork({ hiddenLayers: [6] });
    // Missing average with K ≥ 2 outputs.
    const missing = expectAnyLossError(() => train(net(), DATA, { metric: metrics.f1 }), 'INVALID_OPTION', 'options.average');
    expect(missing.message).toContain("'macro'");
    // Ragged outputs.
    expectAnyLossError(
      () => train(net(), withRow(DATA, 4, { input: [0, 1], output: [0, 1] }) as never, OPTIONS),
      'LENGTH_MISMATCH',
      'data[4].output',
      { index: 4 },
    );
    // Non-binary outputs.
    expectAnyLossError(
      () => train(net(), withRow(DATA, 6, { input: [0, 1], output: [0, 0.5, 0.5] }) as never, OPTIONS),
      'INVALID_LABEL',
      'data[6].output',
      { index: 6 },
    );
    expectAnyLossError(
      () => train(net(), withRow(DATA, 7, { input: [0, 1], output: [0, 2, 0] }) as never, OPTIONS),
      'INVALID_LABEL',
      'data[7].output',
      { index: 7 },
    );
    // Multi-class rows must be one-hot (array and object form); multi-label ones need not be.
    const notOneHot = expectAnyLossError(
      () => train(net(), withRow(DATA, 8, { input: [0, 1], output: [1, 1, 0] }) as never, OPTIONS),
      'INVALID_LABEL',
      'data[8].output',
      { index: 8 },
    );
    expect(notOneHot.message).toContain("'multilabel'");
    const objects = DATA.map(({ input, output }, i) => ({ input, output: i === 9 ? {} : { [`c${output.indexOf(1)}`]: 1 } }));
    expectAnyLossError(() => train(net(), objects, OPTIONS), 'INVALID_LABEL', 'data[9].output', { index: 9 });
    // Output length ≠ the net's output size.
    const trained = net();
    train(trained, DATA, { ...OPTIONS, iterations: 1 });
    const four = DATA.map(({ input, output }) => ({ input, output: [...output, 0] }));
    expectAnyLossError(() => train(trained, four, OPTIONS), 'LENGTH_MISMATCH', 'data[0].output', { index: 0 });
    const binary = DATA.map(({ input, output }) => ({ input, output: [output[2] as number] }));
    expect(expectAnyLossError(() => train(trained, binary, { metric: metrics.f1 }), 'INVALID_ARGUMENT', 'net').message).toContain(
      'options.average',
    );
    // average on a single output node, bad values, task without average, binary class weights.
    expectAnyLossError(() => train(net(), binary, OPTIONS), 'INVALID_OPTION', 'options.average');
    expectAnyLossError(() => train(net(), DATA, { ...OPTIONS, average: 'mean' as never }), 'INVALID_OPTION', 'options.average');
    expectAnyLossError(() => train(net(), DATA, { ...OPTIONS, task: 'multi' as never }), 'INVALID_OPTION', 'options.task');
    expectAnyLossError(() => train(net(), DATA, { metric: metrics.f1, task: 'multilabel' }), 'INVALID_OPTION', 'options.average');
    expectAnyLossError(() => train(net(), DATA, { ...OPTIONS, classWeight: { 1: 2 } }), 'INVALID_OPTION', 'options.classWeight');
    expectAnyLossError(() => train(net(), DATA, { ...OPTIONS, sampleWeight: [1, 2] }), 'LENGTH_MISMATCH', 'options.sampleWeight');
  });

  it('sample weights reach core: weight 0 on a row equals leaving it out', () => {
    const weighted = new NeuralNetwork({ hiddenLayers: [6] });
    const without = new NeuralNetwork({ hiddenLayers: [6] });
    const sampleWeight = DATA.map((_, i) => (i === 3 ? 0 : 1));
    // One full batch, no shuffle: the only difference is row 3 (zero weight → zero gradient, zero cells).
    const settings = { ...OPTIONS, iterations: 3, batchSize: 100, shuffle: false } as const;
    train(weighted, DATA, { ...settings, sampleWeight });
    train(
      without,
      DATA.filter((_, i) => i !== 3),
      settings,
    );
    const expected = parameters(without);
    parameters(weighted).forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 5));
  });
});

it('both brain.js versions, driven the same way from the same seed, end with the same K-output weights', () => {
  const [[, Version1], [, Version2]] = VERSIONS as [readonly [string, (typeof VERSIONS)[0][1]], readonly [string, (typeof VERSIONS)[0][1]]];
  const first = new Version1({ hiddenLayers: [6] });
  const second = new Version2({ hiddenLayers: [6] });
  train(first, DATA, { ...OPTIONS, iterations: 20 });
  train(second, DATA, { ...OPTIONS, iterations: 20 });
  expect(parameters(second)).toEqual(parameters(first));
});

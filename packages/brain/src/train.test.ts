import { describe, expect, it, vi } from 'vitest';
import { AnyLossError, metrics } from '@anyloss/core';
import { train } from './train.js';
import { trainAsync } from './train-async.js';
import { type BrainNet, parameters, probability, VERSIONS } from './testing/index.js';
import { expectAnyLossError } from '@anyloss/test-utils';

// A small separable problem with a minority class (11 of 40): positive iff x0 + x1 > 0.5, inputs centred.
const DATA = Array.from({ length: 40 }, (_, i) => {
  const x0 = ((i * 7) % 10) / 5 - 0.9;
  const x1 = ((i * 3) % 11) / 5.5 - 0.9;
  return { input: [x0, x1], output: [x0 + x1 > 0.5 ? 1 : 0] };
});
const OPTIONS = { metric: metrics.f1, seed: 5, iterations: 40, batchSize: 16, learningRate: 0.3 } as const;

describe.each(VERSIONS)('train (%s)', (_, NeuralNetwork) => {
  it('returns brain-style stats plus the metric, and the error is the AnyLoss value', () => {
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    const stats = train(net, DATA, OPTIONS);
    expect(stats.iterations).toBe(40);
    expect(stats.metric.name).toBe('f1');
    expect(stats.error).toBeGreaterThanOrEqual(0);
    expect(stats.error).toBeLessThanOrEqual(1);
    // metric.value is F1 of the trained net's hard predictions on the training rows, counted here by hand.
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const row of DATA) {
      const predicted = probability(net, row.input) > 0.5;
      if (predicted && row.output[0] === 1) tp++;
      else if (predicted) fp++;
      else if (row.output[0] === 1) fn++;
    }
    expect(stats.metric.value).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 12);
  });

  it('the trained net is an ordinary brain.js net: run, toJSON, fromJSON and toFunction agree', () => {
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    train(net, DATA, OPTIONS);
    const restored = new NeuralNetwork();
    (restored.fromJSON as (json: unknown) => unknown)(JSON.parse(JSON.stringify(net.toJSON())));
    const compiled = net.toFunction() as (input: number[]) => ArrayLike<number>;
    for (const { input } of DATA.slice(0, 10)) {
      const expected = probability(net, input);
      expect(probability(restored, input)).toBeCloseTo(expected, 6);
      expect(compiled(input)[0]).toBeCloseTo(expected, 6);
    }
  });

  it('learns: F1 on the training rows rises above the untrained net and brain.js can keep training it', () => {
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    const before = train(net, DATA, { ...OPTIONS, iterations: 1, learningRate: 1e-9 });
    const after = train(net, DATA, { ...OPTIONS, iterations: 300 });
    expect(after.metric.value).toBeGreaterThan(before.metric.value);
    expect(after.metric.value).toBeGreaterThan(0.8);
    const continued = net.train(DATA as never, { iterations: 2, errorThresh: 1e-12 } as never);
    expect(continued.iterations).toBe(2);
  });

  it('is reproducible with a seed, and a different seed gives different weights', () => {
    const first = new NeuralNetwork({ hiddenLayers: [4] });
    const second = new NeuralNetwork({ hiddenLayers: [4] });
    const third = new NeuralNetwork({ hiddenLayers: [4] });
    train(first, DATA, OPTIONS);
    train(second, DATA, OPTIONS);
    train(third, DATA, { ...OPTIONS, seed: 6 });
    expect(parameters(second)).toEqual(parameters(first));
    expect(parameters(third)).not.toEqual(parameters(first));
  });

  it('accepts brain.js object rows, formatted by brain.js itself (run takes objects afterwards)', () => {
    const rows = DATA.map(({ input, output }) => ({
      input: { a: input[0] as number, b: input[1] as number },
      output: output[0] === 1 ? { positive: 1 } : { positive: 0 },
    }));
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    const stats = train(net, rows, { ...OPTIONS, iterations: 300 });
    expect(stats.metric.value).toBeGreaterThan(0.8);
    const output = (net.run as (input: object) => Record<string, number>)({ a: 0.9, b: 0.8 });
    expect(Object.keys(output)).toEqual(['positive']);
    expect(output['positive']).toBeGreaterThan(0.5);
  });

  it('calls log and callback with the status every period and stops at errorThresh and timeout', () => {
    const callback = vi.fn();
    const log = vi.fn();
    train(new NeuralNetwork({ hiddenLayers: [4] }), DATA, { ...OPTIONS, iterations: 9, callback, callbackPeriod: 3, log, logPeriod: 4 });
    expect(callback.mock.calls.map(([status]) => status.iterations)).toEqual([3, 6, 9]);
    expect(log.mock.calls.map(([status]) => status.iterations)).toEqual([4, 8]);
    expect(typeof callback.mock.calls[0]?.[0].error).toBe('number');
    const stopped = train(new NeuralNetwork({ hiddenLayers: [4] }), DATA, { ...OPTIONS, iterations: 50, errorThresh: 2 });
    expect(stopped.iterations).toBe(1);
    const timedOut = train(new NeuralNetwork({ hiddenLayers: [4] }), DATA, { ...OPTIONS, iterations: 1e9, timeout: 1 });
    expect(timedOut.iterations).toBeLessThan(1e9);
  });

  it('classWeight equals the corresponding sampleWeight', () => {
    const byClass = new NeuralNetwork({ hiddenLayers: [4] });
    const bySample = new NeuralNetwork({ hiddenLayers: [4] });
    train(byClass, DATA, { ...OPTIONS, iterations: 5, classWeight: { 1: 3 } });
    train(bySample, DATA, { ...OPTIONS, iterations: 5, sampleWeight: DATA.map((row) => (row.output[0] === 1 ? 3 : 1)) });
    const expected = parameters(byClass);
    parameters(bySample).forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 5));
  });

  it.each(['sum', 'normalize'] as const)(
    "gradientScale '%s': weight 0 on a row (sample or class weight) equals leaving it out",
    (gradientScale) => {
      // One full batch, no shuffle: the only difference is the zero-weight rows (zero gradient, zero cells, and not
      // counted by 'sum'). Also with the other rows weighted, so that the count, not the weights' sum, is what matters.
      const settings = { ...OPTIONS, gradientScale, iterations: 3, batchSize: 100, shuffle: false } as const;
      const kept = (i: number) => i !== 3 && i !== 10;
      const without = new NeuralNetwork({ hiddenLayers: [4] });
      train(
        without,
        DATA.filter((_, i) => kept(i)),
        { ...settings, sampleWeight: DATA.filter((_, i) => kept(i)).map((_, i) => 1 + (i % 3)) },
      );
      const expected = parameters(without);
      let next = 0;
      const weighted = new NeuralNetwork({ hiddenLayers: [4] });
      train(weighted, DATA, { ...settings, sampleWeight: DATA.map((_, i) => (kept(i) ? 1 + (next++ % 3) : 0)) });
      parameters(weighted).forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 5));
      // A class weight of 0 leaves out that class's rows the same way.
      const noNegatives = new NeuralNetwork({ hiddenLayers: [4] });
      train(
        noNegatives,
        DATA.filter((row) => row.output[0] === 1),
        settings,
      );
      const byClass = new NeuralNetwork({ hiddenLayers: [4] });
      train(byClass, DATA, { ...settings, classWeight: { 0: 0 } });
      const positivesOnly = parameters(noNegatives);
      parameters(byClass).forEach((value, i) => expect(value).toBeCloseTo(positivesOnly[i] as number, 5));
    },
  );

  it('trainAsync gives the same net and result as train', async () => {
    const synchronous = new NeuralNetwork({ hiddenLayers: [4] });
    const asynchronous = new NeuralNetwork({ hiddenLayers: [4] });
    const expected = train(synchronous, DATA, { ...OPTIONS, iterations: 5 });
    const actual = await trainAsync(asynchronous, DATA, { ...OPTIONS, iterations: 5 });
    expect(actual).toEqual(expected);
    expect(parameters(asynchronous)).toEqual(parameters(synchronous));
    await expect(trainAsync(asynchronous, DATA, { ...OPTIONS, typo: 1 } as never)).rejects.toThrow(AnyLossError);
  });

  it('rejects unknown and invalid options', () => {
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    expectAnyLossError(() => train(net, DATA, { ...OPTIONS, learningrate: 0.1 } as never), 'UNKNOWN_OPTION', 'options.learningrate');
    expectAnyLossError(() => train(net, DATA, { ...OPTIONS, praxis: 'adam' } as never), 'UNKNOWN_OPTION', 'options.praxis');
    expectAnyLossError(() => train(net, DATA, { iterations: 5 } as never), 'INVALID_METRIC', 'options.metric');
    expectAnyLossError(() => train(net, DATA, { ...OPTIONS, batchSize: 0 }), 'INVALID_OPTION', 'options.batchSize');
    expectAnyLossError(() => train(net, DATA, { ...OPTIONS, momentum: 1 }), 'INVALID_OPTION', 'options.momentum');
    expectAnyLossError(() => train(net, DATA, { ...OPTIONS, amplification: -1 }), 'INVALID_AMPLIFICATION', 'options.amplification');
    expectAnyLossError(() => train(net, DATA, { ...OPTIONS, sampleWeight: [1, 2] }), 'LENGTH_MISMATCH', 'options.sampleWeight');
    expectAnyLossError(() => train(net, DATA, { ...OPTIONS, classWeight: { 2: 1 } as never }), 'UNKNOWN_OPTION', 'options.classWeight.2');
  });

  it('rejects bad data, naming the row', () => {
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    const withRow = (index: number, row: unknown): unknown[] => DATA.map((original, i) => (i === index ? row : original));
    expectAnyLossError(() => train(net, withRow(3, { input: [0, 1] }) as never, OPTIONS), 'INVALID_ARGUMENT', 'data[3].output', {
      index: 3,
    });
    expectAnyLossError(() => train(net, withRow(4, { input: [0, 1], output: [2] }) as never, OPTIONS), 'INVALID_LABEL', 'data[4].output', {
      index: 4,
    });
    expectAnyLossError(
      () => train(net, withRow(5, { input: [0, 1], output: [0.5] }) as never, OPTIONS),
      'INVALID_LABEL',
      'data[5].output',
      { index: 5 },
    );
    expectAnyLossError(
      () => train(net, withRow(6, { input: [0, 1, 2], output: [1] }) as never, OPTIONS),
      'LENGTH_MISMATCH',
      'data[6].input',
      { index: 6 },
    );
    expectAnyLossError(
      () => train(net, withRow(7, { input: [0, Number.NaN], output: [1] }) as never, OPTIONS),
      'INVALID_ARGUMENT',
      'data[7].input',
      { index: 7 },
    );
    expectAnyLossError(
      () => train(net, withRow(8, { input: { a: 1 }, output: [1] }) as never, OPTIONS),
      'INVALID_ARGUMENT',
      'data[8].input',
      { index: 8 },
    );
    expectAnyLossError(
      () => train(net, withRow(2, { input: [0, 1], output: [1, 0] }) as never, OPTIONS),
      'LENGTH_MISMATCH',
      'data[2].output',
      { index: 2 },
    );
    expectAnyLossError(() => train(net, [], OPTIONS), 'EMPTY_INPUT', 'data');
    const twoKeys = DATA.map((row, i) => ({ input: row.input, output: i === 1 ? { yes: 1 } : { no: 1 } }));
    expectAnyLossError(() => train(new NeuralNetwork(), twoKeys, OPTIONS), 'LENGTH_MISMATCH', 'data[0].output', { index: 0 });
  });

  it('a diverging update (learningRate 1e300) is a typed error naming the learning rate; the net keeps its weights (issue 12, item 13)', () => {
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    train(net, DATA, { ...OPTIONS, iterations: 2 });
    const before = parameters(net);
    const error = expectAnyLossError(() => train(net, DATA, { ...OPTIONS, learningRate: 1e300 }), 'INVALID_OPTION', 'options.learningRate');
    expect(error.message).toContain('diverged');
    expect(error.value).toBe(1e300);
    expect(parameters(net)).toEqual(before); // restored: never half-applied
    expect(Number.isFinite(probability(net, [0.1, 0.2]))).toBe(true);
    expect(error.message).toContain('epoch 1, batch 1');
    expect(error.message).toContain('largest |input| is 0.9');
  });

  it('inputs beyond float32 (which brain.js stores them in) are rejected by row and column; a net with NaN weights is rejected (issue 12, item 13)', () => {
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    const withInput = (index: number, input: unknown): unknown[] =>
      DATA.map((row, i) => (i === index ? { input, output: row.output } : row));
    const error = expectAnyLossError(() => train(net, withInput(9, [0, 1e200]) as never, OPTIONS), 'INVALID_ARGUMENT', 'data[9].input', {
      index: 9,
    });
    expect(error.message).toContain('[1]');
    expect(error.message).toContain('float32');
    expectAnyLossError(() => train(net, withInput(2, [-4e38, 0]) as never, OPTIONS), 'INVALID_ARGUMENT', 'data[2].input', { index: 2 });
    const objects = DATA.map((row, i) => ({
      input: { a: row.input[0] as number, b: i === 4 ? Infinity : (row.input[1] as number) },
      output: row.output,
    }));
    expect(
      expectAnyLossError(() => train(new NeuralNetwork(), objects, OPTIONS), 'INVALID_ARGUMENT', 'data[4].input', { index: 4 }).message,
    ).toContain('"b"');
    train(net, DATA, { ...OPTIONS, iterations: 1 });
    (net.weights[1] as Float32Array[])[0]![0] = Number.NaN;
    expectAnyLossError(() => train(net, DATA, OPTIONS), 'INVALID_ARGUMENT', 'net');
  });

  it('sample and class weights near 1e308 train like weights 1 (the epoch cells, summed over batches, used to overflow)', () => {
    const reference = new NeuralNetwork({ hiddenLayers: [4] });
    const plain = train(reference, DATA, { ...OPTIONS, iterations: 3 });
    for (const weights of [
      { sampleWeight: DATA.map(() => 1.7e308) },
      { classWeight: { 0: 1.7e308, 1: 1.7e308 } },
      { sampleWeight: DATA.map(() => 1e-320) },
    ]) {
      const net = new NeuralNetwork({ hiddenLayers: [4] });
      const result = train(net, DATA, { ...OPTIONS, iterations: 3, ...weights });
      expect(result.error).toBeCloseTo(plain.error, 6);
      const [a, b] = [parameters(net), parameters(reference)];
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i] as number, 4); // float32 weights
    }
  });

  it('a hand-made metric object returning NaN is INVALID_METRIC naming it, not a NaN training error', () => {
    const duck = {
      name: 'duck',
      value: () => Number.NaN,
      partials: () => metrics.f1.partials({ truePositives: 1, falseNegatives: 1, falsePositives: 1, trueNegatives: 1 }),
    };
    const error = expectAnyLossError(
      () => train(new NeuralNetwork({ hiddenLayers: [4] }), DATA, { ...OPTIONS, metric: duck as never }),
      'INVALID_METRIC',
      'metric',
    );
    expect(error.message).toContain('"duck"');
  });

  it('rejects rows that do not fit an already initialised net', () => {
    const net = new NeuralNetwork({ hiddenLayers: [4] });
    train(net, DATA, { ...OPTIONS, iterations: 1 });
    const wider = DATA.map((row) => ({ input: [...row.input, 0], output: row.output }));
    expectAnyLossError(() => train(net, wider, OPTIONS), 'LENGTH_MISMATCH', 'data[0].input', { index: 0 });
  });

  it('rejects nets whose outputs are not probabilities, or that use another update rule', () => {
    for (const activation of ['relu', 'leaky-relu', 'tanh'] as const) {
      const error = expectAnyLossError(() => train(new NeuralNetwork({ activation }), DATA, OPTIONS), 'INVALID_OPTION', 'net.activation');
      expect(error.message).toContain('sigmoid');
    }
    expectAnyLossError(() => train(new NeuralNetwork({ praxis: 'adam' }), DATA, OPTIONS), 'INVALID_OPTION', 'net.trainOpts.praxis');
    expectAnyLossError(() => train({} as BrainNet, DATA, OPTIONS), 'INVALID_ARGUMENT', 'net');
  });
});

it('both brain.js versions, driven the same way from the same seed, end with the same weights', () => {
  const [[, Version1], [, Version2]] = VERSIONS as [readonly [string, (typeof VERSIONS)[0][1]], readonly [string, (typeof VERSIONS)[0][1]]];
  const first = new Version1({ hiddenLayers: [4] });
  const second = new Version2({ hiddenLayers: [4] });
  train(first, DATA, OPTIONS);
  train(second, DATA, OPTIONS);
  expect(parameters(second)).toEqual(parameters(first));
});

import { describe, expect, it } from 'vitest';
import { anyLoss } from './any-loss.js';
import { assertCells } from './cells.js';
import { confusionMatrix } from './confusion-matrix.js';
import { describeValue } from './errors.js';
import { defineMetric, type Metric } from './metric.js';
import { fBeta, metrics } from './metrics/index.js';
import { softConfusionMatrix } from './soft-confusion-matrix.js';
import { expectAnyLossError } from '@anyloss/test-utils';

const f1 = anyLoss(metrics.f1);

describe('validation: every bad input is a typed AnyLossError naming the argument and the value', () => {
  it('EMPTY_INPUT for empty arrays', () => {
    expectAnyLossError(() => f1.lossAndGradient([], []), 'EMPTY_INPUT', 'yTrue');
  });

  it('LENGTH_MISMATCH for yPred, sampleWeight and the output buffer', () => {
    const error = expectAnyLossError(() => f1.lossAndGradient([1, 0], [0.5]), 'LENGTH_MISMATCH', 'yPred');
    expect(error.message).toContain('length 1');
    expect(error.message).toContain('length 2');
    expectAnyLossError(() => f1.lossAndGradient([1, 0], [0.5, 0.2], { sampleWeight: [1] }), 'LENGTH_MISMATCH', 'options.sampleWeight');
    expectAnyLossError(() => f1.lossAndGradient([1, 0], [0.5, 0.2], { out: new Float64Array(3) }), 'INVALID_BUFFER', 'options.out');
    expectAnyLossError(
      () => f1.lossAndGradient([1, 0], [0.5, 0.2], { out: new Float32Array(2) as unknown as Float64Array }),
      'INVALID_BUFFER',
      'options.out',
    );
  });

  it.each([2, -1, 0.5, Number.NaN, Infinity])('INVALID_LABEL for label %s, with its index', (label) => {
    const error = expectAnyLossError(() => f1.lossAndGradient([1, 0, label], [0.5, 0.2, 0.3]), 'INVALID_LABEL', 'yTrue');
    expect(error.index).toBe(2);
    expect(error.message).toContain('yTrue[2]');
    expect(Object.is(error.value, label)).toBe(true);
  });

  it('non-number elements are errors, never coerced', () => {
    expectAnyLossError(() => f1.lossAndGradient([1, '0' as unknown as number], [0.5, 0.2]), 'INVALID_LABEL', 'yTrue');
    expectAnyLossError(() => f1.lossAndGradient([1, true as unknown as number], [0.5, 0.2]), 'INVALID_LABEL', 'yTrue');
    expectAnyLossError(() => f1.lossAndGradient([1, 0], [0.5, '0.2' as unknown as number]), 'INVALID_PROBABILITY', 'yPred');
    expectAnyLossError(() => anyLoss(metrics.f1, { from: 'logits' }).loss([1], [null as unknown as number]), 'INVALID_LOGIT', 'yPred');
    expectAnyLossError(() => f1.loss([1], [0.5], { sampleWeight: ['1' as unknown as number] }), 'INVALID_WEIGHT', 'options.sampleWeight');
    expectAnyLossError(() => confusionMatrix([1], ['0.7' as unknown as number]), 'INVALID_PROBABILITY', 'yPred');
    expectAnyLossError(() => confusionMatrix(['1' as unknown as number], [0.7]), 'INVALID_LABEL', 'yTrue');
  });

  it.each([-0.01, 1.01, Number.NaN, -1e-300, Infinity])('INVALID_PROBABILITY for %s, with its index', (p) => {
    const error = expectAnyLossError(() => f1.lossAndGradient([1, 0, 1], [0.5, p, 0.3]), 'INVALID_PROBABILITY', 'yPred');
    expect(error.index).toBe(1);
    expect(error.message).toContain('yPred[1]');
  });

  it('suggests logits when a probability is a finite number outside [0, 1]', () => {
    expect(expectAnyLossError(() => f1.lossAndGradient([1], [3.2]), 'INVALID_PROBABILITY', 'yPred').message).toContain("from: 'logits'");
  });

  it.each([Number.NaN, Infinity, -Infinity])('INVALID_LOGIT for %s', (z) => {
    const error = expectAnyLossError(
      () => anyLoss(metrics.f1, { from: 'logits' }).lossAndGradient([1, 0], [z, 0]),
      'INVALID_LOGIT',
      'yPred',
    );
    expect(error.index).toBe(0);
  });

  it.each([-1, Number.NaN, Infinity])('INVALID_WEIGHT for sample weight %s', (w) => {
    const error = expectAnyLossError(
      () => f1.lossAndGradient([1, 0, 1], [0.5, 0.2, 0.7], { sampleWeight: [1, 1, w] }),
      'INVALID_WEIGHT',
      'options.sampleWeight',
    );
    expect(error.index).toBe(2);
  });

  it('INVALID_WEIGHT for a class weight, UNKNOWN_OPTION for a class that does not exist', () => {
    const error = expectAnyLossError(
      () => f1.lossAndGradient([1], [0.5], { classWeight: { 1: -2 } }),
      'INVALID_WEIGHT',
      'options.classWeight',
    );
    expect(error.index).toBe(1);
    expect(error.message).toContain('options.classWeight[1]');
    expectAnyLossError(() => f1.lossAndGradient([1], [0.5], { classWeight: { 2: 1 } as never }), 'UNKNOWN_OPTION', 'options.classWeight.2');
  });

  it.each([0, -5, Number.NaN, Infinity, '73'])('INVALID_AMPLIFICATION for %s', (L) => {
    expectAnyLossError(() => anyLoss(metrics.f1, { amplification: L as number }), 'INVALID_AMPLIFICATION', 'options.amplification');
    expectAnyLossError(
      () => softConfusionMatrix([1], [0.5], { amplification: L as number }),
      'INVALID_AMPLIFICATION',
      'options.amplification',
    );
  });

  it('UNKNOWN_OPTION names the misspelt key and lists the known ones', () => {
    const error = expectAnyLossError(() => anyLoss(metrics.f1, { amplfication: 30 } as never), 'UNKNOWN_OPTION', 'options.amplfication');
    expect(error.message).toContain('"amplification"');
    expectAnyLossError(() => f1.lossAndGradient([1], [0.5], { weights: [1] } as never), 'UNKNOWN_OPTION', 'options.weights');
    expectAnyLossError(() => f1.loss([1], [0.5], { out: new Float64Array(1) } as never), 'UNKNOWN_OPTION', 'options.out');
    expectAnyLossError(() => confusionMatrix([1], [0.5], { treshold: 0.3 } as never), 'UNKNOWN_OPTION', 'options.treshold');
  });

  it('INVALID_OPTION for a bad `from` or threshold', () => {
    expectAnyLossError(() => anyLoss(metrics.f1, { from: 'logit' as never }), 'INVALID_OPTION', 'options.from');
    expectAnyLossError(() => confusionMatrix([1], [0.5], { threshold: 1.5 }), 'INVALID_OPTION', 'options.threshold');
  });

  it('INVALID_ARGUMENT for non-arrays and non-object options', () => {
    expectAnyLossError(() => f1.lossAndGradient('1,0' as never, [0.5, 0.5]), 'INVALID_ARGUMENT', 'yTrue');
    expectAnyLossError(() => f1.lossAndGradient([1], null as never), 'INVALID_ARGUMENT', 'yPred');
    expectAnyLossError(() => anyLoss(metrics.f1, 73 as never), 'INVALID_ARGUMENT', 'options');
  });

  it('INVALID_METRIC for something that is not a metric, or a bad definition', () => {
    expectAnyLossError(() => anyLoss('f1' as never), 'INVALID_METRIC', 'metric');
    expectAnyLossError(() => defineMetric({ name: '', value: () => 1 }), 'INVALID_METRIC', 'definition.name');
    expectAnyLossError(() => defineMetric({ name: 'x', value: 1 as never }), 'INVALID_METRIC', 'definition.value');
    expectAnyLossError(() => defineMetric({ name: 'x', value: () => 1, partials: 'no' as never }), 'INVALID_METRIC', 'definition.partials');
    expectAnyLossError(() => defineMetric({ name: 'x', value: () => 1, range: [1, 0] }), 'INVALID_METRIC', 'definition.range');
    expectAnyLossError(() => defineMetric({ name: 'x', value: () => 1, range: [-Infinity, 0] }), 'INVALID_METRIC', 'definition.range');
    expectAnyLossError(() => defineMetric({ name: 'x', value: () => 1, range: [0, '1'] as never }), 'INVALID_METRIC', 'definition.range');
    expectAnyLossError(
      () => defineMetric({ name: 'x', value: () => 1, gradient: () => 0 } as never),
      'UNKNOWN_OPTION',
      'definition.gradient',
    );
  });

  it('INVALID_METRIC when a custom metric returns NaN (instead of a silent NaN loss)', () => {
    const naive = defineMetric({ name: 'naivePrecision', value: (c) => c.truePositives / (c.truePositives + c.falsePositives) });
    const error = expectAnyLossError(
      () => naive.value({ truePositives: 0, falseNegatives: 1, falsePositives: 0, trueNegatives: 1 }),
      'INVALID_METRIC',
      'metric',
    );
    expect(error.message).toContain('naivePrecision');
    const badPartials = defineMetric({ name: 'bad', value: () => 0.5, partials: () => ({ truePositives: Number.NaN }) as never });
    expectAnyLossError(
      () => badPartials.partials({ truePositives: 1, falseNegatives: 1, falsePositives: 1, trueNegatives: 1 }),
      'INVALID_METRIC',
      'metric',
    );
  });

  it('INVALID_CELLS for negative, missing or non-finite cells', () => {
    expectAnyLossError(
      () => metrics.f1.value({ truePositives: -1, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 }),
      'INVALID_CELLS',
      'cells.truePositives',
    );
    expectAnyLossError(
      () => metrics.f1.partials({ truePositives: 1, falseNegatives: 0, falsePositives: 0 } as never),
      'INVALID_CELLS',
      'cells.trueNegatives',
    );
    expectAnyLossError(() => assertCells(null), 'INVALID_ARGUMENT', 'cells');
  });

  it('reports the first bad element even when it comes after valid ones in a long batch', () => {
    const n = 10_000;
    const yTrue = new Float64Array(n);
    const yPred = new Float64Array(n).fill(0.5);
    yPred[7777] = 1.5;
    expect(expectAnyLossError(() => f1.lossAndGradient(yTrue, yPred), 'INVALID_PROBABILITY', 'yPred').index).toBe(7777);
    yPred[7777] = 0.5;
    yTrue[9999] = 3;
    expect(expectAnyLossError(() => f1.lossAndGradient(yTrue, yPred), 'INVALID_LABEL', 'yTrue').index).toBe(9999);
  });

  // Reproducers of issue 12 (bad input that used to escape the typed-error promise).

  it('INVALID_ARGUMENT, not a raw TypeError, for BigInt64Array / BigUint64Array inputs (issue 12, item 14)', () => {
    expectAnyLossError(() => f1.lossAndGradient(new BigInt64Array([1n, 0n]) as never, [0.7, 0.2]), 'INVALID_ARGUMENT', 'yTrue');
    expectAnyLossError(() => f1.lossAndGradient([1, 0], new BigInt64Array([1n, 0n]) as never), 'INVALID_ARGUMENT', 'yPred');
    expectAnyLossError(
      () => f1.loss([1, 0], [0.7, 0.2], { sampleWeight: new BigUint64Array([1n, 0n]) as never }),
      'INVALID_ARGUMENT',
      'options.sampleWeight',
    );
    expectAnyLossError(() => confusionMatrix(new BigInt64Array([1n, 0n]) as never, [0.7, 0.2]), 'INVALID_ARGUMENT', 'yTrue');
    expect(describeValue(1n)).toBe('1n'); // a bigint element is shown as one
  });

  it('INVALID_BUFFER for out: null (issue 12, item 14)', () => {
    expectAnyLossError(() => f1.lossAndGradient([1, 0], [0.7, 0.2], { out: null as never }), 'INVALID_BUFFER', 'options.out');
  });

  it('INVALID_BUFFER when out shares memory with yTrue, yPred or sampleWeight; the inputs stay untouched (issue 12, item 6)', () => {
    const yTrue = new Float64Array([1, 0, 1, 0]);
    const yPred = new Float64Array([0.8, 0.3, 0.4, 0.6]);
    const sampleWeight = new Float64Array([1, 2, 1, 3]);
    const expected = f1.lossAndGradient(yTrue, yPred, { sampleWeight });
    for (const [name, out] of [
      ['sampleWeight', sampleWeight],
      ['yTrue', yTrue],
      ['yPred', yPred],
    ] as const) {
      expect(
        expectAnyLossError(() => f1.lossAndGradient(yTrue, yPred, { sampleWeight, out }), 'INVALID_BUFFER', 'options.out').message,
      ).toContain(name);
    }
    expect(Array.from(sampleWeight)).toEqual([1, 2, 1, 3]);
    expect(Array.from(yTrue)).toEqual([1, 0, 1, 0]);
    // Partial overlap, and a view of another type over the same bytes, are aliasing too.
    const buffer = new Float64Array(6);
    const predictions = buffer.subarray(0, 4);
    predictions.set(yPred);
    expectAnyLossError(() => f1.lossAndGradient(yTrue, predictions, { out: buffer.subarray(2, 6) }), 'INVALID_BUFFER', 'options.out');
    const bytes = new ArrayBuffer(64);
    const labels = new Uint8Array(bytes, 0, 4);
    labels.set([1, 0, 1, 0]);
    expectAnyLossError(() => f1.lossAndGradient(labels, yPred, { out: new Float64Array(bytes, 0, 4) }), 'INVALID_BUFFER', 'options.out');
    // Disjoint views of one buffer are fine, and give the right answer.
    const disjoint = f1.lossAndGradient(labels, yPred, { sampleWeight, out: new Float64Array(bytes, 8, 4) });
    expect(disjoint.loss).toBe(expected.loss);
    expect(Array.from(disjoint.gradient)).toEqual(Array.from(expected.gradient));
  });

  it('INVALID_AMPLIFICATION above 1e6, INVALID_ARGUMENT for beta above 1e6: bounded at creation (issue 12, item 9)', () => {
    expectAnyLossError(() => anyLoss(metrics.f1, { amplification: 1e308 }), 'INVALID_AMPLIFICATION', 'options.amplification');
    expectAnyLossError(
      () => anyLoss(metrics.f1, { amplification: 1e6 * (1 + 2 ** -52) }),
      'INVALID_AMPLIFICATION',
      'options.amplification',
    );
    expectAnyLossError(() => fBeta(1e155), 'INVALID_ARGUMENT', 'beta');
    expectAnyLossError(() => fBeta(1e6 * (1 + 2 ** -52)), 'INVALID_ARGUMENT', 'beta');
    // The bounds themselves are fine: L = 1e6 and β = 1e6 (F-beta then equals recall to ~12 digits).
    const { loss, gradient } = anyLoss(fBeta(1e6), { amplification: 1e6 }).lossAndGradient([1, 0, 1], [0.5, 0.5, 0.4999999]);
    expect(Number.isFinite(loss)).toBe(true);
    for (const g of gradient) expect(Number.isFinite(g)).toBe(true);
    const cells = { truePositives: 6, falseNegatives: 2, falsePositives: 3, trueNegatives: 9 };
    expect(fBeta(1e6).value(cells)).toBeCloseTo(metrics.recall.value(cells), 11);
  });

  describe('a metric object not made by defineMetric is checked like one (issue 12, item 8)', () => {
    const zero = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
    const duck = (value: unknown, partials: unknown): Metric =>
      ({ name: 'duck', range: undefined, exactPartials: true, value: () => value, partials: () => partials }) as never;

    it('a NaN value is INVALID_METRIC naming the metric, not a NaN loss', () => {
      const error = expectAnyLossError(
        () => anyLoss(duck(Number.NaN, zero)).lossAndGradient([1, 0], [0.7, 0.2]),
        'INVALID_METRIC',
        'metric',
      );
      expect(error.message).toContain('"duck"');
      expectAnyLossError(() => anyLoss(duck(Number.NaN, zero)).loss([1, 0], [0.7, 0.2]), 'INVALID_METRIC', 'metric');
      expectAnyLossError(() => anyLoss(duck('0.5', zero)).loss([1, 0], [0.7, 0.2]), 'INVALID_METRIC', 'metric');
    });

    it('an infinite or missing partial is INVALID_METRIC, not an infinite gradient', () => {
      expectAnyLossError(
        () => anyLoss(duck(0.5, { ...zero, truePositives: Infinity })).lossAndGradient([1, 0], [0.7, 0.2]),
        'INVALID_METRIC',
        'metric',
      );
      expectAnyLossError(() => anyLoss(duck(0.5, { truePositives: 1 })).lossAndGradient([1, 0], [0.7, 0.2]), 'INVALID_METRIC', 'metric');
      expectAnyLossError(() => anyLoss(duck(0.5, null)).lossAndGradient([1, 0], [0.7, 0.2]), 'INVALID_METRIC', 'metric');
    });

    it('a valid hand-made metric trains exactly like its defineMetric twin, and stays the loss.metric', () => {
      const handMade: Metric = {
        name: 'f1copy',
        range: [0, 1],
        exactPartials: true,
        value: (c) => metrics.f1.value(c),
        partials: (c) => metrics.f1.partials(c),
      };
      const loss = anyLoss(handMade);
      expect(loss.metric).toBe(handMade);
      const expected = anyLoss(metrics.f1).lossAndGradient([1, 0, 1], [0.7, 0.2, 0.4]);
      const result = loss.lossAndGradient([1, 0, 1], [0.7, 0.2, 0.4]);
      expect(result.loss).toBe(expected.loss);
      expect(Array.from(result.gradient)).toEqual(Array.from(expected.gradient));
    });

    it('a metric without a name is INVALID_METRIC', () => {
      expectAnyLossError(() => anyLoss({ ...metrics.f1, name: '' }), 'INVALID_METRIC', 'metric');
    });
  });

  it('partials so large that the gradient overflows are INVALID_METRIC naming the metric (issue 12, item 9)', () => {
    const huge = defineMetric({
      name: 'huge',
      value: () => 0.5,
      partials: () => ({ truePositives: 1e308, falseNegatives: -1e308, falsePositives: 0, trueNegatives: 0 }),
    });
    const error = expectAnyLossError(() => anyLoss(huge).lossAndGradient([1, 0], [0.7, 0.2]), 'INVALID_METRIC', 'metric');
    expect(error.message).toContain('"huge"');
    expect(error.message).toContain('yPred[0] overflows');
  });
});

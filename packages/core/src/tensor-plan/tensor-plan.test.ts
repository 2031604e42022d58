// Core's tensor plans on a float64 plain-array "device" (@anyloss/test-utils): the formulas a tensor adapter runs
// must give core's own loss and gradient — the binary and multi-class conformance suites, with the plan as subject.
import { arrayTensor, arrayTensorOps, expectAnyLossError, expectClose, type ArrayTensor } from '@anyloss/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AMPLIFICATION } from '../amplify.js';
import { anyLoss } from '../any-loss.js';
import { confusionMatrix } from '../confusion-matrix.js';
import { metrics } from '../metrics/index.js';
import { multiclassMetric } from '../multiclass/confusion.js';
import { DEFAULT_SOFTMAX_AMPLIFICATION } from '../multiclass/multiclass-loss.js';
import { describeConformance, type ConformanceCase } from '../testing/conformance.js';
import { describeMulticlassConformance, multiclassConformanceCase, type MulticlassConformanceCase } from '../testing/multiclass.js';
import { binaryLossPlan, multiOutputLossPlan, type LossReadout, type TensorLossPlan } from './loss-plan.js';
import { binaryMetricPlan, multiOutputMetricPlan } from './metric-plan.js';
import type { TensorOps } from './tensor-ops.js';

const ops: TensorOps<ArrayTensor> = arrayTensorOps;
const row = (values: readonly number[]): ArrayTensor => arrayTensor(values, [1, values.length]);
const matrix = (rows: readonly (readonly number[])[]): ArrayTensor => arrayTensor(rows.flat(), [rows.length, rows[0]?.length ?? 0]);

/** Runs a loss plan forward, evaluates its readout and runs it backward with dy = 1, as an adapter's skeleton does. */
function run<C>(
  plan: TensorLossPlan<ArrayTensor, C>,
  prediction: ArrayTensor,
  batch: { labels: ArrayTensor; indices?: ArrayTensor; weights?: ArrayTensor; classes: number },
): { readout: LossReadout<C>; loss: number; gradient: Float64Array } {
  const full = { labels: batch.labels, indices: batch.indices, weights: batch.weights, classes: batch.classes };
  const forward = plan.forward(prediction, full);
  const readout = plan.evaluate(forward.readout.data, { classes: batch.classes, weighted: batch.weights !== undefined });
  if (readout.kind !== 'loss') return { readout, loss: Number.NaN, gradient: new Float64Array(0) };
  const tensors = { ...forward, labels: batch.labels, weights: batch.weights, prediction: plan.needsPrediction ? prediction : undefined };
  const gradient = plan.backward(arrayTensor([1], []), tensors, readout.coefficients, batch);
  return { readout, loss: readout.loss, gradient: gradient.data };
}

function binaryPlanResult(
  testCase: ConformanceCase,
  classWeight: readonly [number, number] = [1, 1],
): { loss: number; gradient: Float64Array } {
  const plan = binaryLossPlan(ops, {
    metric: testCase.metric,
    amplification: testCase.amplification,
    fromLogits: testCase.from === 'logits',
    classWeight,
    validate: true,
  });
  const weights = testCase.sampleWeight === undefined ? undefined : row(testCase.sampleWeight);
  return run(plan, row(testCase.yPred), { labels: row(testCase.yTrue), ...(weights === undefined ? {} : { weights }), classes: 1 });
}

function multiOutputPlanResult(testCase: MulticlassConformanceCase): { loss: number; gradient: Float64Array } {
  const reference = anyMulticlassSettings(testCase);
  const plan = multiOutputLossPlan(ops, { ...reference, metric: testCase.metric, validate: true });
  const k = testCase.classes;
  const indices = testCase.labels === 'indices' ? (testCase.yTrue as readonly number[]) : undefined;
  const rows =
    indices === undefined
      ? (testCase.yTrue as readonly (readonly number[])[])
      : indices.map((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)));
  const weights = testCase.sampleWeight === undefined ? undefined : arrayTensor(testCase.sampleWeight, [testCase.sampleWeight.length, 1]);
  return run(plan, matrix(testCase.yPred), {
    labels: matrix(rows),
    ...(indices === undefined ? {} : { indices: arrayTensor(indices, [indices.length]) }),
    ...(weights === undefined ? {} : { weights }),
    classes: k,
  });
}

/** The settings core's multiclassAnyLoss resolves for a case (defaults included). */
function anyMulticlassSettings(testCase: MulticlassConformanceCase) {
  const amplification =
    testCase.amplification ?? (testCase.amplifier === 'softmax' ? DEFAULT_SOFTMAX_AMPLIFICATION : DEFAULT_AMPLIFICATION);
  return {
    average: testCase.average,
    output: testCase.output,
    amplifier: testCase.amplifier,
    amplification,
    fromLogits: testCase.from === 'logits',
  };
}

describeConformance(
  { describe, it },
  { name: "core's binary tensor plan on float64 arrays", lossAndGradient: (testCase) => binaryPlanResult(testCase) },
);

// The per-class coefficients are float32 (what the tensors of an adapter hold): 1e-6 of the gradient's scale.
describeMulticlassConformance(
  { describe, it },
  { name: "core's multi-output tensor plan on float64 arrays", lossAndGradient: multiOutputPlanResult },
  { tolerance: { relative: 1e-6, absolute: 1e-12 } },
);

describe('binary tensor plan', () => {
  it('class weights scale whole cells: the loss and gradient of core with classWeight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1), fc.double({ min: 0.01, max: 0.99, noNaN: true })), { minLength: 2, maxLength: 30 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        (rows, negative, positive) => {
          const yTrue = rows.map(([y]) => y);
          const yPred = rows.map(([, p]) => p);
          const testCase = {
            name: '',
            metric: metrics.mcc,
            yTrue,
            yPred,
            sampleWeight: undefined,
            amplification: 10,
            from: 'probabilities' as const,
          };
          const ours = binaryPlanResult(testCase, [negative, positive]);
          const expected = anyLoss(metrics.mcc, { amplification: 10 }).lossAndGradient(yTrue, yPred, {
            classWeight: { 0: negative, 1: positive },
          });
          expect(ours.loss).toBeCloseTo(expected.loss, 12);
          expectClose(ours.gradient, expected.gradient, { relative: 1e-9, absolute: 1e-12 });
        },
      ),
    );
  });

  it('a failed check or a non-finite cell is `invalid`; a negative cell in an unchecked batch names the cell', () => {
    const settings = { metric: metrics.f1, amplification: 5, fromLogits: false, classWeight: [1, 1] as const };
    const checked = binaryLossPlan(ops, { ...settings, validate: true });
    const unchecked = binaryLossPlan(ops, { ...settings, validate: false });
    const kind = (plan: typeof checked, labels: number[], predictions: number[], weights?: number[]): string =>
      run(plan, row(predictions), { labels: row(labels), ...(weights === undefined ? {} : { weights: row(weights) }), classes: 1 }).readout
        .kind;
    expect(kind(checked, [1, 0, 2], [0.2, 0.4, 0.6])).toBe('invalid');
    expect(kind(checked, [1, 0, 1], [0.2, 1.4, 0.6])).toBe('invalid');
    expect(kind(checked, [1, 0, 1], [0.2, 0.4, 0.6], [1, -1, 1])).toBe('invalid');
    expect(kind(unchecked, [1, 0, 1], [0.2, Number.NaN, 0.6])).toBe('invalid');
    const negative = run(unchecked, row([0.9, 0.1, 0.5]), { labels: row([2, 0, 1]), classes: 1 }).readout;
    expect(negative.kind).toBe('negative-cell');
    if (negative.kind === 'negative-cell')
      expect(negative.cause.message).toMatch(/^cells\.falsePositives must be a finite number ≥ 0, got -/);
    expect(kind(unchecked, [1, 0, 1], [0.2, 0.4, 0.6])).toBe('loss');
  });

  it("checkOnHost is core's validation: it names the first bad element", () => {
    const plan = binaryLossPlan(ops, { metric: metrics.f1, amplification: 5, fromLogits: false, classWeight: [1, 1], validate: true });
    expectAnyLossError(() => plan.checkOnHost([1, 0, 2], [0.2, 0.4, 0.6], undefined, 1), 'INVALID_LABEL', 'yTrue', { index: 2 });
    expectAnyLossError(() => plan.checkOnHost([1, 0, 1], [0.2, 0.4, 0.6], [1, -1, 1], 1), 'INVALID_WEIGHT', 'options.sampleWeight', {
      index: 1,
    });
    expect(plan.checkOnHost([1, 0, 1], [0.2, 0.4, 0.6], undefined, 1)).toBeUndefined();
  });

  it('refuses coefficients that would overflow float32 (weights near 0): INVALID_WEIGHT naming sampleWeight', () => {
    const plan = binaryLossPlan(ops, { metric: metrics.f1, amplification: 5, fromLogits: false, classWeight: [1, 1], validate: true });
    const error = expectAnyLossError(
      () => run(plan, row([0.5, 0.5, 0.5]), { labels: row([0, 0, 0]), weights: row([0, 2.8e-45, 0]), classes: 1 }),
      'INVALID_WEIGHT',
      'sampleWeight',
    );
    expect(error.message).toMatch(/overflows float32/);
  });
});

describe('multi-output tensor plan', () => {
  it('labels as class indices are checked: a fraction or an index ≥ K is `invalid`', () => {
    const testCase = multiclassConformanceCase({
      metric: metrics.f1,
      average: 'macro',
      output: 'softmax',
      amplifier: 'softmax',
      from: 'probabilities',
      labels: 'indices',
      seed: 3,
    });
    const plan = multiOutputLossPlan(ops, { ...anyMulticlassSettings(testCase), metric: metrics.f1, validate: true });
    const rows = matrix((testCase.yTrue as number[]).map((c) => [0, 1, 2, 3].map((j) => (j === c ? 1 : 0))));
    for (const bad of [0.5, 4, -1]) {
      const indices = arrayTensor([bad, ...(testCase.yTrue as number[]).slice(1)], [testCase.yPred.length]);
      expect(run(plan, matrix(testCase.yPred), { labels: rows, indices, classes: 4 }).readout.kind).toBe('invalid');
    }
  });

  it('a negative cell of any class, also one the average leaves out, names the cell and the class', () => {
    const plan = multiOutputLossPlan(ops, {
      metric: metrics.f1,
      average: 'macro',
      output: 'sigmoid',
      amplifier: 'one-vs-rest',
      amplification: 10,
      fromLogits: false,
      validate: false,
    });
    const { readout } = run(
      plan,
      matrix([
        [0.7, 0.2, 0.1],
        [0.3, 0.6, 0.2],
      ]),
      {
        labels: matrix([
          [1, -1, 0],
          [0, 0, 0],
        ]),
        classes: 3,
      },
    );
    expect(readout.kind).toBe('negative-cell');
    if (readout.kind === 'negative-cell') {
      expect(readout.cause.message).toMatch(/^cells\.truePositives of class 1 must be a finite number ≥ 0/);
      expect(readout.cause.index).toBe(1);
    }
  });
});

describe('metric plans', () => {
  it("binary: core's hard metric at the threshold, from probabilities and logits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1), fc.double({ min: -6, max: 6, noNaN: true })), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (rows, threshold) => {
          const yTrue = rows.map(([y]) => y);
          const logits = rows.map(([, z]) => z);
          for (const fromLogits of [false, true]) {
            const yPred = fromLogits ? logits : logits.map((z) => 1 / (1 + Math.exp(-z)));
            const plan = binaryMetricPlan(ops, { metric: metrics.mcc, threshold, fromLogits, validate: true });
            const readout = plan.evaluate(plan.forward(row(yPred), { labels: row(yTrue), indices: undefined, classes: 1 }).data, {
              classes: 1,
            });
            const expected = metrics.mcc.value(confusionMatrix(yTrue, yPred, { threshold, from: fromLogits ? 'logits' : 'probabilities' }));
            expect(readout).toEqual({ kind: 'value', value: expected });
          }
        },
      ),
    );
  });

  it("multi-output: core's multiclassMetric (argmax for softmax, threshold for sigmoid)", () => {
    for (const output of ['softmax', 'sigmoid'] as const) {
      const testCase = multiclassConformanceCase({
        metric: metrics.f1,
        average: 'weighted',
        output,
        amplifier: 'one-vs-rest',
        from: 'probabilities',
        seed: 12,
      });
      const plan = multiOutputMetricPlan(ops, {
        metric: metrics.f1,
        average: 'weighted',
        output,
        threshold: 0.5,
        fromLogits: false,
        validate: true,
      });
      const rows = testCase.yTrue as readonly (readonly number[])[];
      const readout = plan.evaluate(plan.forward(matrix(testCase.yPred), { labels: matrix(rows), indices: undefined, classes: 4 }).data, {
        classes: 4,
      });
      const expected = multiclassMetric(metrics.f1, rows, testCase.yPred, { average: 'weighted', output });
      expect(readout.kind).toBe('value');
      if (readout.kind === 'value') expect(readout.value).toBeCloseTo(expected, 14);
    }
  });

  it('a NaN prediction or (validating) a bad label is `invalid`', () => {
    const plan = binaryMetricPlan(ops, { metric: metrics.f1, threshold: 0.5, fromLogits: false, validate: true });
    const kind = (labels: number[], predictions: number[]): string =>
      plan.evaluate(plan.forward(row(predictions), { labels: row(labels), indices: undefined, classes: 1 }).data, { classes: 1 }).kind;
    expect(kind([1, 0], [0.7, Number.NaN])).toBe('invalid');
    expect(kind([1, 3], [0.7, 0.2])).toBe('invalid');
    expect(kind([1, 0], [0.7, 0.2])).toBe('value');
  });
});

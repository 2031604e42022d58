import { describe, expect, it } from 'vitest';
import { anyLoss } from '../any-loss.js';
import { metrics } from '../metrics/index.js';
import { compareWithReference, conformanceCases, describeConformance, referenceResult } from './index.js';

// Core against itself: the suite must pass for the reference implementation...
describeConformance(
  { describe, it },
  {
    name: 'core (plain arrays)',
    lossAndGradient: (testCase) =>
      anyLoss(testCase.metric, { amplification: testCase.amplification, from: testCase.from }).lossAndGradient(
        Float64Array.from(testCase.yTrue),
        Float64Array.from(testCase.yPred),
        testCase.sampleWeight === undefined ? undefined : { sampleWeight: Float64Array.from(testCase.sampleWeight) },
      ),
  },
);

describe('the conformance suite itself', () => {
  const cases = conformanceCases();

  it('covers every built-in metric on every batch kind, probabilities and logits, several L', () => {
    expect(new Set(cases.map((c) => c.metric.name))).toEqual(new Set(Object.keys(metrics)));
    expect(new Set(cases.map((c) => c.from))).toEqual(new Set(['probabilities', 'logits']));
    expect(new Set(cases.map((c) => c.amplification))).toEqual(new Set([73, 20, 5]));
    expect(cases.some((c) => c.sampleWeight !== undefined)).toBe(true);
    expect(cases.some((c) => c.yTrue.every((y) => y === 0))).toBe(true);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('detects a wrong loss, a wrong gradient element, a NaN and a wrong length', () => {
    const testCase = cases[0]!;
    const reference = referenceResult(testCase);
    expect(compareWithReference(reference, reference)).toBeUndefined();
    expect(compareWithReference({ ...reference, loss: reference.loss + 1e-3 }, reference)).toMatch(/loss/);
    const gradient = Float64Array.from(reference.gradient);
    gradient[3] = (gradient[3] as number) * 1.01 + 1e-6;
    expect(compareWithReference({ loss: reference.loss, gradient }, reference)).toMatch(/gradient\[3\]/);
    gradient[3] = Number.NaN;
    expect(compareWithReference({ loss: reference.loss, gradient }, reference)).toMatch(/gradient\[3\]/);
    expect(compareWithReference({ loss: reference.loss, gradient: [1] }, reference)).toMatch(/length/);
  });

  it('accepts float32-level differences within a float32 tolerance', () => {
    const testCase = cases[1]!;
    const reference = referenceResult(testCase);
    const float32 = { loss: Math.fround(reference.loss), gradient: Float32Array.from(reference.gradient) };
    expect(compareWithReference(float32, reference, { relative: 1e-5, absolute: 1e-7 })).toBeUndefined();
  });
});

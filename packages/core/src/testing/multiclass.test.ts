import { describe, expect, it } from 'vitest';
import { multiclassAnyLoss } from '../multiclass/multiclass-loss.js';
import { describeMulticlassConformance, multiclassConformanceCases, multiclassReferenceResult } from './index.js';

// Core against itself through another input path: flat Float64Arrays with `classes`, one-hot rows flattened.
describeMulticlassConformance(
  { describe, it },
  {
    name: 'core (flat arrays with classes)',
    lossAndGradient(testCase) {
      const loss = multiclassAnyLoss(testCase.metric, {
        average: testCase.average,
        output: testCase.output,
        amplifier: testCase.amplifier,
        from: testCase.from,
        classes: testCase.classes,
        ...(testCase.amplification === undefined ? {} : { amplification: testCase.amplification }),
      });
      const labels =
        testCase.labels === 'indices'
          ? Float64Array.from(testCase.yTrue as readonly number[])
          : Float64Array.from((testCase.yTrue as readonly (readonly number[])[]).flat());
      return loss.lossAndGradient(
        labels,
        Float64Array.from(testCase.yPred.flat()),
        testCase.sampleWeight === undefined ? undefined : { sampleWeight: Float64Array.from(testCase.sampleWeight) },
      );
    },
  },
);

describe('the multi-class conformance suite itself', () => {
  const cases = multiclassConformanceCases();

  it('covers both amplifiers, both outputs, probabilities and logits, every average, weights, absent classes, labels as indices', () => {
    expect(new Set(cases.map((c) => c.amplifier))).toEqual(new Set(['softmax', 'one-vs-rest']));
    expect(new Set(cases.map((c) => c.output))).toEqual(new Set(['softmax', 'sigmoid']));
    expect(new Set(cases.map((c) => c.from))).toEqual(new Set(['probabilities', 'logits']));
    expect(new Set(cases.map((c) => c.average))).toEqual(new Set(['macro', 'weighted', 'micro']));
    expect(new Set(cases.map((c) => c.labels))).toEqual(new Set(['rows', 'indices']));
    expect(cases.some((c) => c.sampleWeight !== undefined)).toBe(true);
    expect(cases.filter((c) => c.name.includes('absent')).length).toBeGreaterThanOrEqual(3);
    expect(cases.every((c) => c.labels === 'rows' || c.output === 'softmax')).toBe(true);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('every case has a gradient to check (not all zero), and its predictions are float32 numbers', () => {
    for (const testCase of cases) {
      expect(
        multiclassReferenceResult(testCase).gradient.some((g) => g !== 0),
        testCase.name,
      ).toBe(true);
      expect(testCase.yPred.flat().every((value) => Math.fround(value) === value)).toBe(true);
    }
  });

  it('labels as rows and as indices are the same labels', () => {
    const byName = new Map(cases.map((c) => [c.name, c]));
    for (const testCase of cases.filter((c) => c.labels === 'indices')) {
      const rows = byName.get(testCase.name.replace('labels as indices', 'labels as rows'));
      expect((rows?.yTrue as number[][]).map((row) => row.indexOf(1))).toEqual(testCase.yTrue);
      expect(multiclassReferenceResult(testCase)).toEqual(multiclassReferenceResult(rows!));
    }
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeConformance } from '@anyloss/core/testing';
import { anyLoss, metrics, type ClassWeight } from '@anyloss/core';
import { gradientScaleFactor } from './gradient-scale.js';
import { outputErrorTerms } from './output-error-terms.js';
import { expectAnyLossError } from '@anyloss/test-utils';

// The gradient brain.js receives is recovered from the targets exactly as brain computes its error:
// error = target − output = −s·∂loss/∂p, so ∂loss/∂p = (output − target) / s.

describe.each(['sum', 'normalize'] as const)('gradientScale %s', (scale) =>
  describeConformance(
    { describe, it },
    {
      name: `@anyloss/brain outputErrorTerms, gradientScale '${scale}' (gradient recovered from brain targets)`,
      supports: (testCase) => testCase.from === 'probabilities', // brain.js sigmoid outputs are probabilities
      lossAndGradient(testCase) {
        const n = testCase.yTrue.length;
        const probabilities = Float64Array.from(testCase.yPred);
        const targets = new Float64Array(n);
        const result = outputErrorTerms(
          anyLoss(testCase.metric, { amplification: testCase.amplification }),
          {
            labels: Float64Array.from(testCase.yTrue),
            probabilities,
            ...(testCase.sampleWeight === undefined ? {} : { sampleWeight: Float64Array.from(testCase.sampleWeight) }),
          },
          scale,
          new Float64Array(n),
          targets,
        );
        expect(result.scale).toBeGreaterThan(0);
        return { loss: result.loss, gradient: probabilities.map((p, i) => (p - (targets[i] as number)) / result.scale) };
      },
    },
    { tolerance: { relative: 1e-9, absolute: 1e-12 } },
  ),
);

describe('outputErrorTerms', () => {
  it("writes targets whose brain error term (target − output) is −n·gradient ('sum') or has largest magnitude 1 ('normalize')", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 }),
        (rows) => {
          const labels = Float64Array.from(rows, ([label]) => label);
          const probabilities = Float64Array.from(rows, ([, p]) => p);
          const gradient = new Float64Array(rows.length);
          const targets = new Float64Array(rows.length);
          const loss = anyLoss(metrics.f1, { amplification: 10 });
          outputErrorTerms(loss, { labels, probabilities }, 'sum', gradient, targets);
          for (let i = 0; i < rows.length; i++) {
            const error = (targets[i] as number) - (probabilities[i] as number);
            expect(error).toBeCloseTo(-rows.length * (gradient[i] as number), 12);
          }
          outputErrorTerms(loss, { labels, probabilities }, 'normalize', gradient, targets);
          const errors = Array.from(probabilities, (p, i) => (targets[i] as number) - p);
          const largest = Math.max(...errors.map(Math.abs));
          if (gradient.some((g) => g !== 0)) expect(largest).toBeCloseTo(1, 12);
          errors.forEach((error, i) => expect(Math.sign(error) === -Math.sign(gradient[i] as number)).toBe(true));
        },
      ),
    );
  });

  it('passes class weights to core', () => {
    const labels = Float64Array.from([1, 0, 0, 1]);
    const probabilities = Float64Array.from([0.7, 0.2, 0.6, 0.4]);
    const loss = anyLoss(metrics.f1, { amplification: 10 });
    const gradient = new Float64Array(4);
    const result = outputErrorTerms(loss, { labels, probabilities, classWeight: { 1: 3 } }, 'sum', gradient, new Float64Array(4));
    // Source: core's own lossAndGradient with the same class weight.
    const expected = loss.lossAndGradient(labels, probabilities, { classWeight: { 1: 3 } });
    expect(result.loss).toBe(expected.loss);
    expect(Array.from(gradient)).toEqual(Array.from(expected.gradient));
  });

  it("'sum' counts the patterns of non-zero weight: a pattern of weight 0 (sample or class) gives the targets of the batch without it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.constantFrom(0, 0.5, 1, 3)), {
          minLength: 2,
          maxLength: 30,
        }),
        fc.constantFrom<ClassWeight | undefined>(undefined, { 1: 4 }, { 0: 0 }, { 0: 2, 1: 0 }),
        (rows, classWeight) => {
          const loss = anyLoss(metrics.f1, { amplification: 5 });
          const run = (kept: typeof rows, weighted: boolean) => {
            const labels = Float64Array.from(kept, ([label]) => label);
            const probabilities = Float64Array.from(kept, ([, p]) => p);
            const targets = new Float64Array(kept.length);
            const result = outputErrorTerms(
              loss,
              {
                labels,
                probabilities,
                ...(weighted ? { sampleWeight: Float64Array.from(kept, ([, , w]) => w) } : {}),
                ...(classWeight === undefined ? {} : { classWeight }),
              },
              'sum',
              new Float64Array(kept.length),
              targets,
            );
            return { targets, scale: result.scale };
          };
          const zero = (label: number) => (label === 1 ? classWeight?.[1] : classWeight?.[0]) === 0;
          const all = run(rows, true);
          const kept = rows.filter(([label, , w]) => w > 0 && !zero(label));
          // Source: the definition — weight-0 patterns are out of the loss and out of the count.
          expect(all.scale).toBe(Math.max(kept.length, 1));
          if (kept.length === 0) return;
          // The kept patterns, re-weighted, train as without the others.
          const without = run(kept, true);
          let j = 0;
          rows.forEach(([label, p, w], i) => {
            if (w > 0 && !zero(label)) expect(all.targets[i]).toBeCloseTo(without.targets[j++] as number, 12);
            else expect(all.targets[i]).toBe(p);
          });
        },
      ),
    );
  });
});

describe('bad arguments (found by the fuzz suite)', () => {
  const loss = anyLoss(metrics.f1);
  const batch = { labels: new Float64Array([1, 0]), probabilities: new Float64Array([0.7, 0.2]) };
  it('outputErrorTerms names the loss, the batch and the buffers', () => {
    expectAnyLossError(
      () => outputErrorTerms(metrics.f1 as never, batch, 'sum', new Float64Array(2), new Float64Array(2)),
      'INVALID_ARGUMENT',
      'loss',
    );
    expectAnyLossError(
      () => outputErrorTerms(loss, null as never, 'sum', new Float64Array(2), new Float64Array(2)),
      'INVALID_ARGUMENT',
      'batch',
    );
    expectAnyLossError(
      () => outputErrorTerms(loss, { ...batch, probabilities: [0.7, 1n] as never }, 'sum', new Float64Array(2), new Float64Array(2)),
      'INVALID_ARGUMENT',
      'batch.probabilities',
    );
    expectAnyLossError(() => outputErrorTerms(loss, batch, 'sum', new Float64Array(3), new Float64Array(2)), 'INVALID_BUFFER', 'gradient');
    expectAnyLossError(() => outputErrorTerms(loss, batch, 'sum', new Float64Array(2), new Float64Array(1)), 'INVALID_BUFFER', 'targets');
    expectAnyLossError(
      () => outputErrorTerms(loss, batch, 'mean' as never, new Float64Array(2), new Float64Array(2)),
      'INVALID_ARGUMENT',
      'scale',
    );
  });
  it('gradientScaleFactor: a subnormal gradient gets s = 1 (1/max overflowed to Infinity, then NaN targets), bad input is typed', () => {
    expect(gradientScaleFactor(new Float64Array([5e-324, 0]), 'normalize')).toBe(1);
    expect(gradientScaleFactor(new Float64Array([0.5, -2]), 'normalize')).toBe(0.5);
    expect(gradientScaleFactor(new Float64Array([Infinity]), 'normalize')).toBe(1);
    expectAnyLossError(() => gradientScaleFactor([Symbol('g')] as never, 'normalize'), 'INVALID_ARGUMENT', 'gradient');
    expect(gradientScaleFactor([0], 'sum', 0)).toBe(1); // every weight 0: the gradient is zero anyway
    expectAnyLossError(() => gradientScaleFactor([0.1], 'sum', -1), 'INVALID_ARGUMENT', 'patterns');
    expectAnyLossError(() => gradientScaleFactor([0.1], 'sum', 1.5), 'INVALID_ARGUMENT', 'patterns');
  });
});

// Conformance of the K-output error terms with @anyloss/core/multiclass: the per-node gradient recovered from the
// targets brain.js receives, (output − target) / s, is core's gradient — on core's multi-class conformance cases,
// and (multi-class) along an independent route through core, property-based.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { metrics, type Metric } from '@anyloss/core';
import { multiclassAnyLoss } from '@anyloss/core/multiclass';
import { describeMulticlassConformance, type MulticlassConformanceCase } from '@anyloss/core/testing';
import { multiOutputErrorTerms } from './multi-output-error-terms.js';
import { multiOutputMetric } from './multi-output-metric.js';
import { expectAnyLossError, expectClose } from '@anyloss/test-utils';

const AVERAGES = ['macro', 'weighted', 'micro'] as const;
const METRICS = Object.values(metrics) as Metric[];

/** A batch: n rows of K sigmoid activations in (0, 1) (some saturated), labels, optional weights. */
const batchArbitrary = fc.record({ n: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 2, max: 5 }) }).chain(({ n, k }) =>
  fc.record({
    k: fc.constant(k),
    classIndex: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
    multiHot: fc.array(fc.array(fc.constantFrom(0, 1), { minLength: k, maxLength: k }), { minLength: n, maxLength: n }),
    outputs: fc.array(
      fc.array(fc.oneof(fc.double({ min: 1e-4, max: 1 - 1e-4, noNaN: true }), fc.constantFrom(1e-7, 0.5, 1 - 1e-7)), {
        minLength: k,
        maxLength: k,
      }),
      { minLength: n, maxLength: n },
    ),
    weights: fc.option(fc.array(fc.double({ min: 0.2, max: 3, noNaN: true }), { minLength: n, maxLength: n }), { nil: undefined }),
    metric: fc.constantFrom(...METRICS),
    average: fc.constantFrom(...AVERAGES),
    amplification: fc.constantFrom(2, 10, 30),
  }),
);

/** brain's K outputs are sigmoid probabilities: rows normalised with core's softmax amplifier (multi-class), or multi-label. */
const brainSupports = (testCase: MulticlassConformanceCase): boolean =>
  testCase.from === 'probabilities' && testCase.labels === 'rows' && (testCase.output === 'sigmoid' || testCase.amplifier === 'softmax');

/** The gradient brain.js receives for a case, recovered from its targets, and the loss — as the trainer builds it. */
function brainResult(testCase: MulticlassConformanceCase, scale: 'sum' | 'normalize'): { loss: number; gradient: Float64Array } {
  const outputs = Float64Array.from(testCase.yPred.flat());
  const loss = multiclassAnyLoss(testCase.metric, {
    average: testCase.average,
    output: testCase.output,
    classes: testCase.classes,
    ...(testCase.amplification === undefined ? {} : { amplification: testCase.amplification }),
  });
  const batch = {
    labels: Float64Array.from((testCase.yTrue as readonly (readonly number[])[]).flat()),
    outputs,
    classes: testCase.classes,
    ...(testCase.sampleWeight === undefined ? {} : { sampleWeight: Float64Array.from(testCase.sampleWeight) }),
  };
  const targets = new Float64Array(outputs.length);
  const result = multiOutputErrorTerms(loss, batch, scale, targets);
  return { loss: result.loss, gradient: outputs.map((s, e) => (s - (targets[e] as number)) / result.scale) };
}

describe.each(['sum', 'normalize'] as const)('gradientScale %s', (scale) => {
  // Multi-label: core's gradient itself, up to the rounding of t = s − scale·g and back.
  describeMulticlassConformance(
    { describe, it },
    {
      name: `@anyloss/brain multiOutputErrorTerms (multi-label), gradientScale '${scale}'`,
      supports: (c) => brainSupports(c) && c.output === 'sigmoid',
      lossAndGradient: (c) => brainResult(c, scale),
    },
    { tolerance: { relative: 1e-9, absolute: 1e-12 } },
  );
  // Multi-class: the rows (softmax probabilities rounded to float32) are normalised again, which moves them by ~1e-7,
  // and the gradient goes back through the normalisation — equal to core's, as the sharpened softmax ignores a row's
  // scale (Σ_k p_k·∂loss/∂p_k = 0).
  describeMulticlassConformance(
    { describe, it },
    {
      name: `@anyloss/brain multiOutputErrorTerms (multi-class), gradientScale '${scale}'`,
      supports: (c) => brainSupports(c) && c.output === 'softmax',
      lossAndGradient: (c) => brainResult(c, scale),
    },
    { tolerance: { relative: 1e-6, absolute: 1e-12 } },
  );
});

describe.each(['sum', 'normalize'] as const)("multiOutputErrorTerms, gradientScale '%s'", (scale) => {
  it("multi-class: brain's per-node error terms are −s × core's gradient of the same loss taken from logits log(output)", () => {
    // Core's sharpened softmax gives ŷ = softmax(L·log p) = p^L / Σ p^L, which is unchanged by scaling a row:
    // the loss of the normalised rows p = s / Σs equals core's loss from logits z = log s, and
    // ∂loss/∂s = (∂loss/∂z) / s. That is an independent route through core to the same gradient.
    fc.assert(
      fc.property(batchArbitrary, ({ k, classIndex, outputs, weights, metric, average, amplification }) => {
        const flatOutputs = Float64Array.from(outputs.flat());
        const labels = new Float64Array(flatOutputs.length);
        classIndex.forEach((c, i) => (labels[i * k + c] = 1));
        const loss = multiclassAnyLoss(metric, { average, output: 'softmax', amplification, classes: k });
        const targets = new Float64Array(flatOutputs.length);
        const result = multiOutputErrorTerms(
          loss,
          { labels, outputs: flatOutputs, classes: k, ...(weights ? { sampleWeight: Float64Array.from(weights) } : {}) },
          scale,
          targets,
        );
        const fromLogits = multiclassAnyLoss(metric, { average, output: 'softmax', amplification, from: 'logits' }).lossAndGradient(
          classIndex,
          outputs.map((row) => row.map(Math.log)),
          weights ? { sampleWeight: weights } : {},
        );
        expect(result.loss).toBeCloseTo(fromLogits.loss, 9);
        const expected = fromLogits.gradient.map((g, e) => g / (flatOutputs[e] as number));
        const recovered = flatOutputs.map((p, e) => (p - (targets[e] as number)) / result.scale);
        expectClose(recovered, expected, { relative: 1e-6, absolute: 1e-12, minimumScale: 1e-12 });
        // Core's gradient with respect to the normalised rows, carried back through the normalisation.
        expectClose(result.outputGradient, expected, { relative: 1e-6, absolute: 1e-12, minimumScale: 1e-12 });
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('multiOutputErrorTerms scale', () => {
  it("'sum' multiplies by the patterns n of non-zero weight (not n×K); 'normalize' makes the largest error ±1", () => {
    const outputs = Float64Array.from([0.7, 0.2, 0.4, 0.1, 0.8, 0.3]);
    const labels = Float64Array.from([1, 0, 0, 0, 1, 0]);
    const loss = multiclassAnyLoss(metrics.f1, { average: 'macro', output: 'sigmoid', amplification: 10, classes: 3 });
    const targets = new Float64Array(6);
    expect(multiOutputErrorTerms(loss, { labels, outputs, classes: 3 }, 'sum', targets).scale).toBe(2);
    // Patterns of weight 0 are not counted (they are out of the loss); other weights do not change the count.
    expect(
      multiOutputErrorTerms(loss, { labels, outputs, classes: 3, sampleWeight: Float64Array.from([0, 5]) }, 'sum', targets).scale,
    ).toBe(1);
    expect(
      multiOutputErrorTerms(loss, { labels, outputs, classes: 3, sampleWeight: Float64Array.from([0.5, 5]) }, 'sum', targets).scale,
    ).toBe(2);
    const normalized = multiOutputErrorTerms(loss, { labels, outputs, classes: 3 }, 'normalize', targets);
    expect(Math.max(...outputs.map((p, e) => Math.abs((targets[e] as number) - p)))).toBeCloseTo(1, 12);
    expect(normalized.scale).toBeGreaterThan(0);
  });

  it('a multi-class row whose activations all underflowed to 0 gets no gradient', () => {
    const outputs = Float64Array.from([0.7, 0.2, 0.4, 0, 0, 0]);
    const labels = Float64Array.from([1, 0, 0, 0, 1, 0]);
    const loss = multiclassAnyLoss(metrics.f1, { average: 'macro', output: 'softmax', classes: 3 });
    const result = multiOutputErrorTerms(loss, { labels, outputs, classes: 3 }, 'sum', new Float64Array(6));
    expect(Array.from(result.outputGradient.subarray(3))).toEqual([0, 0, 0]);
    expect(result.outputGradient.subarray(0, 3).some((g) => g !== 0)).toBe(true);
  });
});

describe('bad arguments (found by the fuzz suite)', () => {
  it('multiOutputMetric with a huge class count is a typed error, not an endless loop; task and outputs are checked', () => {
    const labels = new Float64Array([1, 0, 0, 1]);
    const outputs = new Float64Array([0.7, 0.3, 0.4, 0.6]);
    expectAnyLossError(() => multiOutputMetric(metrics.f1, labels, outputs, 3.9e284, 'macro', 'multiclass'), 'INVALID_ARGUMENT', 'classes');
    expectAnyLossError(() => multiOutputMetric(metrics.f1, labels, outputs, 0, 'macro', 'multiclass'), 'INVALID_ARGUMENT', 'classes');
    expectAnyLossError(() => multiOutputMetric(metrics.f1, labels, outputs, 2, 'macro', 'multi' as never), 'INVALID_ARGUMENT', 'task');
    expectAnyLossError(
      () => multiOutputMetric(metrics.f1, labels, [0.7, Symbol('s')] as never, 2, 'macro', 'multiclass'),
      'INVALID_ARGUMENT',
      'outputs',
    );
    expect(multiOutputMetric(metrics.f1, labels, outputs, 2, 'macro', 'multiclass')).toBe(1);
  });
  it('multiOutputErrorTerms: a row summing to a subnormal is a typed error (÷ sum overflows), bad classes and buffers too', () => {
    const loss = multiclassAnyLoss(metrics.f1, { classes: 3 });
    const batch = { labels: new Float64Array([1, 0, 0]), outputs: new Float64Array([5e-324, 5e-324, 0]), classes: 3 };
    expectAnyLossError(() => multiOutputErrorTerms(loss, batch, 'sum', new Float64Array(3)), 'INVALID_ARGUMENT', 'batch.outputs');
    expectAnyLossError(
      () => multiOutputErrorTerms(loss, { ...batch, classes: 4 }, 'sum', new Float64Array(3)),
      'INVALID_ARGUMENT',
      'batch.classes',
    );
    expectAnyLossError(
      () => multiOutputErrorTerms(loss, { ...batch, outputs: new Float64Array([0.5, 0.3, 0.2]) }, 'sum', new Float64Array(2)),
      'INVALID_BUFFER',
      'targets',
    );
    expectAnyLossError(() => multiOutputErrorTerms({} as never, batch, 'sum', new Float64Array(3)), 'INVALID_ARGUMENT', 'loss');
  });
});

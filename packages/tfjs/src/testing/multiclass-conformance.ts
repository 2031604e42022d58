// Test support: the multi-class conformance suite, registered by one test file per backend.
import { expect } from 'vitest';
import { adapterResult, coreResult, multiclassCases, relativeGradientError } from './multiclass-cases.js';

type Describe = (name: string, body: () => void) => void;
type It = (name: string, body: () => void) => void;

/** float32 tensors against core's float64: 1e-3 of the largest |gradient|, and 1e-3 on the loss. */
export const MULTICLASS_TOLERANCE = 1e-3;

/** Registers one test per shared case (and, for softmax cases, again with class-index labels). */
export function describeMulticlassConformance(describe: Describe, it: It, backend: string): void {
  describe(`tfjs · ${backend} · multi-class against core's multiclassAnyLoss`, () => {
    for (const testCase of multiclassCases()) {
      const layouts = testCase.indices === undefined ? (['rows'] as const) : (['rows', 'indices'] as const);
      for (const layout of layouts) {
        it(`${testCase.name} · labels as ${layout}`, () => {
          const reference = coreResult(testCase);
          const ours = adapterResult(testCase, layout);
          expect(Math.abs(ours.loss - reference.loss)).toBeLessThan(MULTICLASS_TOLERANCE * Math.max(1, Math.abs(reference.loss)));
          const { error, scale } = relativeGradientError(ours.gradient, reference.gradient);
          expect(scale).toBeGreaterThan(0);
          expect(error).toBeLessThan(MULTICLASS_TOLERANCE * scale);
        });
      }
    }
  });
}

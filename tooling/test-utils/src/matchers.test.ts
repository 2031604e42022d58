import { describe, expect, it } from 'vitest';
import { arrayTensor, arrayTensorOps as ops } from './array-tensor.js';
import { catchAnyLossError, expectAnyLossError, expectAnyLossErrorAsync } from './any-loss-error.js';
import { expectClose } from './expect-close.js';
import { maxRelativeError, numericGradient } from './numeric-gradient.js';

/** An error shaped and branded like core's AnyLossError, without importing core (this package does not depend on it). */
function anyLossError(code: string, argument: string, message: string, index?: number): Error {
  const error = Object.assign(new Error(message), { code, argument, index, value: undefined });
  Object.defineProperty(error, Symbol.for('@anyloss/core/AnyLossError'), { value: true });
  return error;
}
const fails = (check: () => unknown): void => {
  expect(check).toThrow();
};

describe('expectAnyLossError', () => {
  const bad = (): never => {
    throw anyLossError('INVALID_LABEL', 'yTrue', 'yTrue[2] must be 0 or 1, got 7.', 2);
  };
  it('passes for the right code, argument, index and message, and returns the error', () => {
    expect(expectAnyLossError(bad, 'INVALID_LABEL', 'yTrue', { index: 2 }).message).toContain('got 7');
    expectAnyLossError(bad, 'INVALID_LABEL');
  });
  it('fails for another code, argument or index, an unbranded error, a message not naming the argument, or no error', () => {
    fails(() => expectAnyLossError(bad, 'INVALID_WEIGHT'));
    fails(() => expectAnyLossError(bad, 'INVALID_LABEL', 'yPred'));
    fails(() => expectAnyLossError(bad, 'INVALID_LABEL', 'yTrue', { index: 1 }));
    fails(() =>
      expectAnyLossError(() => {
        throw Object.assign(new Error('x'), { code: 'INVALID_LABEL', argument: 'yTrue' });
      }, 'INVALID_LABEL'),
    );
    const unnamed = (): never => {
      throw anyLossError('INVALID_OPTION', 'options.sampleWeight', 'sampleWeight must be an array.');
    };
    fails(() => expectAnyLossError(unnamed, 'INVALID_OPTION', 'options.sampleWeight'));
    expectAnyLossError(unnamed, 'INVALID_OPTION', 'options.sampleWeight', { messageNames: 'last segment' });
    fails(() => expectAnyLossError(() => 1, 'INVALID_LABEL'));
  });
  it('awaits a rejection', async () => {
    await expectAnyLossErrorAsync(async () => bad(), 'INVALID_LABEL', 'yTrue');
    await expect(expectAnyLossErrorAsync(async () => 1, 'INVALID_LABEL')).rejects.toThrow('resolved');
  });
});

describe('catchAnyLossError', () => {
  it('returns the branded error, fails when nothing is thrown, rethrows anything else', () => {
    const error = catchAnyLossError(() => {
      throw anyLossError('INVALID_LABEL', 'yTrue', 'yTrue[2] must be 0 or 1, got 7.', 2);
    });
    expect(error).toMatchObject({ code: 'INVALID_LABEL', argument: 'yTrue', index: 2 });
    expect(() => catchAnyLossError(() => 1)).toThrow('nothing was thrown');
    expect(() =>
      catchAnyLossError(() => {
        throw new RangeError('raw');
      }),
    ).toThrow(RangeError);
  });
});

describe('numericGradient and maxRelativeError', () => {
  it('central differences of a smooth function, on a copy of x, for arrays and Float64Arrays', () => {
    const f = (x: ArrayLike<number>): number => (x[0] as number) ** 3 + 2 * (x[0] as number) * (x[1] as number); // ∇ = (3x² + 2y, 2x)
    const x = [1.5, -2];
    const gradient = numericGradient(f, x, 1e-5);
    expect(x).toEqual([1.5, -2]);
    expect(maxRelativeError(gradient, [3 * 1.5 ** 2 - 4, 3])).toBeLessThan(1e-9);
    expect(Array.from(numericGradient(f, Float64Array.of(1.5, -2), 1e-5))).toEqual(Array.from(gradient));
  });
  it('maxRelativeError: the largest difference over the largest expected magnitude', () => {
    expect(maxRelativeError([1, 2.5], [2, 4])).toBe(0.375);
    expect(maxRelativeError([Number.NaN], [1])).toBeNaN();
  });
});

describe('expectClose', () => {
  it('judges each element on the scale of the largest, with an absolute floor', () => {
    expectClose([1, 1e-3], [1, 1.5e-3], { relative: 1e-3 });
    fails(() => expectClose([1, 1e-3], [1, 3e-3], { relative: 1e-3 }));
    expectClose([0, 1e-13], [0, 0], { relative: 0, absolute: 1e-12 });
    fails(() => expectClose([1, 2], [1, 2, 3], { relative: 1 }));
    fails(() => expectClose([Number.NaN], [1], { relative: 1 }));
    expectClose([2, 0], [1, 0], { relative: 0.5, scaleOfBoth: true });
    fails(() => expectClose([2, 0], [1, 0], { relative: 0.5 }));
  });
});

describe('arrayTensorOps', () => {
  it('broadcasts rows and columns, reduces and multiplies like tensors do', () => {
    const m = arrayTensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(ops.add(m, arrayTensor([10, 20, 30], [1, 3])).data)).toEqual([11, 22, 33, 14, 25, 36]);
    expect(Array.from(ops.mul(m, arrayTensor([2, 3], [2, 1])).data)).toEqual([2, 4, 6, 12, 15, 18]);
    expect(Array.from(ops.sub(1, m).data)).toEqual([0, -1, -2, -3, -4, -5]);
    expect(Array.from(ops.sumRows(m).data)).toEqual([6, 15]);
    expect(ops.sumRows(m).shape).toEqual([2, 1]);
    expect(Array.from(ops.sumColumns(m).data)).toEqual([5, 7, 9]);
    expect(Array.from(ops.sum(m).data)).toEqual([21]);
    expect(Array.from(ops.matMul(m, m, true).data)).toEqual([14, 32, 32, 77]);
    expect(Array.from(ops.matMul(m, arrayTensor([1, 0, 0, 1, 1, 1], [3, 2])).data)).toEqual([4, 5, 10, 11]);
    expect(Array.from(ops.argmaxOneHot(arrayTensor([1, 3, 3, 0, 0, 0], [2, 3])).data)).toEqual([0, 1, 0, 1, 0, 0]);
    const softmax = ops.softmax(arrayTensor([0, Math.log(3)], [1, 2]));
    expectClose(softmax.data, [0.25, 0.75], { relative: 1e-15 });
    expect(() => ops.add(m, arrayTensor([1, 2], [1, 2]))).toThrow('broadcast');
  });
});

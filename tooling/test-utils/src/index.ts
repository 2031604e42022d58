/**
 * `@anyloss/test-utils` — test support shared by the AnyLoss packages' tests (private, not published): one way to
 * check a thrown `AnyLossError`, one way to compare arrays with a reference, one numeric gradient (central
 * differences) to check analytic gradients against, and a float64 plain-array tensor for core's tensor plans.
 *
 * @packageDocumentation
 */
export { catchAnyLossError, expectAnyLossError, expectAnyLossErrorAsync } from './any-loss-error.js';
export type { AnyLossErrorLike, ExpectedDetails } from './any-loss-error.js';
export { expectClose } from './expect-close.js';
export type { CloseTolerance } from './expect-close.js';
export { maxRelativeError, numericGradient } from './numeric-gradient.js';
export { arrayTensor, arrayTensorOps } from './array-tensor.js';
export type { ArrayTensor } from './array-tensor.js';

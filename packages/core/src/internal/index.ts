/**
 * `@anyloss/core/internal` — what the AnyLoss adapters (`@anyloss/tfjs`, `@anyloss/brain`) take from core and
 * their users do not need: the validation rules and messages (so every package reports bad input alike) and
 * the numeric helpers an adapter that sums cells itself needs.
 *
 * Not part of the public API: no semver guarantee, it changes with the adapters. Applications import
 * `@anyloss/core` (and `@anyloss/core/multiclass`, `@anyloss/core/testing`).
 *
 * @packageDocumentation
 */
export { assertCells } from '../cells.js';
export { cellScale } from '../cell-scale.js';
export { describeValue, mustBe } from '../errors.js';
export { assertMetric, readMetric } from '../metric.js';
export { assertAmplification, assertOptions, isArrayLike, readClassWeight, readFrom, readThreshold } from '../validate.js';

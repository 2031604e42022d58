import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeMulticlassConformance } from '@anyloss/core/testing';
import { multiclassAdapterResult } from './testing/subject.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('backend', () => {
  it('is wasm', () => expect(tf.getBackend()).toBe('wasm'));
});

// float32 tensors against core's float64 reference: 1e-3 of the largest gradient (and of the loss).
describeMulticlassConformance(
  { describe, it },
  { name: 'tfjs · wasm', lossAndGradient: multiclassAdapterResult },
  { tolerance: { relative: 1e-3, absolute: 0 } },
);

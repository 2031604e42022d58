import { describeConformance } from '@anyloss/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { adapterResult } from './testing/subject.js';

// float32 tensors against core's float64 reference: 1e-3 of the largest gradient (and of the loss).
const tolerance = { relative: 1e-3, absolute: 1e-6 };

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('backend', () => {
  it('is wasm', () => expect(tf.getBackend()).toBe('wasm'));
});

describeConformance(
  { describe, it },
  { name: 'tfjs · wasm · [batch, 1]', lossAndGradient: (c) => adapterResult(c, 'column') },
  { tolerance },
);
describeConformance({ describe, it }, { name: 'tfjs · wasm · [batch]', lossAndGradient: (c) => adapterResult(c, 'vector') }, { tolerance });

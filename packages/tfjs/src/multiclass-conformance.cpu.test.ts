import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeMulticlassConformance } from '@anyloss/core/testing';
import { multiclassAdapterResult } from './testing/subject.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('backend', () => {
  it('is cpu', () => expect(tf.getBackend()).toBe('cpu'));
});

// float32 tensors against core's float64 reference: 1e-3 of the largest gradient (and of the loss).
describeMulticlassConformance(
  { describe, it },
  { name: 'tfjs · cpu', lossAndGradient: multiclassAdapterResult },
  { tolerance: { relative: 1e-3, absolute: 0 } },
);

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeMulticlassConformance } from './testing/multiclass-conformance.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('backend', () => {
  it('is cpu', () => expect(tf.getBackend()).toBe('cpu'));
});

describeMulticlassConformance(describe, it, 'cpu');

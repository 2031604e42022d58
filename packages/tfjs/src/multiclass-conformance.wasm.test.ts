import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeMulticlassConformance } from './testing/multiclass-conformance.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('backend', () => {
  it('is wasm', () => expect(tf.getBackend()).toBe('wasm'));
});

describeMulticlassConformance(describe, it, 'wasm');

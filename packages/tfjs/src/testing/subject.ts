// Test support (not part of the package): runs a conformance case through the adapter on the active backend.
import type { ConformanceCase, ConformanceResult } from '@anyloss/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { createLoss } from '../loss.js';

/** The adapter's loss and ∂loss/∂yPred for a case, via tf.grad on the active backend; `shape` picks [n] or [n, 1]. */
export function adapterResult(testCase: ConformanceCase, shape: 'vector' | 'column' = 'column'): ConformanceResult {
  const n = testCase.yTrue.length;
  const dims = shape === 'vector' ? [n] : [n, 1];
  const loss = createLoss(testCase.metric, { amplification: testCase.amplification, from: testCase.from, validateLabels: true });
  const yTrue = tf.tensor(testCase.yTrue, dims, 'float32');
  const yPred = tf.tensor(testCase.yPred, dims, 'float32');
  const weight = testCase.sampleWeight === undefined ? undefined : tf.tensor(testCase.sampleWeight, dims, 'float32');
  try {
    const value = loss(yTrue, yPred, weight);
    const lossValue = value.dataSync()[0] as number;
    value.dispose();
    const gradient = tf.grad((p: tf.Tensor) => loss(yTrue, p, weight))(yPred);
    const result = { loss: lossValue, gradient: Array.from(gradient.dataSync()) };
    gradient.dispose();
    return result;
  } finally {
    tf.dispose([yTrue, yPred, ...(weight === undefined ? [] : [weight])]);
  }
}

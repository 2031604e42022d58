// Test support (not part of the package): runs core's conformance cases through the adapter on the active backend.
import type { ConformanceCase, ConformanceResult, MulticlassConformanceCase } from '@anyloss/core/testing';
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

/**
 * The adapter's loss and flat ∂loss/∂yPred for a multi-class case via tf.valueAndGrad on the active backend: labels
 * as float32 rows `[n, K]` or int32 class indices `[n]`, as the case gives them.
 */
export function multiclassAdapterResult(testCase: MulticlassConformanceCase): { loss: number; gradient: Float32Array } {
  const { classes: k } = testCase;
  const n = testCase.yPred.length;
  const loss = createLoss(testCase.metric, {
    average: testCase.average,
    output: testCase.output,
    amplifier: testCase.amplifier,
    from: testCase.from,
    validateLabels: true,
    ...(testCase.amplification === undefined ? {} : { amplification: testCase.amplification }),
  });
  const yTrue =
    testCase.labels === 'indices'
      ? tf.tensor1d(testCase.yTrue as number[], 'int32')
      : tf.tensor2d((testCase.yTrue as number[][]).flat(), [n, k], 'float32');
  const yPred = tf.tensor2d(testCase.yPred.flat(), [n, k], 'float32');
  const weight = testCase.sampleWeight === undefined ? undefined : tf.tensor1d(testCase.sampleWeight as number[], 'float32');
  try {
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => loss(yTrue, p, weight))(yPred);
    const result = { loss: value.dataSync()[0] as number, gradient: grad.dataSync() as Float32Array };
    tf.dispose([value, grad]);
    return result;
  } finally {
    tf.dispose([yTrue, yPred, ...(weight === undefined ? [] : [weight])]);
  }
}

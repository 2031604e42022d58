// The AnyLoss formula written entirely in TensorFlow.js tensor ops, so that tf's automatic differentiation
// computes its gradient: the reference the binary custom gradient is tested against (src/loss.test.ts, "equals
// tf autodiff of the same formula") and the "AnyLoss through tf autodiff" row of the benchmark. Only three
// metrics are written out; the package itself never does metric math (that is core's), this file exists to check
// it.
import * as tf from '@tensorflow/tfjs-core';

const FORMULAS = {
  f1: ({ tp, fn, fp }) => tf.div(tf.mul(2, tp), tf.addN([tf.mul(2, tp), fn, fp])),
  balancedAccuracy: ({ tp, fn, fp, tn }) =>
    tf.mul(0.5, tf.add(tf.div(tp, tf.add(tp, fn)), tf.div(tn, tf.add(tn, fp)))),
  mcc: ({ tp, fn, fp, tn }) =>
    tf.div(
      tf.sub(tf.mul(tp, tn), tf.mul(fp, fn)),
      tf.sqrt(tf.mul(tf.mul(tf.add(tp, fp), tf.add(tp, fn)), tf.mul(tf.add(tn, fp), tf.add(tn, fn)))),
    ),
};

/** Metric names with an autodiff formula here. */
export const AUTODIFF_METRICS = Object.keys(FORMULAS);

/**
 * `(yTrue, yPred, sampleWeight?) => tf.Scalar`: 1 − metric(soft cells), every step a tensor op.
 * @param {string} metricName
 * @param {{ amplification: number, from?: 'probabilities' | 'logits' }} options
 */
export function autodiffLoss(metricName, { amplification, from = 'probabilities' }) {
  const formula = FORMULAS[metricName];
  if (formula === undefined) throw new Error(`no autodiff formula for ${metricName}`);
  return (yTrue, yPred, sampleWeight) =>
    tf.tidy(() => {
      const n = yPred.shape[0];
      const y = tf.reshape(yTrue, [n, 1]);
      const p = from === 'logits' ? tf.sigmoid(tf.reshape(yPred, [n, 1])) : tf.reshape(yPred, [n, 1]);
      const s = tf.mul(tf.sub(p, 0.5), amplification);
      const a = tf.sigmoid(s);
      const c = tf.sigmoid(tf.neg(s));
      const w = sampleWeight === undefined ? undefined : tf.reshape(sampleWeight, [n, 1]);
      const positive = w === undefined ? y : tf.mul(y, w);
      const negative = w === undefined ? tf.sub(1, y) : tf.mul(tf.sub(1, y), w);
      const cells = {
        tp: tf.sum(tf.mul(positive, a)),
        fn: tf.sum(tf.mul(positive, c)),
        fp: tf.sum(tf.mul(negative, a)),
        tn: tf.sum(tf.mul(negative, c)),
      };
      return tf.sub(1, formula(cells));
    });
}

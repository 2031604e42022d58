// Test support (not part of the package): the AnyLoss formula written entirely in TensorFlow.js tensor ops, so that
// tf's automatic differentiation computes its gradient — the reference the binary custom gradient is tested against
// (src/loss.test.ts, "equals tf autodiff of the same formula") and the "AnyLoss through tf autodiff" row of the speed
// benchmark (bench/speed.ts). Only three metrics are written out; the package itself never does metric math (that is
// core's), this file exists to check it.
import * as tf from '@tensorflow/tfjs-core';

/** The soft cells as scalars. */
interface SoftCells {
  readonly tp: tf.Tensor;
  readonly fn: tf.Tensor;
  readonly fp: tf.Tensor;
  readonly tn: tf.Tensor;
}

const FORMULAS = {
  f1: ({ tp, fn, fp }: SoftCells) => tf.div(tf.mul(2, tp), tf.addN([tf.mul(2, tp), fn, fp])),
  balancedAccuracy: ({ tp, fn, fp, tn }: SoftCells) => tf.mul(0.5, tf.add(tf.div(tp, tf.add(tp, fn)), tf.div(tn, tf.add(tn, fp)))),
  mcc: ({ tp, fn, fp, tn }: SoftCells) =>
    tf.div(
      tf.sub(tf.mul(tp, tn), tf.mul(fp, fn)),
      tf.sqrt(tf.mul(tf.mul(tf.add(tp, fp), tf.add(tp, fn)), tf.mul(tf.add(tn, fp), tf.add(tn, fn)))),
    ),
} as const;

/** Metric names with an autodiff formula here. */
export type AutodiffMetric = keyof typeof FORMULAS;

/** Metric names with an autodiff formula here. */
export const AUTODIFF_METRICS = Object.keys(FORMULAS) as AutodiffMetric[];

/**
 * `(yTrue, yPred, sampleWeight?) => tf.Scalar`: 1 − metric(soft cells), every step a tensor op, so tf differentiates
 * it.
 */
export function autodiffLoss(
  metricName: string,
  { amplification, from = 'probabilities' }: { amplification: number; from?: 'probabilities' | 'logits' },
): (yTrue: tf.Tensor, yPred: tf.Tensor, sampleWeight?: tf.Tensor) => tf.Scalar {
  if (!Object.hasOwn(FORMULAS, metricName)) throw new Error(`no autodiff formula for ${metricName}`);
  const formula = FORMULAS[metricName as AutodiffMetric];
  return (yTrue, yPred, sampleWeight) =>
    tf.tidy(() => {
      const n = yPred.shape[0] as number;
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
      return tf.sub(1, formula(cells)) as tf.Scalar;
    });
}

import type { Scalar, Tensor } from '@tensorflow/tfjs-core';

/** Metric names with an autodiff formula in autodiff.mjs. */
export declare const AUTODIFF_METRICS: readonly string[];

/** The AnyLoss formula in tensor ops only, differentiated by tf autodiff. */
export declare function autodiffLoss(
  metricName: string,
  options: { amplification: number; from?: 'probabilities' | 'logits' },
): (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Scalar;

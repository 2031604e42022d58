import { describe, expect, it } from 'vitest';
import { confusionMatrix } from './confusion-matrix.js';
import { metrics } from './metrics/index.js';

describe('confusionMatrix (hard, for evaluation)', () => {
  it('counts predictions with p > threshold as positive', () => {
    // Hand count: y = [1,1,1,0,0,0,0], p > 0.5 → [1,0,1(0.51),0,1,0,0(0.5 is not > 0.5)]
    expect(confusionMatrix([1, 1, 1, 0, 0, 0, 0], [0.9, 0.4, 0.51, 0.1, 0.7, 0.3, 0.5])).toEqual({
      truePositives: 2,
      falseNegatives: 1,
      falsePositives: 1,
      trueNegatives: 3,
    });
  });

  it('honours threshold, weights, class weights and logits', () => {
    expect(confusionMatrix([1, 0], [0.3, 0.2], { threshold: 0.25 })).toEqual({
      truePositives: 1,
      falseNegatives: 0,
      falsePositives: 0,
      trueNegatives: 1,
    });
    expect(confusionMatrix([1, 0, 0], [0.9, 0.9, 0.1], { sampleWeight: [2, 3, 4], classWeight: { 0: 0.5 } })).toEqual({
      truePositives: 2,
      falseNegatives: 0,
      falsePositives: 1.5,
      trueNegatives: 2,
    });
    expect(confusionMatrix([1, 0], [2.5, -0.1], { from: 'logits' })).toEqual({
      truePositives: 1,
      falseNegatives: 0,
      falsePositives: 0,
      trueNegatives: 1,
    });
  });

  it('feeds the same metric objects used for training', () => {
    // Hand count: TP 1, FN 1, FP 0, TN 1 → MCC = (1·1 − 0)/√(1·2·1·2) = 0.5
    expect(metrics.mcc.value(confusionMatrix([1, 0, 1], [0.9, 0.2, 0.4]))).toBeCloseTo(0.5, 15);
  });
});

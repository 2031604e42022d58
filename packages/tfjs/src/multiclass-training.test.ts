// Real data: weka-glass (214 rows, 9 features, 6 classes of 70/76/17/13/9/29). A seeded softmax MLP trained with
// createLoss(metrics.f1, { average: 'macro' }) against categorical cross-entropy; test macro-F1 from core.
// Measured (cpu, seeds 1–5, 100 epochs, batch 32, Adam 1e-2; mean test macro-F1): CCE 0.652, macro-F1 loss at
// L = 10 0.464, at the default L = 3 0.631. L = 10 under-trains here (train macro-F1
// 0.53 vs 0.96 for CCE on seed 2: small classes collapse), so only what is robust is asserted; the numbers are
// printed and reported in the README.
import { metrics } from '@anyloss/core';
import { multiclassMetric } from '@anyloss/core/multiclass';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss } from './index.js';
import { loadMulticlassSplit, trainAndTestMulticlass } from './testing/multiclass-training.js';

const DATASET = 'weka-glass';
const SEEDS = [1, 2, 3, 4, 5];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe(`multi-class training on ${DATASET}`, () => {
  // Its own timeout: 15 trainings of 100 epochs (3 losses × 5 seeds) take about 16 s on an idle 2-core machine,
  // 37–69 s inside a parallel `pnpm test` on one shared with other work (measured); 240 s keeps it under half.
  it('macro-F1 AnyLoss learns every seed well beyond the majority class; at the default L = 3 it is within 0.05 of CCE', async () => {
    const rows: { seed: number; cce: number; macroF1Default: number; macroF1L10: number; majority: number }[] = [];
    for (const seed of SEEDS) {
      const split = loadMulticlassSplit(DATASET, { seed });
      // baseline: every test sample predicted as the largest class (1), scored by core
      const majority = multiclassMetric(
        metrics.f1,
        split.test.y,
        Array.from(split.test.y, () => Array.from({ length: split.classes }, (_, k) => (k === 1 ? 1 : 0))),
        {
          average: 'macro',
        },
      );
      const cce = await trainAndTestMulticlass(split, 'categoricalCrossentropy', { seed });
      const byDefault = await trainAndTestMulticlass(split, createLoss(metrics.f1, { average: 'macro' }), { seed });
      const l10 = await trainAndTestMulticlass(split, createLoss(metrics.f1, { average: 'macro', amplification: 10 }), { seed });
      rows.push({ seed, cce: cce.macroF1, macroF1Default: byDefault.macroF1, macroF1L10: l10.macroF1, majority });
    }
    console.table(rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value.toFixed(3))]))));
    for (const row of rows) {
      expect(row.macroF1Default).toBeGreaterThan(2 * row.majority);
      expect(row.macroF1L10).toBeGreaterThan(2 * row.majority);
    }
    expect(mean(rows.map((r) => r.macroF1L10))).toBeGreaterThan(0.35); // L = 10 under-trains here but still learns
    expect(mean(rows.map((r) => r.macroF1Default))).toBeGreaterThan(mean(rows.map((r) => r.cce)) - 0.05);
  }, 240_000);
});

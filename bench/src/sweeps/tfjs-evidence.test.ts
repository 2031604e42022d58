// Evidence for @anyloss/tfjs: on a real imbalanced dataset, the same MLP trained with createLoss(metrics.f1) reaches
// a higher test F1 than with binary cross-entropy. `pnpm bench -- tfjs-evidence` runs the same protocol
// (tfjs-protocol.ts) on every imbalanced dataset of the repo (the tfjs README has the table); this test pins one.
import { metrics } from '@anyloss/core';
import { createLoss } from '@anyloss/tfjs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mean } from './sweep.js';
import { loadSplit, trainAndTest } from './tfjs-protocol.js';

const DATASET = 'ddalpha-bloodtransfusion'; // 748 rows, 3 features, 23.8% positives
const SEEDS = [1, 2, 3];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe(`training on ${DATASET}`, () => {
  it('AnyLoss-F1 gets a higher test F1 than binary cross-entropy, for every seed', async () => {
    const rows: { seed: number; bce: number; anyLoss: number }[] = [];
    for (const seed of SEEDS) {
      const split = loadSplit(DATASET, { seed });
      const bce = await trainAndTest(split, 'binaryCrossentropy', { seed });
      const anyLoss = await trainAndTest(split, createLoss(metrics.f1), { seed });
      rows.push({ seed, bce: bce.f1, anyLoss: anyLoss.f1 });
    }
    console.table(rows);
    for (const row of rows) expect(row.anyLoss).toBeGreaterThan(row.bce);
    expect(mean(rows.map((r) => r.anyLoss)) - mean(rows.map((r) => r.bce))).toBeGreaterThan(0.05);
  }, 120_000);
});

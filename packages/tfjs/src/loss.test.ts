import { anyLoss, AnyLossError, defineMetric, fBeta, metrics } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTODIFF_METRICS, autodiffLoss } from './testing/autodiff.js';
import { createLoss, DEFAULT_TFJS_AMPLIFICATION } from './index.js';
import { validationDefault } from './tensor-arguments.js';
import { expectAnyLossError } from '@anyloss/test-utils';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Seeded batch: labels with the given positive share, informative noisy probabilities (or logits). */
function batch(n: number, share: number, seed: number, logits = false): { yTrue: number[]; yPred: number[]; weight: number[] } {
  let state = seed;
  const next = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = next() < share ? 1 : 0;
    yTrue.push(label);
    const score = (label === 1 ? 0.7 : -0.7) + 2 * (next() - 0.5);
    yPred.push(logits ? 3 * score : 1 / (1 + Math.exp(-2 * score)));
    weight.push(0.2 + 2 * next());
  }
  return { yTrue, yPred, weight };
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] as number));
  return m;
}

describe('createLoss', () => {
  it('defaults to the measured amplification and records its settings', () => {
    const loss = createLoss(metrics.f1);
    expect(loss.amplification).toBe(DEFAULT_TFJS_AMPLIFICATION);
    expect(loss.from).toBe('probabilities');
    expect(loss.metric).toBe(metrics.f1);
    expect(loss.classWeight).toEqual([1, 1]);
    expect(loss.name).toBe('anyLoss_f1');
    // exactly one enumerable property: what tfjs-layers stores when it saves the training config
    expect(Object.keys(loss)).toEqual(['anyloss']);
  });

  it('equals core for shapes [batch] and [batch, 1], with class weights', () => {
    const { yTrue, yPred } = batch(50, 0.2, 7);
    const classWeight = { 0: 0.5, 1: 3 };
    const reference = anyLoss(metrics.mcc, { amplification: 30 }).lossAndGradient(yTrue, yPred, { classWeight });
    const loss = createLoss(metrics.mcc, { amplification: 30, classWeight });
    for (const shape of [[50], [50, 1]]) {
      const t = tf.tensor(yTrue, shape);
      const p = tf.tensor(yPred, shape);
      const { value, grads } = tf.valueAndGrads((q: tf.Tensor) => loss(t, q))([p]);
      expect(value.shape).toEqual([]);
      expect(value.dataSync()[0]).toBeCloseTo(reference.loss, 5);
      const gradient = (grads[0] as tf.Tensor).dataSync();
      expect(grads[0]?.shape).toEqual(shape);
      const scale = maxAbs(reference.gradient);
      gradient.forEach((g, i) => expect(Math.abs(g - (reference.gradient[i] as number))).toBeLessThan(1e-4 * scale));
      tf.dispose([t, p, value, ...grads]);
    }
  });

  it('accepts labels [batch] with predictions [batch, 1] (and the reverse)', () => {
    const loss = createLoss(metrics.f1, { amplification: 10 });
    const a = tf.tidy(() => loss(tf.tensor1d([1, 0, 1]), tf.tensor2d([0.9, 0.2, 0.4], [3, 1])).dataSync()[0]);
    const b = tf.tidy(() => loss(tf.tensor2d([1, 0, 1], [3, 1]), tf.tensor1d([0.9, 0.2, 0.4])).dataSync()[0]);
    expect(a).toBeCloseTo(anyLoss(metrics.f1, { amplification: 10 }).loss([1, 0, 1], [0.9, 0.2, 0.4]), 6);
    expect(b).toBe(a);
  });

  it('takes per-sample weights as a third argument (custom training loops)', () => {
    const { yTrue, yPred, weight } = batch(40, 0.3, 11);
    const reference = anyLoss(metrics.balancedAccuracy, { amplification: 20 }).lossAndGradient(yTrue, yPred, { sampleWeight: weight });
    const loss = createLoss(metrics.balancedAccuracy, { amplification: 20 });
    const [t, p, w] = [tf.tensor1d(yTrue), tf.tensor1d(yPred), tf.tensor1d(weight)];
    const { value, grads } = tf.valueAndGrads((q: tf.Tensor) => loss(t, q, w))([p]);
    expect(value.dataSync()[0]).toBeCloseTo(reference.loss, 5);
    const scale = maxAbs(reference.gradient);
    (grads[0] as tf.Tensor)
      .dataSync()
      .forEach((g, i) => expect(Math.abs(g - (reference.gradient[i] as number))).toBeLessThan(1e-4 * scale));
    tf.dispose([t, p, w, value, ...grads]);
  });

  it('keeps the gradient of confident predictions in float32 (1 − A as σ(−s))', () => {
    // At L = 73, A(0.999) = 1 − 1.6e-16 rounds to 1 in float32: 1 − A by subtraction would be 0 and erase
    // this sample's gradient. σ(−s) keeps it to full relative precision.
    const yTrue = [1, 0, 1, 0];
    const yPred = [0.999, 0.001, 0.3, 0.6];
    const reference = anyLoss(metrics.f1, { amplification: 73 }).lossAndGradient(yTrue, yPred);
    const loss = createLoss(metrics.f1, { amplification: 73 });
    const [t, p] = [tf.tensor1d(yTrue), tf.tensor1d(yPred)];
    const gradient = tf.grad((q: tf.Tensor) => loss(t, q))(p);
    const values = gradient.dataSync();
    for (const i of [0, 1]) {
      const expected = reference.gradient[i] as number;
      expect(expected).not.toBe(0);
      expect(Math.abs((values[i] as number) - expected)).toBeLessThan(1e-3 * Math.abs(expected));
    }
    tf.dispose([t, p, gradient]);
  });

  it('supports custom metrics from defineMetric (numeric partials) and fBeta', () => {
    const custom = defineMetric({
      name: 'weightedRecall',
      value: ({ truePositives, falseNegatives, falsePositives }) => {
        const d = 2 * truePositives + falsePositives + 3 * falseNegatives;
        return d > 0 ? (2 * truePositives) / d : 0;
      },
    });
    const { yTrue, yPred } = batch(30, 0.3, 5);
    for (const metric of [custom, fBeta(2)]) {
      const reference = anyLoss(metric, { amplification: 15 }).lossAndGradient(yTrue, yPred);
      const loss = createLoss(metric, { amplification: 15 });
      const [t, p] = [tf.tensor1d(yTrue), tf.tensor1d(yPred)];
      const gradient = tf
        .grad((q: tf.Tensor) => loss(t, q))(p)
        .dataSync();
      const scale = maxAbs(reference.gradient);
      gradient.forEach((g, i) => expect(Math.abs(g - (reference.gradient[i] as number))).toBeLessThan(1e-4 * scale));
      tf.dispose([t, p]);
    }
  });
});

describe('equals tf autodiff of the same formula', () => {
  const cases = [
    { name: 'probabilities', logits: false, weighted: false, amplification: 20 },
    { name: 'probabilities, L = 73', logits: false, weighted: false, amplification: 73 },
    { name: 'weighted', logits: false, weighted: true, amplification: 10 },
    { name: 'logits', logits: true, weighted: false, amplification: 20 },
  ];
  for (const metricName of AUTODIFF_METRICS) {
    for (const c of cases) {
      it(`${metricName} · ${c.name}`, () => {
        const { yTrue, yPred, weight } = batch(64, 0.25, 3, c.logits);
        const from = c.logits ? 'logits' : 'probabilities';
        const metric = metrics[metricName as keyof typeof metrics];
        const ours = createLoss(metric, { amplification: c.amplification, from });
        const reference = autodiffLoss(metricName, { amplification: c.amplification, from });
        const [t, p] = [tf.tensor2d(yTrue, [64, 1]), tf.tensor2d(yPred, [64, 1])];
        const w = c.weighted ? tf.tensor2d(weight, [64, 1]) : undefined;
        const a = tf.valueAndGrad((q: tf.Tensor) => ours(t, q, w))(p);
        const b = tf.valueAndGrad((q: tf.Tensor) => reference(t, q, w))(p);
        expect(a.value.dataSync()[0]).toBeCloseTo(b.value.dataSync()[0] as number, 5);
        const expected = b.grad.dataSync();
        const scale = maxAbs(expected);
        expect(scale).toBeGreaterThan(0);
        a.grad.dataSync().forEach((g, i) => expect(Math.abs(g - (expected[i] as number))).toBeLessThan(1e-3 * scale));
        tf.dispose([t, p, a.value, a.grad, b.value, b.grad, ...(w === undefined ? [] : [w])]);
      });
    }
  }
});

describe('bad input → AnyLossError', () => {
  const loss = createLoss(metrics.f1, { validateLabels: true });
  const good = (): tf.Tensor => tf.tensor1d([1, 0, 1, 0]);

  it('rejects bad metrics and options at creation', () => {
    expectAnyLossError(() => createLoss({} as never), 'INVALID_METRIC', 'metric');
    expectAnyLossError(() => createLoss(metrics.f1, { amplification: 0 }), 'INVALID_AMPLIFICATION');
    expectAnyLossError(() => createLoss(metrics.f1, { amplification: Number.NaN }), 'INVALID_AMPLIFICATION');
    // finite in JavaScript, infinite in float32: refused at creation, not on every call
    expectAnyLossError(() => createLoss(metrics.f1, { amplification: 1e40 }), 'INVALID_AMPLIFICATION', 'options.amplification');
    expectAnyLossError(
      () => createLoss(metrics.f1, { average: 'macro', amplification: 1e40 }),
      'INVALID_AMPLIFICATION',
      'options.amplification',
    );
    expectAnyLossError(() => createLoss(metrics.f1, { from: 'logit' as never }), 'INVALID_OPTION', 'options.from');
    expectAnyLossError(() => createLoss(metrics.f1, { amplfication: 20 } as never), 'UNKNOWN_OPTION', 'options.amplfication');
    expectAnyLossError(() => createLoss(metrics.f1, { classWeight: { 1: -1 } }), 'INVALID_WEIGHT');
    expectAnyLossError(() => createLoss(metrics.f1, { classWeight: { 2: 1 } as never }), 'UNKNOWN_OPTION');
    expectAnyLossError(() => createLoss(metrics.f1, { validateLabels: 'yes' as never }), 'INVALID_OPTION');
  });

  it('rejects wrong ranks and shapes', () => {
    tf.tidy(() => {
      expectAnyLossError(
        () => loss(tf.tensor2d([1, 0, 1, 0], [2, 2]), tf.tensor2d([0.1, 0.2, 0.3, 0.4], [2, 2])),
        'INVALID_ARGUMENT',
        'yPred',
      );
      expectAnyLossError(() => loss(good(), tf.tensor3d([0.1, 0.2, 0.3, 0.4], [4, 1, 1])), 'INVALID_ARGUMENT', 'yPred');
      expectAnyLossError(() => loss(good(), tf.scalar(0.5)), 'INVALID_ARGUMENT', 'yPred');
      expectAnyLossError(() => loss(tf.tensor2d([1, 0, 1, 0], [1, 4]), tf.tensor1d([0.1, 0.2, 0.3, 0.4])), 'INVALID_ARGUMENT', 'yTrue');
      expectAnyLossError(() => loss(tf.tensor1d([]), tf.tensor1d([])), 'EMPTY_INPUT', 'yPred');
    });
  });

  it('rejects mismatched batch sizes', () => {
    tf.tidy(() => {
      expectAnyLossError(() => loss(tf.tensor1d([1, 0, 1]), tf.tensor1d([0.1, 0.2, 0.3, 0.4])), 'LENGTH_MISMATCH', 'yTrue');
      expectAnyLossError(() => loss(good(), tf.tensor1d([0.1, 0.2, 0.3, 0.4]), tf.tensor1d([1, 1])), 'LENGTH_MISMATCH', 'sampleWeight');
    });
  });

  it('rejects non-float dtypes and non-tensors', () => {
    tf.tidy(() => {
      const error = expectAnyLossError(
        () => loss(tf.tensor1d([1, 0, 1, 0], 'int32'), tf.tensor1d([0.1, 0.2, 0.3, 0.4])),
        'INVALID_ARGUMENT',
        'yTrue',
      );
      expect(error.message).toContain("tf.cast(yTrue, 'float32')");
      expectAnyLossError(() => loss(good(), tf.tensor1d([1, 0, 1, 0], 'bool')), 'INVALID_ARGUMENT', 'yPred');
      expectAnyLossError(() => loss([1, 0] as never, tf.tensor1d([0.1, 0.2])), 'INVALID_ARGUMENT', 'yTrue');
    });
  });

  it('checks values when validateLabels is on (the default under a test runner)', () => {
    expect(validationDefault()).toBe(true);
    tf.tidy(() => {
      const label = expectAnyLossError(() => loss(tf.tensor1d([1, 0, 2, 0]), tf.tensor1d([0.1, 0.2, 0.3, 0.4])), 'INVALID_LABEL', 'yTrue');
      expect(label.index).toBe(2);
      expect(label.value).toBe(2);
      expectAnyLossError(() => loss(tf.tensor1d([1, 0, 0.5, 0]), tf.tensor1d([0.1, 0.2, 0.3, 0.4])), 'INVALID_LABEL');
      const probability = expectAnyLossError(() => loss(good(), tf.tensor1d([0.1, 1.5, 0.3, 0.4])), 'INVALID_PROBABILITY', 'yPred');
      expect(probability.index).toBe(1);
      expectAnyLossError(() => loss(good(), tf.tensor1d([0.1, Number.NaN, 0.3, 0.4])), 'INVALID_PROBABILITY', 'yPred');
      const logits = createLoss(metrics.f1, { from: 'logits', validateLabels: true });
      expectAnyLossError(() => logits(good(), tf.tensor1d([3, -2, Number.POSITIVE_INFINITY, 1])), 'INVALID_LOGIT', 'yPred');
      const weight = expectAnyLossError(
        () => loss(good(), tf.tensor1d([0.1, 0.2, 0.3, 0.4]), tf.tensor1d([1, 1, -1, 1])),
        'INVALID_WEIGHT',
        'sampleWeight',
      );
      expect(weight.index).toBe(2);
    });
  });

  it('skips value checks (no extra read) when validateLabels is off', () => {
    const unchecked = createLoss(metrics.f1, { validateLabels: false });
    const value = tf.tidy(() => unchecked(tf.tensor1d([1, 0, 2, 0]), tf.tensor1d([0.1, 0.2, 0.3, 0.4])).dataSync()[0]);
    expect(Number.isFinite(value)).toBe(true);
    // NaN predictions still cannot pass silently: the cells would not be finite.
    tf.tidy(() => {
      expectAnyLossError(() => unchecked(good(), tf.tensor1d([0.1, Number.NaN, 0.3, 0.4])), 'INVALID_PROBABILITY', 'yPred');
    });
  });

  it('names yTrue or sampleWeight, and the cause, when a bad value unchecked makes a cell negative', () => {
    const unchecked = createLoss(metrics.f1, { validateLabels: false });
    tf.tidy(() => {
      // these labels make FP (label 2: 1 − y = −1) and TP (label −1) negative; core rejects the cells
      for (const [labels, index, value] of [
        [[2, 0, 1], 0, 2],
        [[1, -1, 0], 1, -1],
      ] as const) {
        const error = expectAnyLossError(() => unchecked(tf.tensor1d([...labels]), tf.tensor1d([0.9, 0.1, 0.5])), 'INVALID_LABEL', 'yTrue');
        expect([error.index, error.value]).toEqual([index, value]);
        expect(error.message).toMatch(
          /^yTrue\[\d\] must be 0 or 1, got -?\d\. With validateLabels off, it made a cell of the soft confusion matrix negative \(cells\.\w+ must be/,
        );
      }
      const weight = expectAnyLossError(
        () => unchecked(good(), tf.tensor1d([0.7, 0.2, 0.4, 0.6]), tf.tensor1d([-5, 1, 1, 1])),
        'INVALID_WEIGHT',
        'sampleWeight',
      );
      expect(weight.index).toBe(0);
      expect(weight.message).toContain('negative');
    });
  });

  it('refuses a step whose gradient would overflow float32 (weights near 0) instead of returning NaN', () => {
    // found by fuzz.test.ts: labels all 0, weights [0, 2.8e-45, 0] → cells ≈ 1e-45 → chain-rule coefficients ≈ 1e45
    const loss = createLoss(metrics.f1, { validateLabels: true });
    tf.tidy(() => {
      const [y, p, w] = [tf.tensor1d([0, 0, 0]), tf.tensor1d([0.5, 0.5, 0.5]), tf.tensor1d([0, 2.8e-45, 0])];
      const error = expectAnyLossError(() => tf.grad((q: tf.Tensor) => loss(y, q, w))(p), 'INVALID_WEIGHT', 'sampleWeight');
      expect(error.message).toMatch(/overflows float32.*scale the weights up/);
      // the same batch with the weights scaled up is fine: the metric does not depend on their scale
      const gradient = tf
        .grad((q: tf.Tensor) => loss(y, q, tf.tensor1d([0, 1, 0])))(p)
        .dataSync();
      expect(Array.from(gradient).every(Number.isFinite)).toBe(true);
    });
    const multiclass = createLoss(metrics.f1, { average: 'macro', output: 'sigmoid' });
    tf.tidy(() => {
      const error = expectAnyLossError(
        () =>
          multiclass(
            tf.tensor2d([
              [1, 0],
              [0, 1],
            ]),
            tf.tensor2d([
              [0.5, 0.5],
              [0.5, 0.5],
            ]),
            tf.tensor1d([2.8e-45, 0]),
          ),
        'INVALID_WEIGHT',
        'sampleWeight',
      );
      expect(error.message).toContain('overflows float32');
    });
  });
});

describe('memory', () => {
  function dataset(): { x: tf.Tensor2D; y: tf.Tensor2D } {
    const { yTrue } = batch(640, 0.2, 9);
    const x = tf.tidy(() =>
      tf.add(tf.randomNormal([640, 4], 0, 1, 'float32', 2), tf.mul(tf.tensor2d(yTrue, [640, 1]), 0.8)),
    ) as tf.Tensor2D;
    return { x, y: tf.tensor2d(yTrue, [640, 1]) };
  }
  function model(): tf.Sequential {
    return tf.sequential({
      layers: [
        tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
  }

  it('leaks no tensor over 100 training steps of model.fit', async () => {
    const { x, y } = dataset();
    const m = model();
    m.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1, { amplification: 20 }) });
    await m.fit(x, y, { epochs: 1, batchSize: 640, shuffle: false, verbose: 0 }); // creates Adam's slots
    const before = tf.memory().numTensors;
    await m.fit(x, y, { epochs: 10, batchSize: 64, shuffle: false, verbose: 0 }); // 10 × 10 = 100 steps
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
    tf.dispose([x, y]);
  });

  it('leaks no tensor over 100 steps of a custom loop (optimizer.minimize), weighted, logits', () => {
    const { x, y } = dataset();
    const w = tf.tidy(() => tf.add(tf.mul(y, 2), 1));
    const m = model();
    const optimizer = tf.train.adam(1e-2);
    const loss = createLoss(metrics.mcc, { from: 'logits' });
    const step = (): void => {
      optimizer.minimize(() => loss(y, m.apply(x) as tf.Tensor, w), false);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
    optimizer.dispose();
    tf.dispose([x, y, w]);
  });

  it('leaves only its result when called outside tf.tidy, with or without a gradient', () => {
    const [t, p] = [tf.tensor1d([1, 0, 1, 0]), tf.tensor1d([0.7, 0.2, 0.4, 0.6])];
    const loss = createLoss(metrics.f1, { from: 'probabilities' });
    const before = tf.memory().numTensors;
    const value = loss(t, p);
    expect(tf.memory().numTensors).toBe(before + 1);
    value.dispose();
    const gradient = tf.grad((q: tf.Tensor) => loss(t, q))(p);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([gradient, t, p]);
  });
});

describe('errors free their tensors', () => {
  it('leaves no tensor behind when a call throws', () => {
    const loss = createLoss(metrics.f1, { validateLabels: true });
    const [t, p, bad] = [tf.tensor1d([1, 0, 1, 0]), tf.tensor1d([0.7, 0.2, 0.4, 0.6]), tf.tensor1d([1, 0, 2, 0])];
    const before = tf.memory().numTensors;
    expect(() => loss(bad, p)).toThrow(AnyLossError);
    // a negative weight with validation off makes a cell negative: core rejects the cells
    const unchecked = createLoss(metrics.f1, { validateLabels: false });
    const negative = tf.tensor1d([-5, 1, 1, 1]);
    expect(() => unchecked(t, p, negative)).toThrow(AnyLossError);
    negative.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([t, p, bad]);
  });
});

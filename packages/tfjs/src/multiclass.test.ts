import { AnyLossError, DEFAULT_AMPLIFICATION, metrics } from '@anyloss/core';
import { averageMetric, DEFAULT_SOFTMAX_AMPLIFICATION, multiclassConfusionMatrix, multiclassMetric } from '@anyloss/core/multiclass';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetric, epochMetrics } from './index.js';
import { multiclassConformanceCase } from '@anyloss/core/testing';
import { multiclassAdapterResult } from './testing/subject.js';
import { expectAnyLossError, expectClose } from '@anyloss/test-utils';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('createLoss with average', () => {
  it("takes core's defaults for the amplifier and the amplification", () => {
    const softmax = createLoss(metrics.f1, { average: 'macro' });
    expect(softmax.average).toBe('macro');
    expect(softmax.output).toBe('softmax');
    expect(softmax.amplifier).toBe('softmax');
    expect(softmax.amplification).toBe(DEFAULT_SOFTMAX_AMPLIFICATION);
    expect(softmax.name).toBe('anyLoss_macro_f1');
    expect(Object.keys(softmax)).toEqual(['anyloss']);
    const sigmoid = createLoss(metrics.f1, { average: 'micro', output: 'sigmoid' });
    expect(sigmoid.amplifier).toBe('one-vs-rest');
    expect(sigmoid.amplification).toBe(DEFAULT_AMPLIFICATION);
    const ovr = createLoss(metrics.mcc, { average: 'weighted', amplifier: 'one-vs-rest', amplification: 12, from: 'logits' });
    expect([ovr.amplifier, ovr.amplification, ovr.from]).toEqual(['one-vs-rest', 12, 'logits']);
    // binary losses report no multi-class settings
    const binary = createLoss(metrics.f1);
    expect([binary.average, binary.output, binary.amplifier]).toEqual([undefined, undefined, undefined]);
  });

  it('rejects bad or misplaced options at creation', () => {
    expectAnyLossError(() => createLoss(metrics.f1, { average: 'mean' as never }), 'INVALID_OPTION', 'options.average');
    expectAnyLossError(() => createLoss(metrics.f1, { average: 'macro', output: 'relu' as never }), 'INVALID_OPTION', 'options.output');
    expectAnyLossError(
      () => createLoss(metrics.f1, { average: 'macro', output: 'sigmoid', amplifier: 'softmax' }),
      'INVALID_OPTION',
      'options.amplifier',
    );
    expectAnyLossError(() => createLoss(metrics.f1, { average: 'macro', amplification: -1 }), 'INVALID_AMPLIFICATION');
    expectAnyLossError(() => createLoss(metrics.f1, { average: 'macro', classWeight: { 1: 2 } }), 'INVALID_OPTION', 'options.classWeight');
    // multi-output options without average: an error, not silently a binary loss
    expectAnyLossError(() => createLoss(metrics.f1, { output: 'softmax' }), 'INVALID_OPTION', 'options.output');
    expectAnyLossError(() => createLoss(metrics.f1, { amplifier: 'softmax' }), 'INVALID_OPTION', 'options.amplifier');
  });

  it('requires average for [batch, K] predictions, and names it in the error', () => {
    const binary = createLoss(metrics.f1, { validateLabels: true });
    tf.tidy(() => {
      const error = expectAnyLossError(
        () =>
          binary(
            tf.tensor2d([
              [1, 0],
              [0, 1],
            ]),
            tf.tensor2d([
              [0.7, 0.3],
              [0.4, 0.6],
            ]),
          ),
        'INVALID_ARGUMENT',
        'yPred',
      );
      expect(error.message).toContain("{ average: 'macro' }");
    });
  });

  it('rejects rank errors, K mismatches and batch mismatches', () => {
    const loss = createLoss(metrics.f1, { average: 'macro', validateLabels: true });
    const p = (): tf.Tensor =>
      tf.tensor2d([
        [0.7, 0.2, 0.1],
        [0.1, 0.8, 0.1],
      ]);
    tf.tidy(() => {
      expectAnyLossError(
        () =>
          loss(
            tf.tensor2d([
              [1, 0, 0],
              [0, 1, 0],
            ]),
            tf.tensor1d([0.2, 0.8]),
          ),
        'INVALID_ARGUMENT',
        'yPred',
      );
      expectAnyLossError(() => loss(tf.tensor2d([[1], [0]]), tf.tensor2d([[0.2], [0.8]])), 'INVALID_ARGUMENT', 'yPred');
      expectAnyLossError(() => loss(tf.tensor3d([1, 0, 0, 0, 1, 0], [2, 1, 3]), p()), 'INVALID_ARGUMENT', 'yTrue');
      const mismatch = expectAnyLossError(
        () =>
          loss(
            tf.tensor2d([
              [1, 0],
              [0, 1],
            ]),
            p(),
          ),
        'LENGTH_MISMATCH',
        'yTrue',
      );
      expect(mismatch.message).toContain('2 columns but yPred has 3');
      expectAnyLossError(() => loss(tf.tensor2d([[1, 0, 0]]), p()), 'LENGTH_MISMATCH', 'yTrue');
      expectAnyLossError(() => loss(tf.tensor1d([0, 1, 2], 'int32'), p()), 'LENGTH_MISMATCH', 'yTrue');
      expectAnyLossError(
        () =>
          loss(
            tf.tensor2d(
              [
                [1, 0, 0],
                [0, 1, 0],
              ],
              [2, 3],
              'int32',
            ),
            p(),
          ),
        'INVALID_ARGUMENT',
        'yTrue',
      );
      expectAnyLossError(() => loss(tf.tensor1d([0, 1]), p(), tf.tensor1d([1, 1, 1])), 'LENGTH_MISMATCH', 'sampleWeight');
      expectAnyLossError(() => loss(tf.tensor1d([0, 1]), p(), tf.ones([2, 3])), 'INVALID_ARGUMENT', 'sampleWeight');
      expectAnyLossError(() => loss(tf.tensor1d([0, 1]), tf.zeros([0, 3])), 'EMPTY_INPUT', 'yPred');
      // class indices are softmax-only: multi-label needs 0/1 rows
      const multiLabel = createLoss(metrics.f1, { average: 'macro', output: 'sigmoid' });
      expectAnyLossError(() => multiLabel(tf.tensor1d([0, 1]), p()), 'INVALID_ARGUMENT', 'yTrue');
    });
  });

  it('validates values (validateLabels): non-one-hot rows, bad indices, rows not summing to 1, bad weights', () => {
    const loss = createLoss(metrics.f1, { average: 'macro', validateLabels: true });
    const p = (): tf.Tensor =>
      tf.tensor2d([
        [0.7, 0.2, 0.1],
        [0.1, 0.8, 0.1],
      ]);
    tf.tidy(() => {
      const twoOnes = expectAnyLossError(
        () =>
          loss(
            tf.tensor2d([
              [1, 1, 0],
              [0, 1, 0],
            ]),
            p(),
          ),
        'INVALID_LABEL',
        'yTrue',
      );
      expect(twoOnes.message).toContain('one-hot');
      expect(twoOnes.index).toBe(0);
      expectAnyLossError(
        () =>
          loss(
            tf.tensor2d([
              [0, 0, 0],
              [0, 1, 0],
            ]),
            p(),
          ),
        'INVALID_LABEL',
        'yTrue',
      );
      expectAnyLossError(
        () =>
          loss(
            tf.tensor2d([
              [0.5, 0.5, 0],
              [0, 1, 0],
            ]),
            p(),
          ),
        'INVALID_LABEL',
      );
      const index = expectAnyLossError(() => loss(tf.tensor1d([0, 3], 'int32'), p()), 'INVALID_LABEL', 'yTrue');
      expect(index.index).toBe(1);
      expectAnyLossError(() => loss(tf.tensor1d([0, 1.5]), p()), 'INVALID_LABEL', 'yTrue');
      expectAnyLossError(() => loss(tf.tensor1d([-1, 1]), p()), 'INVALID_LABEL', 'yTrue');
      const sum = expectAnyLossError(
        () =>
          loss(
            tf.tensor1d([0, 1]),
            tf.tensor2d([
              [0.7, 0.2, 0.2],
              [0.1, 0.8, 0.1],
            ]),
          ),
        'INVALID_PROBABILITY',
        'yPred',
      );
      expect(sum.message).toContain("from: 'logits'");
      expectAnyLossError(
        () =>
          loss(
            tf.tensor1d([0, 1]),
            tf.tensor2d([
              [1.2, -0.2, 0],
              [0.1, 0.8, 0.1],
            ]),
          ),
        'INVALID_PROBABILITY',
        'yPred',
      );
      const logits = createLoss(metrics.f1, { average: 'macro', from: 'logits', validateLabels: true });
      expectAnyLossError(
        () =>
          logits(
            tf.tensor1d([0, 1]),
            tf.tensor2d([
              [1, Number.NaN, 0],
              [0, 2, 1],
            ]),
          ),
        'INVALID_LOGIT',
        'yPred',
      );
      const weight = expectAnyLossError(() => loss(tf.tensor1d([0, 1]), p(), tf.tensor1d([1, -1])), 'INVALID_WEIGHT', 'sampleWeight');
      expect(weight.index).toBe(1);
      // multi-label rows may have any number of ones, but only 0 and 1
      const multiLabel = createLoss(metrics.f1, { average: 'macro', output: 'sigmoid', validateLabels: true });
      expect(
        Number.isFinite(
          multiLabel(
            tf.tensor2d([
              [1, 1, 0],
              [0, 0, 0],
            ]),
            p(),
          ).dataSync()[0],
        ),
      ).toBe(true);
      expectAnyLossError(
        () =>
          multiLabel(
            tf.tensor2d([
              [2, 1, 0],
              [0, 0, 0],
            ]),
            p(),
          ),
        'INVALID_LABEL',
      );
    });
  });

  it('names yTrue and the cause when an unchecked label makes a cell negative', () => {
    const unchecked = createLoss(metrics.f1, { average: 'macro', output: 'sigmoid', validateLabels: false });
    tf.tidy(() => {
      const p = tf.tensor2d([
        [0.7, 0.2, 0.1],
        [0.1, 0.8, 0.1],
      ]);
      const error = expectAnyLossError(
        () =>
          unchecked(
            tf.tensor2d([
              [1, 0, 0],
              [0, 2, 0],
            ]),
            p,
          ),
        'INVALID_LABEL',
        'yTrue',
      );
      expect(error.value).toBe(2);
      expect(error.message).toMatch(
        /With validateLabels off, it made a cell of a soft confusion matrix negative \(cells\.falsePositives of class 1 must be/,
      );
      const negative = expectAnyLossError(
        () =>
          unchecked(
            tf.tensor2d([
              [-1, 0, 0],
              [0, 1, 0],
            ]),
            p,
          ),
        'INVALID_LABEL',
        'yTrue',
      );
      expect(negative.value).toBe(-1);
    });
  });

  it('an absent class gets no gradient from macro F1 of its own, as in core', () => {
    // Core's zero-division policy: a class with support 0 leaves the macro average. Its column still moves
    // (lowering a wrong class raises the others), but only through the other classes' false positives.
    const testCase = multiclassConformanceCase({
      metric: metrics.f1,
      average: 'macro',
      output: 'sigmoid',
      amplifier: 'one-vs-rest',
      from: 'probabilities',
      amplification: 10,
      absent: 2,
      seed: 21,
    });
    const { gradient } = multiclassAdapterResult(testCase);
    for (let i = 0; i < testCase.yPred.length; i++) expect(gradient[i * 4 + 2]).toBe(0); // independent sigmoid columns
  });
});

describe('equals tf autodiff of the same formula', () => {
  /** Macro F1 over the classes present, written directly with tf ops; tf.grad differentiates it. */
  function macroF1Loss(yTrue: tf.Tensor, amplified: tf.Tensor): tf.Scalar {
    const tp = tf.sum(tf.mul(yTrue, amplified), 0);
    const fn = tf.sum(tf.mul(yTrue, tf.sub(1, amplified)), 0);
    const fp = tf.sum(tf.mul(tf.sub(1, yTrue), amplified), 0);
    const f1 = tf.div(tf.mul(2, tp), tf.add(tf.add(tf.mul(2, tp), fp), fn));
    const present = tf.cast(tf.greater(tf.sum(yTrue, 0), 0), 'float32');
    return tf.sub(1, tf.div(tf.sum(tf.mul(tf.where(tf.greater(present, 0), f1, tf.zerosLike(f1)), present)), tf.sum(present))) as tf.Scalar;
  }

  const cases = [
    {
      name: 'softmax amplifier, probabilities, class 1 absent',
      spec: {
        metric: metrics.f1,
        average: 'macro',
        output: 'softmax',
        amplifier: 'softmax',
        from: 'probabilities',
        absent: 1,
        seed: 31,
      } as const,
      amplify: (p: tf.Tensor) => tf.softmax(tf.mul(tf.log(p), DEFAULT_SOFTMAX_AMPLIFICATION)),
    },
    {
      name: 'one-vs-rest, sigmoid logits, L = 8',
      spec: {
        metric: metrics.f1,
        average: 'macro',
        output: 'sigmoid',
        amplifier: 'one-vs-rest',
        from: 'logits',
        amplification: 8,
        seed: 32,
      } as const,
      amplify: (z: tf.Tensor) => tf.sigmoid(tf.mul(tf.sub(tf.sigmoid(z), 0.5), 8)),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const testCase = multiclassConformanceCase(c.spec);
      const n = testCase.yPred.length;
      const ours = multiclassAdapterResult(testCase);
      const [t, p] = [tf.tensor2d((testCase.yTrue as number[][]).flat(), [n, 4]), tf.tensor2d(testCase.yPred.flat(), [n, 4])];
      const reference = tf.valueAndGrad((q: tf.Tensor) => macroF1Loss(t, c.amplify(q)))(p);
      expect(ours.loss).toBeCloseTo(reference.value.dataSync()[0] as number, 4);
      const expected = reference.grad.dataSync();
      expect(expected.some((g) => g !== 0)).toBe(true);
      expectClose(ours.gradient, expected, { relative: 1e-3 });
      tf.dispose([t, p, reference.value, reference.grad]);
    });
  }
});

describe('createMetric with average', () => {
  const yTrue = [2, 0, 1, 1, 0, 2, 0, 0];
  const yPred = [
    [0.1, 0.2, 0.7],
    [0.5, 0.3, 0.2],
    [0.3, 0.4, 0.3],
    [0.6, 0.3, 0.1],
    [0.2, 0.5, 0.3],
    [0.2, 0.2, 0.6],
    [0.4, 0.4, 0.2], // a tie: the lowest index, like core
    [0.9, 0.05, 0.05],
  ];
  it("is core's averaged hard metric (argmax), named '<average>_<metric>'", () => {
    for (const average of ['macro', 'weighted', 'micro'] as const) {
      for (const metric of [metrics.f1, metrics.balancedAccuracy, metrics.mcc]) {
        const fn = createMetric(metric, { average });
        expect(fn.name).toBe(`${average}_${metric.name}`);
        const expected = multiclassMetric(metric, yTrue, yPred, { average }); // core
        for (const labels of [tf.tensor1d(yTrue, 'int32'), tf.oneHot(tf.tensor1d(yTrue, 'int32'), 3).toFloat()]) {
          const value = tf.tidy(() => fn(labels, tf.tensor2d(yPred)).dataSync()[0]);
          expect(value).toBeCloseTo(expected, 6);
          labels.dispose();
        }
      }
    }
  });

  it('thresholds sigmoid outputs (probabilities and logits)', () => {
    const labels = [
      [1, 0, 1],
      [0, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ];
    const scores = [
      [0.8, 0.3, 0.45],
      [0.2, 0.6, 0.1],
      [0.55, 0.2, 0.9],
      [0.1, 0.1, 0.7],
    ];
    const fn = createMetric(metrics.f1, { average: 'macro', output: 'sigmoid', threshold: 0.4 });
    const expected = averageMetric(
      metrics.f1,
      multiclassConfusionMatrix(labels, scores, { output: 'sigmoid', threshold: 0.4 }).cells,
      'macro',
    );
    expect(tf.tidy(() => fn(tf.tensor2d(labels), tf.tensor2d(scores)).dataSync()[0])).toBeCloseTo(expected, 6);
    const logits = scores.map((row) => row.map((v) => Math.log(v / (1 - v))));
    const fromLogits = createMetric(metrics.f1, { average: 'macro', output: 'sigmoid', threshold: 0.4, from: 'logits' });
    expect(tf.tidy(() => fromLogits(tf.tensor2d(labels), tf.tensor2d(logits)).dataSync()[0])).toBeCloseTo(expected, 6);
  });

  it('rejects bad input', () => {
    expectAnyLossError(() => createMetric(metrics.f1, { average: 'macro', threshold: 0.3 }), 'INVALID_OPTION', 'options.threshold');
    expectAnyLossError(() => createMetric(metrics.f1, { output: 'sigmoid' }), 'INVALID_OPTION', 'options.output');
    const fn = createMetric(metrics.f1, { average: 'macro', validateLabels: true });
    tf.tidy(() => {
      expectAnyLossError(() => fn(tf.tensor2d([[1, 1, 0]]), tf.tensor2d([[0.2, 0.3, 0.5]])), 'INVALID_LABEL', 'yTrue');
      expectAnyLossError(() => fn(tf.tensor1d([3]), tf.tensor2d([[0.2, 0.3, 0.5]])), 'INVALID_LABEL', 'yTrue');
      expectAnyLossError(() => fn(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.2, 0.3, 0.5]])), 'LENGTH_MISMATCH', 'yTrue');
    });
    // a NaN row would silently be argmax 0: an error naming yPred, with or without validateLabels
    const unchecked = createMetric(metrics.f1, { average: 'macro', validateLabels: false });
    tf.tidy(() => {
      const nan = expectAnyLossError(
        () =>
          unchecked(
            tf.tensor1d([0, 2]),
            tf.tensor2d([
              [0.2, 0.3, 0.5],
              [Number.NaN, 0.5, 0.5],
            ]),
          ),
        'INVALID_PROBABILITY',
        'yPred',
      );
      expect(nan.message).toContain('NaN');
      const sigmoid = createMetric(metrics.f1, { average: 'micro', output: 'sigmoid', from: 'logits', validateLabels: false });
      expectAnyLossError(() => sigmoid(tf.tensor2d([[0, 1, 1]]), tf.tensor2d([[1, Number.NaN, 0]])), 'INVALID_LOGIT');
    });
  });
});

/** A seeded 3-class problem (shares ≈ 60/30/10 %) and a softmax MLP. */
function problem(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D; classes: number[] } {
  const x = tf.randomNormal([n, 4], 0, 1, 'float32', seed) as tf.Tensor2D;
  const values = x.arraySync();
  const classes = values.map((row) => {
    const s = (row[0] as number) + 0.5 * (row[1] as number);
    return s > 1.2 ? 2 : s > 0.2 ? 1 : 0;
  });
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(classes, 'int32'), 3).toFloat()) as tf.Tensor2D;
  return { x, y, classes };
}

function softmaxModel(activation: 'softmax' | 'linear' = 'softmax'): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      tf.layers.dense({ units: 3, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
}

describe('epochMetrics with average', () => {
  it("logs core's exact averaged metric of the whole validation set (val_macro_f1), per-class cells and the K×K matrix", async () => {
    const { x, y, classes } = problem(300, 41);
    const model = softmaxModel();
    model.compile({
      optimizer: tf.train.adam(2e-2),
      loss: createLoss(metrics.f1, { average: 'macro' }),
      metrics: [createMetric(metrics.f1, { average: 'macro' })],
    });
    const callback = epochMetrics({ model, validationData: [x, y], metrics: [metrics.f1, metrics.balancedAccuracy], average: 'macro' });
    const history = await model.fit(x, y, { epochs: 2, batchSize: 50, verbose: 0, callbacks: [callback] });
    expect(history.history['val_macro_f1']).toHaveLength(2);
    const prediction = model.predict(x) as tf.Tensor;
    const rows = prediction.arraySync() as number[][];
    prediction.dispose();
    const expected = multiclassMetric(metrics.f1, classes, rows, { average: 'macro' }); // core on the same predictions
    expect(history.history['val_macro_f1']?.[1]).toBeCloseTo(expected, 10);
    expect(callback.last?.classCells).toHaveLength(3);
    expect(callback.last?.matrix).toEqual(multiclassConfusionMatrix(classes, rows).matrix);
    expect(history.history['macro_f1']).toHaveLength(2); // createMetric's batch-averaged value
    // class-index labels give the same values
    const indices = tf.tensor1d(classes, 'int32');
    const byIndex = epochMetrics({ model, validationData: [x, indices], metrics: [metrics.f1], average: 'macro' });
    await byIndex.onEpochEnd(0, {});
    expect(byIndex.last?.values['val_macro_f1']).toBeCloseTo(expected, 10);
    model.dispose();
    tf.dispose([x, y, indices]);
  });

  it('rejects labels and outputs of the wrong shape', async () => {
    const { x, y } = problem(20, 42);
    expectAnyLossError(
      () => epochMetrics({ validationData: [x, y], metrics: [metrics.f1] }),
      'INVALID_ARGUMENT',
      'options.validationData[1]',
    );
    expectAnyLossError(
      () => epochMetrics({ validationData: [x, y], metrics: [metrics.f1], output: 'sigmoid' }),
      'INVALID_OPTION',
      'options.output',
    );
    expectAnyLossError(
      () => epochMetrics({ validationData: [x, tf.zeros([20])], metrics: [metrics.f1], average: 'macro', output: 'sigmoid' }),
      'INVALID_ARGUMENT',
    );
    const model = softmaxModel();
    const wrongK = epochMetrics({ model, validationData: [x, tf.zeros([20, 4])], metrics: [metrics.f1], average: 'macro' });
    await expect(wrongK.onEpochEnd(0, {})).rejects.toThrow(/\[20, 4\]/);
    model.dispose();
    tf.dispose([x, y]);
  });
});

describe('memory', () => {
  it('leaks no tensor over 50 multi-class training steps of model.fit (softmax and sigmoid models)', async () => {
    const { x, y } = problem(400, 51);
    for (const [activation, options] of [
      ['softmax', { average: 'macro' }],
      ['linear', { average: 'weighted', amplifier: 'one-vs-rest', from: 'logits' }],
      ['linear', { average: 'micro', output: 'sigmoid', from: 'logits' }],
    ] as const) {
      const model = softmaxModel(activation === 'softmax' ? 'softmax' : 'linear');
      model.compile({
        optimizer: tf.train.adam(1e-2),
        loss: createLoss(metrics.f1, options),
        metrics: [
          createMetric(metrics.f1, {
            average: options.average,
            ...('output' in options ? { output: options.output } : {}),
            ...('from' in options ? { from: options.from } : {}),
            validateLabels: true,
          }),
        ],
      });
      await model.fit(x, y, { epochs: 1, batchSize: 400, shuffle: false, verbose: 0 }); // creates Adam's slots
      const before = tf.memory().numTensors;
      await model.fit(x, y, { epochs: 5, batchSize: 40, shuffle: false, verbose: 0 }); // 5 × 10 = 50 steps
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
    tf.dispose([x, y]);
  });

  it('leaks no tensor in 50 custom-loop steps with class indices and sample weights, nor when a call throws', () => {
    const { x, classes } = problem(200, 52);
    const indices = tf.tensor1d(classes, 'int32');
    const weights = tf.tidy(() => tf.add(tf.cast(indices, 'float32'), 1));
    const model = softmaxModel();
    const optimizer = tf.train.adam(1e-2);
    const loss = createLoss(metrics.balancedAccuracy, { average: 'macro', validateLabels: true });
    const step = (): void => {
      optimizer.minimize(() => loss(indices, model.apply(x) as tf.Tensor, weights), false);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    const bad = tf.tensor1d(
      classes.map((c) => c + 5),
      'int32',
    );
    const afterBad = tf.memory().numTensors;
    expect(() => tf.grad((p: tf.Tensor) => loss(bad, p))(model.predict(x) as tf.Tensor)).toThrow(AnyLossError);
    expect(tf.memory().numTensors).toBe(afterBad + 1); // only the prediction passed in
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, indices, weights, bad]);
  });
});

/**
 * Bad input never escapes as a raw error or a non-finite number: property-based fuzzing of the public entries
 * (createLoss, createMetric, epochMetrics, loadModel, saveModel) with option objects and tensors of odd shapes,
 * dtypes and values. Every call ends in a typed AnyLossError or in finite numbers (for losses: the value and the
 * gradient). Each generated case starts from a consistent batch and option object and then, often, breaks one
 * thing (a value, a dtype, a shape, a length, an option), so that both outcomes are reached — the test checks
 * that at least a fifth of the calls end each way. Seeded by vitest.setup.ts; run counts are set per property to
 * keep the file at a few seconds.
 */
import { AnyLossError, metrics } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetric, epochMetrics, loadModel, saveModel } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

// --- outcomes -----------------------------------------------------------------------------------------------------

/** What a call may end in: a typed error, or finite numbers. */
type Outcome = { readonly error: AnyLossError } | { readonly values: readonly number[] };

/** Runs `call`; an AnyLossError is an accepted outcome, any other error fails the property (rethrown). */
async function outcome(call: () => readonly number[] | Promise<readonly number[]>): Promise<Outcome> {
  try {
    return { values: await call() };
  } catch (error) {
    if (error instanceof AnyLossError) return { error };
    throw error;
  }
}

/** How many calls of each property ended in numbers and in typed errors. */
const tally = new Map<string, { values: number; errors: number }>();

function assertTypedOrFinite(result: Outcome, property: string): void {
  const count = tally.get(property) ?? { values: 0, errors: 0 };
  tally.set(property, count);
  if ('values' in result) {
    count.values++;
    for (const value of result.values) expect(Number.isFinite(value), `${property}: non-finite result ${value}`).toBe(true);
  } else {
    count.errors++;
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.argument.length).toBeGreaterThan(0);
  }
}

/** The fuzzing must reach both outcomes: at least a fifth of the calls each. */
function expectBoth(property: string): void {
  const { values, errors } = tally.get(property) ?? { values: 0, errors: 0 };
  const total = values + errors;
  if (process.env['FUZZ_TALLY'] !== undefined) console.log(`${property}: ${values} finite, ${errors} AnyLossError`); // FUZZ_TALLY=1 to see the split
  expect(values, `${property}: finite results of ${total}`).toBeGreaterThanOrEqual(total / 5);
  expect(errors, `${property}: typed errors of ${total}`).toBeGreaterThanOrEqual(total / 5);
}

// --- arbitraries --------------------------------------------------------------------------------------------------

/** Numbers that break things: NaN, ±Infinity, huge, tiny, negative zero, out of range. */
const oddNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2, -1, 0.5, 1e-45, 1e38, 1e39, -1e39, 1e300),
  fc.double(),
);
/** Something that is not a tensor (nor an options object). */
const junk = fc.constantFrom<unknown>(null, 0, 'x', [0.5, 0.5], { shape: [2] }, Number.NaN, () => 1);

/** A metric, by name (counterexamples print the name). */
const metricName = fc.constantFrom<keyof typeof metrics>('f1', 'mcc', 'balancedAccuracy', 'accuracy', 'precision', 'cohenKappa', 'jaccard');

/** One thing to break in an otherwise consistent batch. */
type Damage = 'value' | 'dtype' | 'shape' | 'junk' | 'empty' | 'length';
const damage = fc.option(fc.constantFrom<Damage>('value', 'value', 'dtype', 'shape', 'junk', 'empty', 'length'), {
  freq: 2,
  nil: undefined,
});

/** Raw material for a batch of n samples and k classes. */
interface BatchSpec {
  readonly n: number;
  readonly k: number;
  readonly classes: readonly number[];
  readonly bits: readonly number[];
  readonly scores: readonly number[];
  readonly weights: readonly number[] | undefined;
  readonly column: boolean;
  readonly indices: boolean;
  readonly damage: Damage | undefined;
  readonly target: 'yTrue' | 'yPred' | 'sampleWeight';
  readonly at: number;
  readonly odd: number;
}
const batch: fc.Arbitrary<BatchSpec> = fc
  .record({ n: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 2, max: 4 }) })
  .chain(({ n, k }) =>
    fc.record({
      n: fc.constant(n),
      k: fc.constant(k),
      classes: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
      bits: fc.array(fc.constantFrom(0, 1), { minLength: n * k, maxLength: n * k }),
      scores: fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: n * k, maxLength: n * k }),
      weights: fc.option(fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: n, maxLength: n }), { nil: undefined }),
      column: fc.boolean(),
      indices: fc.boolean(),
      damage,
      target: fc.constantFrom<BatchSpec['target']>('yTrue', 'yPred', 'yPred', 'sampleWeight'),
      at: fc.nat(),
      odd: oddNumber,
    }),
  );

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** What a batch is for: a binary or multi-output model, predicting probabilities or logits. */
interface Layout {
  readonly multiclass: boolean;
  readonly output: 'softmax' | 'sigmoid';
  readonly logits: boolean;
}

/**
 * Builds consistent yTrue, yPred and sampleWeight for the layout (inside a tidy scope), then applies the damage to
 * the target. Returns plain values for `junk`.
 */
function build(spec: BatchSpec, layout: Layout): { yTrue: unknown; yPred: unknown; sampleWeight: unknown } {
  const { n, k } = spec;
  const columns = layout.multiclass ? k : 1;
  let labels: number[];
  let labelShape: number[];
  if (!layout.multiclass) [labels, labelShape] = [spec.bits.slice(0, n), spec.column ? [n, 1] : [n]];
  else if (layout.output === 'softmax' && spec.indices) [labels, labelShape] = [[...spec.classes], [n]];
  else if (layout.output === 'softmax')
    [labels, labelShape] = [spec.classes.flatMap((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))), [n, k]];
  else [labels, labelShape] = [[...spec.bits], [n, k]];
  const raw = spec.scores.slice(0, n * columns);
  let predictions: number[];
  if (layout.logits) predictions = raw;
  else if (layout.multiclass && layout.output === 'softmax') {
    predictions = [];
    for (let i = 0; i < n; i++) {
      const row = raw.slice(i * k, (i + 1) * k).map(Math.exp);
      const total = row.reduce((a, b) => a + b, 0);
      predictions.push(...row.map((v) => v / total));
    }
  } else predictions = raw.map(sigmoid);
  const predictionShape = layout.multiclass ? [n, k] : spec.column ? [n, 1] : [n];
  const arrays = { yTrue: labels, yPred: predictions, sampleWeight: spec.weights === undefined ? undefined : [...spec.weights] };
  const shapes = { yTrue: labelShape, yPred: predictionShape, sampleWeight: [n] };
  const dtypes: Record<string, 'float32' | 'int32' | 'bool'> = {
    yTrue: layout.multiclass && spec.indices && layout.output === 'softmax' ? 'int32' : 'float32',
    yPred: 'float32',
    sampleWeight: 'float32',
  };
  const target = spec.target === 'sampleWeight' && arrays.sampleWeight === undefined ? 'yPred' : spec.target;
  const values = arrays[target] as number[];
  const shape = shapes[target];
  switch (spec.damage) {
    case 'value':
      values[spec.at % values.length] = spec.odd;
      break;
    case 'dtype':
      dtypes[target] = spec.at % 2 === 0 ? 'int32' : 'bool';
      break;
    case 'shape':
      shapes[target] = spec.at % 2 === 0 ? [1, values.length] : [...shape, 1, 1];
      break;
    case 'empty':
      arrays[target] = [];
      shapes[target] = [0, ...shape.slice(1)];
      break;
    case 'length': {
      const width = shape.length > 1 ? (shape[1] as number) : 1;
      arrays[target] = values.slice(0, values.length - width);
      shapes[target] = [(shape[0] as number) - 1, ...shape.slice(1)];
      break;
    }
    case 'junk':
    case undefined:
      break;
  }
  const tensor = (name: 'yTrue' | 'yPred' | 'sampleWeight'): unknown => {
    const data = arrays[name];
    if (data === undefined) return undefined;
    if (spec.damage === 'junk' && name === target) return spec.at % 3 === 0 ? [...data] : spec.at % 3 === 1 ? null : 'yPred';
    const dtype = dtypes[name] as 'float32' | 'int32' | 'bool';
    return tf.tensor(dtype === 'bool' ? data.map((v) => (v ? 1 : 0)) : data, shapes[name], dtype);
  };
  return { yTrue: tensor('yTrue'), yPred: tensor('yPred'), sampleWeight: tensor('sampleWeight') };
}

/** Takes `plausible` options and, often, breaks one of them (a junk value or an unknown key). */
function breakOne(plausible: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: plausible },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          plausible,
          fc.constantFrom('amplification', 'from', 'classWeight', 'validateLabels', 'average', 'output', 'amplifier', 'threshold', 'typo'),
          fc.oneof(junk, oddNumber),
        )
        .map(([options, key, value]) => ({ ...options, [key]: value })),
    },
    { weight: 1, arbitrary: fc.oneof(junk, fc.constant(undefined)) },
  );
}

const defined = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
const maybe = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(value, { nil: undefined });

/** Plausible options of createLoss / createMetric: binary or multi-output, probabilities or logits. */
const plausibleOptions = (kind: 'loss' | 'metric'): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      average: maybe(fc.constantFrom('macro', 'weighted', 'micro')),
      output: maybe(fc.constantFrom('softmax', 'sigmoid')),
      from: maybe(fc.constantFrom('probabilities', 'logits')),
      validateLabels: maybe(fc.boolean()),
      amplification: kind === 'loss' ? maybe(fc.double({ min: 0.5, max: 80, noNaN: true })) : fc.constant(undefined),
      classWeight:
        kind === 'loss'
          ? maybe(fc.record({ 0: fc.double({ min: 0.1, max: 5, noNaN: true }), 1: fc.double({ min: 0.1, max: 5, noNaN: true }) }))
          : fc.constant(undefined),
      threshold: kind === 'metric' ? maybe(fc.double({ min: 0.05, max: 0.95, noNaN: true })) : fc.constant(undefined),
    })
    .map((options) => {
      // keep combinations that are valid on their own: class weights binary only, threshold not for softmax outputs
      const multi = options.average !== undefined;
      return defined({
        ...options,
        output: multi ? options.output : undefined,
        classWeight: multi ? undefined : options.classWeight,
        threshold: multi && options.output !== 'sigmoid' ? undefined : options.threshold,
      });
    });

/** The batch layout the options ask for (whatever junk they hold). */
function layoutOf(options: unknown): Layout {
  const record = typeof options === 'object' && options !== null ? (options as Record<string, unknown>) : {};
  return {
    multiclass: record['average'] !== undefined,
    output: record['output'] === 'sigmoid' ? 'sigmoid' : 'softmax',
    logits: record['from'] === 'logits',
  };
}

// --- properties ---------------------------------------------------------------------------------------------------

describe('fuzz: every call ends in an AnyLossError or finite numbers', () => {
  it('createLoss: creation, value and gradient', async () => {
    await fc.assert(
      fc.asyncProperty(metricName, breakOne(plausibleOptions('loss')), batch, async (name, options, spec) => {
        const result = await outcome(() => {
          const loss = createLoss(metrics[name], options as never);
          return tf.tidy(() => {
            const { yTrue, yPred, sampleWeight } = build(spec, layoutOf(options)) as {
              yTrue: tf.Tensor;
              yPred: tf.Tensor;
              sampleWeight: tf.Tensor | undefined;
            };
            const value = loss(yTrue, yPred, sampleWeight).dataSync()[0] as number;
            const gradient = tf
              .grad((p: tf.Tensor) => loss(yTrue, p, sampleWeight))(yPred)
              .dataSync();
            return [value, ...gradient];
          });
        });
        assertTypedOrFinite(result, 'createLoss');
      }),
      { numRuns: 300 },
    );
    expectBoth('createLoss');
  });

  it('createMetric: creation and value', async () => {
    await fc.assert(
      fc.asyncProperty(metricName, breakOne(plausibleOptions('metric')), batch, async (name, options, spec) => {
        const result = await outcome(() => {
          const fn = createMetric(metrics[name], options as never);
          return tf.tidy(() => {
            const { yTrue, yPred } = build(spec, layoutOf(options)) as { yTrue: tf.Tensor; yPred: tf.Tensor };
            return [fn(yTrue, yPred).dataSync()[0] as number];
          });
        });
        assertTypedOrFinite(result, 'createMetric');
      }),
      { numRuns: 300 },
    );
    expectBoth('createMetric');
  });

  it('epochMetrics: options, and an evaluation of whatever the model outputs', async () => {
    const options = fc.record({
      plausible: breakOne(
        plausibleOptions('metric').map((record) => {
          const { validateLabels: _ignored, ...rest } = record; // epochMetrics always checks values
          return rest;
        }),
      ),
      metrics: fc.oneof(
        { weight: 10, arbitrary: fc.array(metricName, { minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>([], 'f1', [3]) },
      ),
      inputs: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('tensor', 'array') },
        { weight: 1, arbitrary: fc.constantFrom('empty', 'junk') },
      ),
      batchSize: maybe(fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 2048 }) }, { weight: 1, arbitrary: oddNumber })),
    });
    await fc.assert(
      fc.asyncProperty(options, batch, async ({ plausible, metrics: names, inputs, batchSize }, spec) => {
        const scope: tf.Tensor[] = [];
        try {
          const { yTrue, yPred } = build(spec, layoutOf(plausible));
          for (const value of [yTrue, yPred]) if (value instanceof tf.Tensor) scope.push(value);
          const n = yTrue instanceof tf.Tensor ? (yTrue.shape[0] ?? 1) : 1;
          const x = tf.zeros([n, 2]);
          scope.push(x);
          const validationInputs = inputs === 'tensor' ? x : inputs === 'array' ? [x] : inputs === 'empty' ? [] : 'x';
          // A model whose output is whatever the batch holds as yPred (odd shapes, dtypes and values included).
          const model = { predict: () => (yPred instanceof tf.Tensor ? yPred.clone() : yPred) as tf.Tensor };
          const chosen = Array.isArray(names)
            ? names.map((name) => (typeof name === 'string' ? metrics[name as keyof typeof metrics] : name))
            : names;
          const result = await outcome(async () => {
            const record = typeof plausible === 'object' && plausible !== null ? plausible : {};
            const callback = epochMetrics({
              ...record,
              ...defined({ batchSize }),
              model,
              metrics: chosen,
              validationData: [validationInputs, yTrue],
            } as never);
            const logs: Record<string, number> = {};
            await callback.onEpochEnd(0, logs);
            return Object.values(logs);
          });
          assertTypedOrFinite(result, 'epochMetrics');
        } finally {
          tf.dispose(scope);
        }
      }),
      { numRuns: 200 },
    );
    expectBoth('epochMetrics');
  });

  it('loadModel and saveModel: option objects, sources and destinations', async () => {
    const trained = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
    trained.compile({ optimizer: tf.train.adam(1e-2), loss: createLoss(metrics.f1), metrics: [createMetric(metrics.mcc)] });
    let artifacts: tf.io.ModelArtifacts | undefined;
    const memory = tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    });
    await saveModel(trained, memory);
    const saved = artifacts as tf.io.ModelArtifacts;
    const loadOptions = fc.oneof(
      { weight: 4, arbitrary: fc.constant<unknown>({ loadLayersModel: tf.loadLayersModel }) },
      {
        weight: 3,
        arbitrary: fc
          .record({
            loss: maybe(fc.constantFrom<unknown>(createLoss(metrics.mcc), 'binaryCrossentropy', 'noSuchLoss', 42, {}, [])),
            metrics: maybe(
              fc.array(fc.constantFrom<unknown>(metrics.f1, createMetric(metrics.f1), 'accuracy', { name: 'x' }, 3), { maxLength: 3 }),
            ),
            loadLayersModel: maybe(fc.constantFrom<unknown>(tf.loadLayersModel, () => 3, 'tf.loadLayersModel')),
            loadOptions: maybe(fc.constantFrom<unknown>({ strict: false }, { strict: true }, 7)),
            lossFunction: maybe(fc.constant(1)),
          })
          .map(defined),
      },
      { weight: 1, arbitrary: junk },
    );
    // Sources: the saved artifacts, edited artifacts, junk and URL strings (never http(s): no network in tests).
    const edited: Record<string, tf.io.ModelArtifacts> = {
      artifacts: saved,
      'previous format': {
        ...saved,
        userDefinedMetadata: undefined,
        trainingConfig: (saved.userDefinedMetadata as Record<string, { trainingConfig: tf.io.TrainingConfig }>)['@anyloss/tfjs']
          ?.trainingConfig,
      } as unknown as tf.io.ModelArtifacts,
      'no metadata': { ...saved, userDefinedMetadata: undefined } as unknown as tf.io.ModelArtifacts,
      'bad metadata': {
        ...saved,
        userDefinedMetadata: { '@anyloss/tfjs': { version: 1, trainingConfig: 'x' } },
      } as unknown as tf.io.ModelArtifacts,
      'no topology': { ...saved, modelTopology: { nonsense: 1 } } as tf.io.ModelArtifacts,
      'bad descriptor': {
        ...saved,
        userDefinedMetadata: undefined,
        trainingConfig: { loss: { anyloss: 'anyloss:{"version":1}' } },
      } as unknown as tf.io.ModelArtifacts,
    };
    const source = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom<unknown>('artifacts', 'previous format', 'no metadata') },
      { weight: 2, arbitrary: fc.constantFrom<unknown>('bad metadata', 'no topology', 'bad descriptor') },
      {
        weight: 2,
        arbitrary: fc.oneof(junk, fc.constantFrom('file:///tmp/m/model.json', 'indexeddb://m', 's3://bucket/m', './m.json', '')),
      },
    );
    const saveOptions = fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      {
        weight: 2,
        arbitrary: fc.record({ includeOptimizer: maybe(fc.oneof(fc.boolean(), junk)), trainableOnly: maybe(fc.boolean()) }).map(defined),
      },
      { weight: 1, arbitrary: junk },
    );
    const destination = fc.constantFrom<unknown>('memory', 'memory', 'memory', 'file:///tmp/x', 'indexeddb://x', 42, { load: () => 1 });
    await fc.assert(
      fc.asyncProperty(source, loadOptions, saveOptions, destination, async (choice, options, save, where) => {
        const handler = typeof choice === 'string' && choice in edited ? tf.io.fromMemory(edited[choice] as tf.io.ModelArtifacts) : choice;
        const loaded = await outcome(async () => {
          const model = (await loadModel(handler as never, options as never)) as tf.LayersModel;
          const value = tf.tidy(() => Array.from((model.predict(tf.zeros([1, 2])) as tf.Tensor).dataSync()));
          model.dispose();
          return value;
        });
        assertTypedOrFinite(loaded, 'loadModel');
        const stored = await outcome(async () => {
          await saveModel(trained, (where === 'memory' ? memory : where) as never, save as never);
          return [];
        });
        assertTypedOrFinite(stored, 'saveModel');
      }),
      { numRuns: 80 },
    );
    expectBoth('loadModel');
    expectBoth('saveModel');
    trained.dispose();
  });
});

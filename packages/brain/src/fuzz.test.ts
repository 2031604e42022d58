// Property-based fuzzing of the public entries of @anyloss/brain (issue 12): train and trainAsync on small brain.js
// nets of both versions with fuzzed rows and options, and the building blocks (outputErrorTerms,
// multiOutputErrorTerms, multiOutputMetric, gradientScaleFactor, seededRandom, withSeededRandom). The result is a
// typed AnyLossError or finite numbers — and the net's weights stay finite whatever happened. Core's own entries,
// which brain re-exports, are fuzzed in @anyloss/core. Seeded like every property test; a few seconds.
import fc from 'fast-check';
import { AnyLossError, anyLoss, metrics, type Metric } from '@anyloss/core';
import { multiclassAnyLoss } from '@anyloss/core/multiclass';
import { describe, expect, it } from 'vitest';
import { gradientScaleFactor } from './gradient-scale.js';
import { multiOutputErrorTerms } from './multi-output-error-terms.js';
import { multiOutputMetric } from './multi-output-metric.js';
import { outputErrorTerms } from './output-error-terms.js';
import { seededRandom } from '@anyloss/core';
import { withSeededRandom } from './with-seeded-random.js';
import { parameters, VERSIONS, type BrainNet } from './testing/index.js';
import { train } from './train.js';
import { trainAsync } from './train-async.js';

/** Fails on a non-finite number anywhere in `value`. */
function expectFinite(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const entries = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>).entries() : Object.entries(value);
  for (const [key, element] of entries) expectFinite(element, `${path}.${key}`);
}

/** `action` must throw an AnyLossError or return finite numbers. */
async function typedOrFinite(action: () => unknown): Promise<unknown> {
  try {
    const result = await action();
    expectFinite(result);
    return result;
  } catch (error) {
    if (!(error instanceof AnyLossError)) throw error;
    expect(error.argument.length).toBeGreaterThan(0);
    return undefined;
  }
}

const anyNumber = fc.oneof(fc.double(), fc.constantFrom(0, 1, -0, 5e-324, 1e38, 3.5e38, 1e200, -1e308, Number.NaN, Infinity, -Infinity));
const anyElement = fc.oneof(
  { weight: 4, arbitrary: anyNumber },
  fc.string({ maxLength: 3 }),
  fc.constantFrom(true, null, undefined, Symbol('s'), {}, [], [0, 1], new BigInt64Array(2), new Float32Array(2), () => 1),
  fc.bigInt({ min: -2n, max: 2n }),
);
/** Inputs: mostly ordinary, sometimes at or beyond the float32 range brain.js stores them in. */
const input = fc.oneof(
  { weight: 40, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  fc.constantFrom(1e30, -3.4e38, 3.5e38, 1e200, 5e-324),
);
const validWeight = fc.oneof(fc.double({ min: 0, max: 1e308, noNaN: true }), fc.constantFrom(0, 5e-324, 1, 1e200, 1.7e308));

const metricLike = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<unknown>(metrics.f1, metrics.mcc, metrics.balancedAccuracy, metrics.cohenKappa, metrics.geometricMean),
  },
  fc.constant({
    name: 'duck',
    value: () => Number.NaN,
    partials: () => metrics.f1.partials({ truePositives: 1, falseNegatives: 1, falsePositives: 1, trueNegatives: 1 }),
  }),
  anyElement,
);

interface Case {
  readonly version: number;
  readonly rows: unknown[];
  readonly options: Record<string, unknown> | unknown;
}

/** One corruption: a row, an input element, an output, or an option. */
const corruption = fc.option(
  fc.record({ where: fc.constantFrom('row', 'input', 'output', 'option', 'net'), index: fc.nat(), value: anyElement }),
  { freq: 2, nil: undefined },
);

const trainCase: fc.Arbitrary<Case & { readonly corruptNet: unknown }> = fc
  .record({
    n: fc.integer({ min: 1, max: 8 }),
    d: fc.integer({ min: 1, max: 3 }),
    k: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 3 })),
    objects: fc.boolean(),
    task: fc.constantFrom('multiclass', 'multilabel'),
  })
  .chain(({ n, d, k, objects, task }) =>
    fc
      .record({
        version: fc.constantFrom(0, 1),
        inputs: fc.array(fc.array(input, { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
        labels: fc.array(
          k === 1
            ? fc.constantFrom(0, 1).map((label) => [label])
            : task === 'multiclass'
              ? fc.integer({ min: 0, max: k - 1 }).map((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)))
              : fc.array(fc.constantFrom(0, 1), { minLength: k, maxLength: k }),
          { minLength: n, maxLength: n },
        ),
        options: fc.record(
          {
            metric: metricLike,
            iterations: fc.integer({ min: 1, max: 3 }),
            batchSize: fc.integer({ min: 1, max: 8 }),
            learningRate: fc.oneof(
              { weight: 4, arbitrary: fc.double({ min: 1e-3, max: 3, noNaN: true }) },
              fc.constantFrom(1e5, 1e30, 1e38, 1e300),
            ),
            momentum: fc.double({ min: 0, max: 0.99, noNaN: true }),
            amplification: fc.oneof(fc.double({ min: 0.5, max: 80, noNaN: true }), fc.constantFrom(1e6)),
            gradientScale: fc.constantFrom('sum', 'normalize'),
            shuffle: fc.boolean(),
            seed: fc.integer(),
            sampleWeight: fc.array(validWeight, { minLength: n, maxLength: n }),
            classWeight: fc.record({ 0: validWeight, 1: validWeight }, { requiredKeys: [] }),
          },
          { requiredKeys: ['metric', 'iterations', 'seed'] },
        ),
        corruption,
      })
      .map(({ version, inputs, labels, options, corruption: c }) => {
        let rows: unknown[] = inputs.map((x, i) => ({
          input: objects ? Object.fromEntries(x.map((v, j) => [`x${j}`, v])) : x,
          output: labels[i] as unknown as number[],
        }));
        let withTask: Record<string, unknown> = { ...options };
        if (k > 1) {
          const { classWeight: _classWeight, ...rest } = withTask;
          withTask = { ...rest, average: 'macro', task };
        }
        let corruptNet: unknown;
        if (c !== undefined) {
          const i = c.index % rows.length;
          const row = rows[i] as { input: unknown; output: number[] };
          if (c.where === 'row') rows = rows.map((r, j) => (j === i ? c.value : r));
          if (c.where === 'input')
            rows[i] = {
              ...row,
              input: Array.isArray(row.input)
                ? row.input.map((v, j) => (j === c.index % d ? c.value : v))
                : { ...(row.input as object), x0: c.value },
            };
          if (c.where === 'output') rows[i] = { ...row, output: row.output.map((v, j) => (j === c.index % k ? c.value : v)) };
          if (c.where === 'option') {
            const keys = [...Object.keys(withTask), 'typo'];
            const key = keys[c.index % keys.length] as string;
            // A huge but valid iteration count is not bad input, only slow: keep the case short.
            const tooLong = key === 'iterations' && Number.isInteger(c.value) && (c.value as number) > 3;
            withTask = { ...withTask, [key]: tooLong ? 3 : c.value };
          }
          if (c.where === 'net') corruptNet = c.value;
        }
        return { version, rows, options: withTask, corruptNet };
      }),
  );

/** The net of a case: a fresh brain.js NeuralNetwork of either version, or (corrupted) anything. */
function netFor(testCase: { readonly version: number; readonly corruptNet: unknown }): BrainNet {
  if (testCase.corruptNet !== undefined) return testCase.corruptNet as BrainNet;
  const [, NeuralNetwork] = VERSIONS[testCase.version] as (typeof VERSIONS)[number];
  return new NeuralNetwork({ hiddenLayers: [2] });
}

/** After any call, a real net's weights and biases are finite (a diverged update is never applied). */
function expectFiniteNet(net: BrainNet): void {
  if (typeof net !== 'object' || net === null || !Array.isArray((net as { sizes?: unknown }).sizes)) return; // not a net, or never initialised
  for (const value of parameters(net)) expect(Number.isFinite(value)).toBe(true);
}

describe('fuzz: @anyloss/brain — typed AnyLossError or finite numbers, and the net stays finite', () => {
  it('train(net, data, options)', async () => {
    await fc.assert(
      fc.asyncProperty(trainCase, async (testCase) => {
        const net = netFor(testCase);
        await typedOrFinite(() => train(net, testCase.rows as never, testCase.options as never));
        expectFiniteNet(net);
      }),
      { numRuns: 300 },
    );
  });

  it('trainAsync(net, data, options)', async () => {
    await fc.assert(
      fc.asyncProperty(trainCase, async (testCase) => {
        const net = netFor(testCase);
        await typedOrFinite(() => trainAsync(net, testCase.rows as never, testCase.options as never));
        expectFiniteNet(net);
      }),
      { numRuns: 40 },
    );
  });

  it('outputErrorTerms, multiOutputErrorTerms, multiOutputMetric and gradientScaleFactor', async () => {
    const values = (n: number) =>
      fc.array(fc.oneof({ weight: 9, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, anyElement), { minLength: n, maxLength: n });
    const argument = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: valid }, anyElement);
    const blockCase = fc.record({ n: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 2, max: 3 }) }).chain(({ n, k }) =>
      fc.record({
        n: fc.constant(n),
        k: argument(fc.constant(k)),
        labels: fc.oneof(
          fc.array(fc.constantFrom(0, 1), { minLength: n * k, maxLength: n * k }).map((v) => Float64Array.from(v)),
          anyElement,
        ),
        outputs: fc.oneof(
          {
            weight: 3,
            arbitrary: values(n * k).map((v) => (v.every((x) => typeof x === 'number') ? Float64Array.from(v as number[]) : v)),
          },
          anyElement,
        ),
        probabilities: fc.oneof({ weight: 3, arbitrary: values(n) }, anyElement),
        binaryLabels: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
        scale: argument(fc.constantFrom('sum', 'normalize')),
        gradient: argument(fc.constant(new Float64Array(n))),
        targets: argument(fc.constant(new Float64Array(n * 3))),
        metric: metricLike,
        average: argument(fc.constantFrom('macro', 'micro', 'weighted')),
        task: argument(fc.constantFrom('multiclass', 'multilabel')),
        output: fc.constantFrom('softmax', 'sigmoid'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(blockCase, async (c) => {
        const classes = typeof c.k === 'number' && Number.isInteger(c.k) && c.k >= 2 ? c.k : 2;
        const binary = typedOrFinite(() => anyLoss(c.metric as Metric));
        const loss = await binary;
        await typedOrFinite(() =>
          outputErrorTerms(
            (loss ?? c.metric) as never,
            { labels: Float64Array.from(c.binaryLabels), probabilities: c.probabilities as never },
            c.scale as never,
            c.gradient as never,
            c.targets as never,
          ),
        );
        const multi = await typedOrFinite(() => multiclassAnyLoss(c.metric as Metric, { classes, output: c.output as 'softmax' }));
        await typedOrFinite(() =>
          multiOutputErrorTerms(
            (multi ?? c.metric) as never,
            { labels: c.labels as never, outputs: c.outputs as never, classes: c.k as never },
            c.scale as never,
            c.targets as never,
          ),
        );
        await typedOrFinite(() =>
          multiOutputMetric(c.metric as Metric, c.labels as never, c.outputs as never, c.k as never, c.average as never, c.task as never),
        );
        await typedOrFinite(() => gradientScaleFactor(c.outputs as never, c.scale as never, c.n));
      }),
      { numRuns: 300 },
    );
  });

  it('seededRandom and withSeededRandom', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer(), anyElement),
        fc.oneof(
          fc.constant(() => Math.random()),
          anyElement,
        ),
        async (seed, body) => {
          const random = (await typedOrFinite(() => seededRandom(seed as number))) as (() => number) | undefined;
          if (random !== undefined) for (let i = 0; i < 3; i++) expect(random() >= 0 && random() < 1).toBe(true);
          const original = Math.random;
          await typedOrFinite(() => withSeededRandom(seed as number, body as () => number));
          expect(Math.random).toBe(original);
        },
      ),
      { numRuns: 200 },
    );
  });
});

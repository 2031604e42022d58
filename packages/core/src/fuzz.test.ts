// Property-based fuzzing of every public entry of @anyloss/core and @anyloss/core/multiclass (issue 12): whatever
// arrives — arrays of anything, typed arrays (BigInt64Array included), nested rows, options objects, weights of
// any magnitude, metric-like objects — the result is a typed AnyLossError or finite numbers: never a raw error,
// never NaN or ±Infinity. Seeded like every property test (vitest.setup.ts); a few seconds in all.
//
// Each case is a valid call (so that the numeric code runs: extreme logits, subnormal and 1e308 weights, L up to
// 1e6) with, half of the time, one corruption: an element, a container, a length, an option or the metric.
// Numeric primitives that document "no validation" (sigmoid, ratio, numericPartials, chainRuleCoefficients,
// applyChainRule) are fuzzed over their documented domain instead.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as core from './index.js';
import * as internal from './internal/index.js';
import * as multiclass from './multiclass/index.js';

const { AnyLossError, metrics } = core;

/** Walks a result and fails on a non-finite number anywhere in it (a loss's `metric` is the caller's own object). */
function expectFinite(value: unknown, path = 'result', seen = new Set<unknown>()): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    Array.from(value as unknown as ArrayLike<number>, (element, i) => expectFinite(element, `${path}[${i}]`, seen));
    return;
  }
  for (const [key, element] of Object.entries(value)) if (key !== 'metric') expectFinite(element, `${path}.${key}`, seen);
}

/** Runs `action`: it must throw an AnyLossError (with a code, an argument and a message) or return finite numbers. */
function typedOrFinite<T>(action: () => T): T | undefined {
  let result: T;
  try {
    result = action();
  } catch (error) {
    if (!(error instanceof AnyLossError)) throw error; // a raw TypeError or RangeError fails the property
    expect(typeof error.code).toBe('string');
    expect(error.argument.length).toBeGreaterThan(0);
    expect(error.message.length).toBeGreaterThan(0);
    return undefined;
  }
  expectFinite(result);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------------------------

/** Numbers with every edge: NaN, ±Infinity, −0, subnormals, ±1e308, and ordinary values. */
const anyNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(0, 1, 0.5, -0, 5e-324, 1e-170, 1e200, 1e308, -1e308, Number.NaN, Infinity, -Infinity, 2, -1),
);
/** Anything a careless caller might pass. */
const anyElement = fc.oneof(
  { weight: 4, arbitrary: anyNumber },
  fc.string({ maxLength: 3 }),
  fc.constantFrom(true, null, undefined, Symbol('s'), {}, [], [0.5, 0.5], () => 1),
  fc.bigInt({ min: -2n, max: 2n }),
);
/** Containers that are not arrays of numbers. */
const anyContainer = fc.constantFrom<unknown>(
  new BigInt64Array([1n, 0n]),
  new BigUint64Array(2),
  new DataView(new ArrayBuffer(8)),
  new ArrayBuffer(8),
  null,
  'abc',
  7,
  { length: 2 },
  {},
  [[0.5, 0.5]],
  [],
);

const probability = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 5e-324, 1 - 2 ** -53, 0.5));
const logit = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e308, -1e308, 0, 40, -40, 1e-300));
/** Valid weights of any magnitude, subnormal to 1.7e308. */
const validWeight = fc.oneof(
  fc.double({ min: 0, max: 1e308, noNaN: true }),
  fc.constantFrom(0, 5e-324, 1e-300, 1e-170, 1, 3, 1e200, 1e300, 1.7e308),
);
const amplification = fc.oneof(fc.double({ min: 1e-3, max: 100, noNaN: true }), fc.constantFrom(0.01, 1, 3, 73, 1400, 5000, 1e6));

/** The same numbers as a plain array or one of the typed arrays AnyLoss accepts. */
function asAnyArray(values: readonly number[], labels = false): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>([...values], Float64Array.from(values), labels ? Uint8Array.from(values) : Float32Array.from(values));
}

/** One corruption of one argument (applied by {@link corrupt}). */
interface Corruption {
  readonly target: string;
  readonly kind: 'element' | 'container' | 'length' | 'value';
  readonly index: number;
  readonly element: unknown;
  readonly container: unknown;
}
function corruption(targets: readonly string[]): fc.Arbitrary<Corruption | undefined> {
  return fc.option(
    fc.record({
      target: fc.constantFrom(...targets),
      kind: fc.constantFrom('element', 'element', 'container', 'length', 'value'),
      index: fc.nat(),
      element: anyElement,
      container: anyContainer,
    }),
    { freq: 2, nil: undefined },
  ) as fc.Arbitrary<Corruption | undefined>;
}
/** `value` with `c` applied when `c` targets `target`: an element, the container, the length, or the whole value. */
function corrupt(value: unknown, target: string, c: Corruption | undefined): unknown {
  if (c === undefined || c.target !== target) return value;
  if (c.kind === 'value') return c.element;
  if (c.kind === 'container') return c.container;
  const array = value !== null && typeof value === 'object' && 'length' in value ? Array.from(value as ArrayLike<unknown>) : [];
  if (c.kind === 'length') return c.index % 2 === 0 ? array.slice(1) : [...array, array[0] ?? 0];
  if (array.length > 0) {
    const i = c.index % array.length;
    const row = array[i];
    // In a matrix, corrupt inside a row half of the time.
    if (Array.isArray(row) && row.length > 0 && c.index % 2 === 0)
      array[i] = row.map((v, j) => (j === c.index % row.length ? c.element : v));
    else array[i] = c.element;
  }
  return array;
}

const zeroCells = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
const validCells = fc.record({
  truePositives: validWeight,
  falseNegatives: validWeight,
  falsePositives: validWeight,
  trueNegatives: validWeight,
});
/** Cells: valid (any magnitude), one cell corrupted, or not cells at all. */
const anyCells = fc.oneof(
  { weight: 6, arbitrary: validCells },
  fc
    .tuple(validCells, fc.constantFrom('truePositives', 'falseNegatives', 'falsePositives', 'trueNegatives'), anyElement)
    .map(([cells, name, bad]) => ({ ...cells, [name]: bad })),
  anyElement,
);

const metricLike: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...Object.values(metrics)) },
  fc.double({ min: 1e-3, max: 1e6, noNaN: true }).map((beta) => core.fBeta(beta)),
  // defineMetric with numeric partials and a custom value.
  fc.constant(core.defineMetric({ name: 'custom', value: (c) => (c.truePositives + 1) / (c.truePositives + c.falsePositives + 2) })),
  // Hand-made metric objects (not from defineMetric): a sound one, and ones whose value and partials return anything.
  fc.constant({
    name: 'handMade',
    value: (c: core.ConfusionCells) => metrics.mcc.value(c),
    partials: (c: core.ConfusionCells) => metrics.mcc.partials(c),
  }),
  fc.record({
    name: fc.oneof(fc.constant('duck'), fc.constant(''), anyElement),
    value: fc.oneof(anyNumber, anyElement).map((result) => () => result),
    partials: fc
      .oneof(
        fc.record({ truePositives: anyNumber, falseNegatives: anyNumber, falsePositives: anyNumber, trueNegatives: anyNumber }),
        anyElement,
      )
      .map((result) => () => result),
  }),
  // Closed-form partials so large that the gradient overflows.
  fc.constant(
    core.defineMetric({ name: 'huge', value: () => 0.5, partials: () => ({ ...zeroCells, truePositives: 1e308, falseNegatives: -1e308 }) }),
  ),
  anyElement,
);

/** Options: the valid ones with, when the corruption says so, one bad value, an unknown key, or no object at all. */
function withOptions(valid: Record<string, unknown>, c: Corruption | undefined): unknown {
  if (c === undefined || c.target !== 'options') return valid;
  const keys = Object.keys(valid);
  if (c.kind === 'container') return c.container;
  if (c.kind === 'length' || keys.length === 0) return { ...valid, typo: c.element };
  return { ...valid, [keys[c.index % keys.length] as string]: c.kind === 'value' ? c.element : TYPOS[c.index % TYPOS.length] };
}
/** Near misses of valid option values. */
const TYPOS = ['logit', 'macr', 'sigmod', 'softmx', 'probability', 1e7, 0, -1, Number.NaN, '73', 5, 1.5];
const optionTypos = fc.constantFrom(...TYPOS);

// ---------------------------------------------------------------------------------------------------------------
// @anyloss/core
// ---------------------------------------------------------------------------------------------------------------

const binaryCase = fc
  .record({ n: fc.oneof({ weight: 19, arbitrary: fc.integer({ min: 1, max: 6 }) }, fc.constant(0)), fromLogits: fc.boolean() })
  .chain(({ n, fromLogits }) =>
    fc.record({
      fromLogits: fc.constant(fromLogits),
      yTrue: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }).chain((v) => asAnyArray(v, true)),
      yPred: fc.array(fromLogits ? logit : probability, { minLength: n, maxLength: n }).chain((v) => asAnyArray(v)),
      sampleWeight: fc.option(fc.array(validWeight, { minLength: n, maxLength: n }).chain((v) => asAnyArray(v))),
      classWeight: fc.option(fc.record({ 0: validWeight, 1: validWeight }, { requiredKeys: [] })),
      amplification: fc.option(amplification),
      metric: metricLike,
      corruption: corruption(['yTrue', 'yPred', 'sampleWeight', 'classWeight', 'options', 'callOptions', 'out']),
    }),
  );

describe('fuzz: @anyloss/core — typed AnyLossError or finite numbers, never a raw error, NaN or ±Infinity', () => {
  it('anyLoss(metric, options).loss / .lossAndGradient, softConfusionMatrix and confusionMatrix on the same batch', () => {
    fc.assert(
      fc.property(binaryCase, fc.double({ min: 0, max: 1, noNaN: true }), (batch, threshold) => {
        const c = batch.corruption;
        const yTrue = corrupt(batch.yTrue, 'yTrue', c) as number[];
        const yPred = corrupt(batch.yPred, 'yPred', c) as number[];
        const call: Record<string, unknown> = {};
        if (batch.sampleWeight !== null || c?.target === 'sampleWeight')
          call['sampleWeight'] = corrupt(batch.sampleWeight ?? batch.yTrue, 'sampleWeight', c);
        if (batch.classWeight !== null || c?.target === 'classWeight')
          call['classWeight'] = corrupt(batch.classWeight ?? {}, 'classWeight', c);
        const lossOptions = withOptions(
          {
            from: batch.fromLogits ? 'logits' : 'probabilities',
            ...(batch.amplification === null ? {} : { amplification: batch.amplification }),
          },
          c,
        );
        const loss = typedOrFinite(() => core.anyLoss(batch.metric as core.Metric, lossOptions as core.AnyLossOptions));
        if (loss !== undefined) {
          const callOptions = c?.target === 'callOptions' ? withOptions(call, { ...c, target: 'options' }) : call;
          typedOrFinite(() => loss.loss(yTrue, yPred, callOptions as core.LossCallOptions));
          // out: a fresh buffer of the right length, or (corrupted) one aliasing an input, of a wrong length, or not a buffer.
          const n = (batch.yTrue as ArrayLike<number>).length;
          const outs = [new Float64Array(n), yPred, yTrue, call['sampleWeight'], new Float64Array(n + 1), c?.element];
          const out = c?.target === 'out' ? outs[c.index % outs.length] : outs[0];
          typedOrFinite(() => loss.lossAndGradient(yTrue, yPred, { ...(callOptions as object), out } as core.LossAndGradientOptions));
        }
        const matrixOptions = {
          ...(batch.amplification === null ? {} : { amplification: batch.amplification }),
          from: batch.fromLogits ? 'logits' : 'probabilities',
          ...call,
        };
        typedOrFinite(() => core.softConfusionMatrix(yTrue, yPred, withOptions(matrixOptions, c) as core.SoftConfusionMatrixOptions));
        const { amplification: _amplification, ...hardOptions } = matrixOptions;
        typedOrFinite(() =>
          core.confusionMatrix(yTrue, yPred, withOptions({ ...hardOptions, threshold }, c) as core.ConfusionMatrixOptions),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('metric values and partials (built-in, fBeta, defineMetric, hand-made through readMetric) on cells of any magnitude', () => {
    fc.assert(
      fc.property(metricLike, anyCells, (metric, cells) => {
        const checked = typedOrFinite(() => internal.readMetric(metric));
        if (checked === undefined) return;
        typedOrFinite(() => checked.value(cells as core.ConfusionCells));
        typedOrFinite(() => checked.partials(cells as core.ConfusionCells));
      }),
      { numRuns: 500 },
    );
  });

  it('defineMetric(definition) and fBeta(beta), then the metric on any cells', () => {
    const definition = fc.record(
      {
        name: fc.oneof({ weight: 4, arbitrary: fc.constant('m') }, anyElement),
        value: fc.oneof(
          { weight: 4, arbitrary: fc.constant((c: core.ConfusionCells) => c.truePositives / (c.truePositives + c.falsePositives)) },
          anyNumber.map((result) => () => result),
          anyElement,
        ),
        partials: fc.oneof(
          fc.constant(undefined),
          fc.constant((c: core.ConfusionCells) => metrics.precision.partials(c)),
          anyElement,
        ),
        range: fc.oneof(fc.constant(undefined), fc.tuple(anyNumber, anyNumber), anyElement),
      },
      { requiredKeys: ['name', 'value'] },
    );
    fc.assert(
      fc.property(
        fc.oneof({ weight: 4, arbitrary: definition }, anyElement),
        fc.oneof(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), anyNumber, anyElement),
        anyCells,
        (given, beta, cells) => {
          for (const create of [() => core.defineMetric(given as core.MetricDefinition), () => core.fBeta(beta as number)]) {
            const metric = typedOrFinite(create);
            if (metric === undefined) continue;
            typedOrFinite(() => metric.value(cells as core.ConfusionCells));
            typedOrFinite(() => metric.partials(cells as core.ConfusionCells));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('amplify, amplifyComplement and the exported validators', () => {
    const value = fc.oneof(
      anyElement,
      anyContainer,
      validCells,
      fc.record({ 0: anyNumber, 1: anyNumber }, { requiredKeys: [] }),
      metricLike,
      optionTypos,
    );
    fc.assert(
      fc.property(fc.oneof(probability, anyElement), fc.oneof(amplification, anyElement, fc.constant(undefined)), value, (p, L, given) => {
        typedOrFinite(() => core.amplify(p as number, L as number));
        typedOrFinite(() => core.amplifyComplement(p as number, L as number));
        typedOrFinite(() => internal.assertAmplification(given));
        typedOrFinite(() => internal.assertCells(given));
        typedOrFinite(() => internal.assertMetric(given));
        typedOrFinite(() => internal.assertOptions(given, ['0', '1']));
        typedOrFinite(() => internal.readClassWeight(given));
        typedOrFinite(() => internal.readFrom(given));
        typedOrFinite(() => internal.readThreshold(given));
        expect(typeof internal.describeValue(given)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('numeric primitives over their documented domain: sigmoid, ratio, numericPartials, chainRuleCoefficients, applyChainRule', () => {
    // numericPartials' domain: cells as defineMetric hands them over (checked, largest in [2^-64, 2^64]).
    const cell = fc.oneof(fc.constant(0), fc.double({ min: 2 ** -60, max: 2 ** 60, noNaN: true }));
    const cells = fc.record({ truePositives: cell, falseNegatives: cell, falsePositives: cell, trueNegatives: cell });
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        fc.double({ min: 0, max: 1e300, noNaN: true }),
        cells,
        fc.constantFrom(...Object.values(metrics)),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { maxLength: 5 }),
        (x, denominator, at, metric, signed) => {
          const s = core.sigmoid(x);
          expect(s >= 0 && s <= 1).toBe(true);
          expectFinite(core.ratio(Math.min(denominator, 1e300), denominator));
          expectFinite(core.numericPartials((c) => metric.value(c), at));
          const partials = metric.partials(at);
          expectFinite(core.chainRuleCoefficients(partials));
          const buffer = Float64Array.from(signed);
          core.applyChainRule(partials, buffer, { negative: 2, positive: 0.5 });
          expectFinite(buffer);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// @anyloss/core/multiclass
// ---------------------------------------------------------------------------------------------------------------

const softmax = (row: readonly number[]): number[] => {
  const largest = Math.max(...row);
  const e = row.map((z) => Math.exp(z - largest));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};

const multiclassCase = fc
  .record({
    n: fc.oneof({ weight: 19, arbitrary: fc.integer({ min: 1, max: 5 }) }, fc.constant(0)),
    k: fc.oneof({ weight: 19, arbitrary: fc.integer({ min: 2, max: 4 }) }, fc.constant(1)),
    output: fc.constantFrom('softmax', 'sigmoid'),
    fromLogits: fc.boolean(),
    flat: fc.boolean(),
  })
  .chain(({ n, k, output, fromLogits, flat }) => {
    const scores = fc.array(fc.array(fc.oneof(logit, fc.double({ min: -5, max: 5, noNaN: true })), { minLength: k, maxLength: k }), {
      minLength: n,
      maxLength: n,
    });
    const predictions = scores.map((rows) =>
      rows.map((row) => (fromLogits ? row : output === 'softmax' ? softmax(row) : row.map((z) => 1 / (1 + Math.exp(-z))))),
    );
    const labelRows = fc.array(
      output === 'softmax'
        ? fc.integer({ min: 0, max: k - 1 }).map((c) => Array.from({ length: k }, (_, j) => (j === c ? 1 : 0)))
        : fc.array(fc.constantFrom(0, 1), { minLength: k, maxLength: k }),
      { minLength: n, maxLength: n },
    );
    return fc.record({
      k: fc.constant(k),
      output: fc.constant(output),
      fromLogits: fc.constant(fromLogits),
      flat: fc.constant(flat),
      yTrue: labelRows.chain((rows) =>
        fc.constantFrom<unknown>(
          rows,
          rows.flat(),
          ...(output === 'softmax' ? [rows.map((row) => row.indexOf(1)), Int32Array.from(rows.map((row) => row.indexOf(1)))] : []),
        ),
      ),
      yPred: predictions.chain((rows) =>
        flat
          ? asAnyArray(rows.flat())
          : fc.constantFrom<unknown>(
              rows,
              rows.map((row) => Float64Array.from(row)),
            ),
      ),
      sampleWeight: fc.option(fc.array(validWeight, { minLength: n, maxLength: n }).chain((v) => asAnyArray(v))),
      average: fc.constantFrom('macro', 'micro', 'weighted', undefined),
      amplifier: fc.constantFrom(
        ...(output === 'softmax' ? (['softmax', 'one-vs-rest', undefined] as const) : (['one-vs-rest', undefined] as const)),
      ),
      amplification: fc.option(amplification),
      threshold: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      metric: metricLike,
      corruption: corruption(['yTrue', 'yPred', 'sampleWeight', 'options']),
    });
  });

type MulticlassCase = typeof multiclassCase extends fc.Arbitrary<infer T> ? T : never;

/** The batch of a case, with its corruption applied. */
function multiclassArguments(batch: MulticlassCase): { yTrue: never; yPred: never; sampleWeight: unknown } {
  const c = batch.corruption;
  return {
    yTrue: corrupt(batch.yTrue, 'yTrue', c) as never,
    yPred: corrupt(batch.yPred, 'yPred', c) as never,
    sampleWeight:
      batch.sampleWeight === null && c?.target !== 'sampleWeight' ? undefined : corrupt(batch.sampleWeight ?? [1], 'sampleWeight', c),
  };
}

describe('fuzz: @anyloss/core/multiclass — typed AnyLossError or finite numbers, never a raw error, NaN or ±Infinity', () => {
  it('multiclassAnyLoss / anyLoss(metric, { average, ... }).loss and .lossAndGradient', () => {
    fc.assert(
      fc.property(multiclassCase, fc.boolean(), (batch, viaAnyLoss) => {
        const { yTrue, yPred, sampleWeight } = multiclassArguments(batch);
        const given = withOptions(
          {
            output: batch.output,
            from: batch.fromLogits ? 'logits' : 'probabilities',
            ...(batch.flat || batch.k % 2 === 0 ? { classes: batch.k } : {}),
            ...(batch.amplifier === undefined ? {} : { amplifier: batch.amplifier }),
            ...(batch.amplification === null ? {} : { amplification: batch.amplification }),
            average: batch.average,
          },
          batch.corruption,
        );
        const create = viaAnyLoss
          ? () => multiclass.anyLoss(batch.metric as core.Metric, given as never)
          : () => multiclass.multiclassAnyLoss(batch.metric as core.Metric, given as never);
        const loss = typedOrFinite(create) as multiclass.MulticlassAnyLoss | core.AnyLoss | undefined;
        if (loss === undefined) return;
        const callOptions = sampleWeight === undefined ? undefined : { sampleWeight };
        typedOrFinite(() => loss.loss(yTrue, yPred, callOptions as never));
        typedOrFinite(() => loss.lossAndGradient(yTrue, yPred, callOptions as never));
      }),
      { numRuns: 500 },
    );
  });

  it('multiclassConfusionMatrix and multiclassMetric', () => {
    fc.assert(
      fc.property(multiclassCase, (batch) => {
        const { yTrue, yPred, sampleWeight } = multiclassArguments(batch);
        const valid = {
          output: batch.output,
          from: batch.fromLogits ? 'logits' : 'probabilities',
          ...(batch.flat || batch.k % 2 === 0 ? { classes: batch.k } : {}),
          ...(batch.threshold === null ? {} : { threshold: batch.threshold }),
          ...(sampleWeight === undefined ? {} : { sampleWeight }),
        };
        typedOrFinite(() => multiclass.multiclassConfusionMatrix(yTrue, yPred, withOptions(valid, batch.corruption) as never));
        typedOrFinite(() =>
          multiclass.multiclassMetric(
            batch.metric as core.Metric,
            yTrue,
            yPred,
            withOptions({ ...valid, average: batch.average }, batch.corruption) as never,
          ),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('averageMetric, averagedPartials and sumCells', () => {
    const perClass = fc.oneof(
      { weight: 6, arbitrary: fc.array(validCells, { minLength: 1, maxLength: 4 }) },
      fc.array(anyCells, { maxLength: 4 }),
      anyElement,
    );
    const average = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('macro', 'micro', 'weighted') }, anyElement, optionTypos);
    fc.assert(
      fc.property(metricLike, perClass, average, (metric, cells, kind) => {
        typedOrFinite(() => multiclass.averageMetric(metric as core.Metric, cells as never, kind as never));
        typedOrFinite(() => multiclass.averagedPartials(metric as core.Metric, cells as never, kind as never));
        typedOrFinite(() => multiclass.sumCells(cells as never));
      }),
      { numRuns: 300 },
    );
  });
});

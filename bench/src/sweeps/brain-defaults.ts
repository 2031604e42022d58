import { defineSweep } from './sweep.js';

/** The datasets of the sweep: imbalanced binary sets from 1.4% to 37% positives. */
export const BRAIN_DEFAULTS_DATASETS = [
  'weka-unbalanced',
  'weka-soybean-charcoal-rot-vs-rest',
  'weka-glass-containers-vs-rest',
  'sklearn-digits-0-vs-rest',
  'ddalpha-plasma_retinol_mvsf',
  'ddalpha-bloodtransfusion',
  'weka-credit-g',
  'sklearn-breast_cancer',
] as const;

/** Epochs at which the test F1 is recorded. */
export const BRAIN_DEFAULTS_CHECKPOINTS = [25, 50, 100, 200, 300] as const;

/**
 * `anyloss-bench brain-defaults`: the measurement behind `@anyloss/brain`'s `TRAIN_DEFAULTS` (amplification L,
 * batch size, learning rate, gradient scaling).
 */
export const BRAIN_DEFAULTS = defineSweep({
  name: 'brain-defaults',
  summary: "brain's defaults: test F1 per L, batch, learning rate, scaling",
  description: [
    'Trains brain.js 1.6.1 NeuralNetwork({ hiddenLayers: [8] }) with @anyloss/brain train(net, rows, { metric: metrics.f1,',
    '... }) on eight imbalanced datasets (weka-unbalanced 1.4% positive ... sklearn-breast_cancer 37%), seeds 1 and 2',
    '(split and initialisation; stratified 30% hold-out, features standardised on the training split), and prints',
    `the mean test F1 over datasets × seeds at epochs ${BRAIN_DEFAULTS_CHECKPOINTS.join(', ')} for every configuration:`,
    "stage amplification: brain's own net.train (squared error, learning rates 0.3 and 0.1), then every gradient",
    'scale × L × learning rate at batch 64; stage batch: every gradient scale × batch size × learning rate at',
    '--amplification. --quick: seed 1 only, fewer L, batches and rates.',
  ].join('\n'),
  options: {
    quick: { type: 'flag', help: 'seed 1 only; L 5, 10, 73; batches 32, 128; learning rate 0.1' },
    stage: { type: 'choice', choices: ['all', 'amplification', 'batch'], default: 'all', help: 'which part to run' },
    gradientScales: { type: 'choices', choices: ['sum', 'normalize'], default: ['sum', 'normalize'], help: "train's gradientScale values" },
    amplification: { type: 'number', above: 0, default: 10, help: 'L of the batch stage' },
    learningRates: { type: 'numbers', default: [0.01, 0.03, 0.1, 0.3], help: 'learning rates (--quick: 0.1)' },
    datasets: { type: 'names', help: 'only these datasets (a smoke run)' },
  },
  async run({ options }, io, argv) {
    const { metrics, train, withSeededRandom } = await import('@anyloss/brain');
    const protocol = await import('./brain-protocol.js');
    const quick = options.quick;
    const datasets = options.datasets ?? BRAIN_DEFAULTS_DATASETS;
    const seeds = quick ? [1] : [1, 2];
    const checkpoints: readonly number[] = BRAIN_DEFAULTS_CHECKPOINTS;
    const last = checkpoints[checkpoints.length - 1] as number;
    const rates = quick && !argv.some((arg) => arg.startsWith('--learning-rates')) ? [0.1] : options.learningRates;
    const { holdoutRows } = await import('@anyloss/datasets');
    const splits = new Map<string, ReturnType<typeof holdoutRows>>();
    for (const name of datasets) for (const seed of seeds) splits.set(`${name}:${seed}`, holdoutRows(name, { seed }));
    const split = (name: string, seed: number): ReturnType<typeof holdoutRows> =>
      splits.get(`${name}:${seed}`) as ReturnType<typeof holdoutRows>;

    type Net = ReturnType<typeof protocol.brainNet>;
    type Rows = ReturnType<typeof holdoutRows>['train'];
    /** Mean test F1 per checkpoint over datasets × seeds; `trainNet` trains a fresh net, calling `onIteration` each iteration. */
    const meanTestF1 = (trainNet: (net: Net, rows: Rows, seed: number, onIteration: (iterations: number) => void) => void): number[] => {
      const sums = new Float64Array(checkpoints.length);
      let runs = 0;
      for (const name of datasets) {
        for (const seed of seeds) {
          const { train: rows, test } = split(name, seed);
          const net = protocol.brainNet([8]);
          const scores: number[] = [];
          trainNet(net, rows, seed, (iterations) => {
            if (checkpoints.includes(iterations)) scores.push(protocol.testF1(net, test));
          });
          // brain's own net.train stops early at errorThresh; carry the last score forward.
          while (scores.length < checkpoints.length) scores.push(scores.at(-1) ?? protocol.testF1(net, test));
          scores.forEach((score, i) => (sums[i] = (sums[i] as number) + score));
          runs++;
        }
      }
      return Array.from(sums, (sum) => sum / runs);
    };
    /** One configuration of train(). */
    const measure = (settings: Record<string, unknown>): number[] =>
      meanTestF1((net, rows, seed, onIteration) =>
        train(net as never, rows, {
          metric: metrics.f1,
          seed,
          iterations: last,
          errorThresh: -1,
          callbackPeriod: 1,
          callback: ({ iterations }: { iterations: number }) => onIteration(iterations),
          ...settings,
        }),
      );
    /** brain's own net.train (squared error) at a learning rate. */
    const baseline = (learningRate: number): number[] =>
      meanTestF1((net, rows, seed, onIteration) =>
        withSeededRandom(seed, () =>
          net.train(rows, {
            iterations: last,
            errorThresh: 1e-9,
            learningRate,
            callbackPeriod: 1,
            callback: ({ iterations }: { iterations: number }) => onIteration(iterations),
          }),
        ),
      );

    const out = (line: string): unknown => io.stdout.write(`${line}\n`);
    const row = (label: string, values: number[]): unknown => out(`| ${label} | ${values.map((v) => v.toFixed(3)).join(' | ')} |`);
    out(`datasets: ${datasets.join(', ')}; seeds ${seeds.join(', ')}; hiddenLayers [8]; mean test F1 (30% stratified hold-out)`);
    out(`| configuration | ${checkpoints.map((c) => `epoch ${c}`).join(' | ')} |`);
    out(`|---|${checkpoints.map(() => '---').join('|')}|`);
    if (options.stage === 'all' || options.stage === 'amplification') {
      for (const learningRate of [0.3, 0.1]) row(`brain net.train (MSE), learningRate ${learningRate}`, baseline(learningRate));
      for (const gradientScale of options.gradientScales) {
        for (const amplification of quick ? [5, 10, 73] : [5, 10, 20, 30, 73]) {
          for (const learningRate of rates) {
            row(
              `${gradientScale}, L ${amplification}, batch 64, lr ${learningRate}`,
              measure({ amplification, batchSize: 64, learningRate, gradientScale }),
            );
          }
        }
      }
    }
    if (options.stage === 'all' || options.stage === 'batch') {
      const amplification = options.amplification;
      for (const gradientScale of options.gradientScales) {
        for (const batchSize of quick ? [32, 128] : [16, 32, 128, 100000]) {
          for (const learningRate of rates) {
            row(
              `${gradientScale}, L ${amplification}, batch ${batchSize === 100000 ? 'full' : batchSize}, lr ${learningRate}`,
              measure({ amplification, batchSize, learningRate, gradientScale }),
            );
          }
        }
      }
    }
    return 0;
  },
});

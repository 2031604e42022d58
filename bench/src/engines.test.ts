import { describe, expect, it } from 'vitest';
import { loadCorpusDataset } from './dataset.js';
import { loadEngine } from './engines.js';
import { runBenchmark } from './run.js';

const dataset = loadCorpusDataset('ddalpha-iris_setosavsversicolor');

describe('adapter engines', () => {
  it('tfjs: trains the logistic unit with @anyloss/tfjs and BCE, learns, and full-batch runs repeat exactly', async () => {
    const engine = await loadEngine('tfjs');
    const config = { datasets: [dataset], losses: ['bce', 'f1'] as const, model: 'logistic' as const, engine, folds: 2, seed: 3, epochs: 40 };
    const first = await runBenchmark(config);
    const second = await runBenchmark(config);
    for (const result of first) expect(result.metrics.balancedAccuracy).toBeGreaterThan(0.9);
    expect(second.map((r) => r.metrics)).toEqual(first.map((r) => r.metrics));
  });

  it('brain: trains AnyLoss with @anyloss/brain and MSE natively, and rejects BCE clearly', async () => {
    const engine = await loadEngine('brain');
    const results = await runBenchmark({ datasets: [dataset], losses: ['mse', 'f1'], model: 'mlp', engine, folds: 2, seed: 3, epochs: 60, batchSize: 10, learningRate: 0.3 });
    expect(results.map((r) => r.engine)).toEqual(['brain', 'brain']);
    expect(results.find((r) => r.loss === 'f1')?.metrics.balancedAccuracy).toBeGreaterThan(0.9);
    await expect(runBenchmark({ datasets: [dataset], losses: ['bce'], model: 'logistic', engine, folds: 2, seed: 3, epochs: 5 })).rejects.toThrow(
      /engine brain cannot train loss "bce"/,
    );
  });
});

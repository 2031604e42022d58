import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { loadCorpusDataset } from './dataset.js';
import { coreEngine } from './engines.js';
import { runBenchmark } from './run.js';

function sink(): { write: (text: string) => void; text: () => string; isTTY: false } {
  let buffer = '';
  return { write: (text) => void (buffer += text), text: () => buffer, isTTY: false };
}

const strip = (results: Awaited<ReturnType<typeof runBenchmark>>) => results.map(({ seconds: _s, secondsPerEpoch: _e, ...rest }) => rest);

describe('runBenchmark', () => {
  it('gives identical results (all but timings) on a rerun with the same seed, for both models', async () => {
    const datasets = [loadCorpusDataset('weka-glass-containers-vs-rest')];
    for (const model of ['logistic', 'mlp'] as const) {
      const config = { datasets, losses: ['bce', 'f1', 'balancedAccuracy'] as const, model, engine: coreEngine, folds: 3, seed: 5, epochs: 30 };
      const first = await runBenchmark(config);
      const second = await runBenchmark(config);
      expect(strip(second)).toEqual(strip(first));
      const other = await runBenchmark({ ...config, seed: 6 });
      expect(strip(other)).not.toEqual(strip(first));
    }
  });

  it('learns: AnyLoss-F1 and BCE both beat chance on an easy set', async () => {
    const results = await runBenchmark({
      datasets: [loadCorpusDataset('ddalpha-iris_setosavsversicolor')],
      losses: ['bce', 'f1'],
      model: 'logistic',
      engine: coreEngine,
      folds: 3,
      seed: 1,
      epochs: 100,
    });
    for (const result of results) expect(result.metrics.balancedAccuracy).toBeGreaterThan(0.9);
  });
});

describe('anyloss-bench command', () => {
  it('demo prints one table row per dataset and loss, the means, and where the report went', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(['--', 'demo', '--epochs', '20', '--folds', '2', '--report', 'report', '--json', 'r.json'], { stdout, stderr, cwd: dir, root: dir });
    expect(code).toBe(0);
    const lines = stdout.text().split('\n');
    const tableRows = lines.filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
    expect(tableRows[0]).toBe('| dataset | positives | loss | F1 | balanced acc. | accuracy | G-mean | MCC | train s |');
    expect(tableRows.filter((line) => !line.startsWith('| dataset') && !line.startsWith('| **mean'))).toHaveLength(6 * 3);
    expect(tableRows.filter((line) => line.startsWith('| **mean of 6**'))).toHaveLength(3);
    expect(stdout.text()).toContain('Report written to report/index.md');
    expect(existsSync(join(dir, 'report', 'f1-scatter.svg'))).toBe(true);
    expect(existsSync(join(dir, 'report', 'f1-gain.svg'))).toBe(true);
    expect(existsSync(join(dir, 'report', 'time-per-epoch.svg'))).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { results: { dataset: string; loss: string; model: string; engine: string; folds: number; metrics: Record<string, number>; seconds: number }[] };
    expect(json.results).toHaveLength(18);
    expect(Object.keys(json.results[0]?.metrics ?? {})).toEqual(expect.arrayContaining(['f1', 'balancedAccuracy', 'accuracy', 'geometricMean', 'mcc']));
    expect(json.results[0]).toMatchObject({ model: 'logistic', engine: 'core', folds: 2 });
    expect(stderr.text()).toContain('demo [');
  });

  it('exits with code 2 and a clear message for usage errors', async () => {
    for (const argv of [['--bogus'], ['--folds', 'x'], ['--datasets', 'no-such-set'], ['--data', 'missing.csv', '--target', 'y'], ['reproduce', '--model', 'mlp']]) {
      const stderr = sink();
      const code = await runCli(argv, { stdout: sink(), stderr, cwd: tmpdir() });
      expect(code).toBe(2);
      expect(stderr.text()).toMatch(/^anyloss-bench: .+\nRun with --help for usage\.\n$/);
    }
  });

  it('runs a user CSV, reporting dropped rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-bench-'));
    const rows = ['x1,x2,kind,y'];
    for (let i = 0; i < 40; i++) rows.push(`${i},${(i * 7) % 11},${i % 2 ? 'a' : 'b'},${i % 4 === 0 ? 'rare' : 'common'}`);
    rows.push('1,,a,common');
    writeFileSync(join(dir, 'mine.csv'), rows.join('\n'));
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(['--data', 'mine.csv', '--target', 'y', '--one-hot', '--folds', '2', '--epochs', '10', '--quiet'], { stdout, stderr, cwd: dir });
    expect(code).toBe(0);
    expect(stderr.text()).toContain('dropped 1 row(s) with a missing value (CSV lines 42)');
    expect(stderr.text()).toContain('class 1 (positive, minority) = "rare"');
    expect(stdout.text()).toContain('| mine | 25.0% | BCE |');
  });

  it('prints help', async () => {
    const stdout = sink();
    expect(await runCli(['--help'], { stdout, stderr: sink() })).toBe(0);
    expect(stdout.text()).toContain('anyloss-bench demo');
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '@anyloss/datasets';
import { describe, expect, it } from 'vitest';
import { polylinePoints, prepareSplit } from './.vitepress/theme/demo-data';
import { DEMO_SETTINGS } from './.vitepress/theme/demo-settings.mjs';

const csv = (name: string): string => readFileSync(fileURLToPath(new URL(`../datasets/data/${name}.csv`, import.meta.url)), 'utf8');
const count = (labels: readonly number[], value: number): number => labels.filter((l) => l === value).length;
/** The standardised rows of a part, one array per row. */
const rowsOf = (x: Float64Array, width: number): number[][] =>
  Array.from({ length: x.length / width }, (_, r) => Array.from(x.subarray(r * width, (r + 1) * width)));

describe('demo data preparation', () => {
  it('splits stratified: the validation share of each class, rounded, no row lost or duplicated', () => {
    const glass = loadDataset('weka-glass-containers-vs-rest'); // the package's own loader, for reference
    const split = prepareSplit(csv('weka-glass-containers-vs-rest'), 'glass');
    const labels = Array.from(glass.labels);
    expect(split.featureNames).toEqual(glass.featureNames);
    expect(split.train.y.length + split.validation.y.length).toBe(labels.length);
    expect(DEMO_SETTINGS.validationShare).toBe(0.3); // the counts below are for 30%
    expect([count(labels, 1), count(labels, 0)]).toEqual([13, 201]); // the glass data (datasets/manifest.json)
    expect(count(split.validation.y, 1)).toBe(4); // round(13 · 0.3) = round(3.9)
    expect(count(split.validation.y, 0)).toBe(60); // round(201 · 0.3) = round(60.3)
    // No row lost or duplicated: the standardised rows of both parts are the data's rows, in some order.
    const { mean, scale } = split.standardizer;
    const key = (row: readonly number[]): string => row.map((v) => v.toFixed(9)).join(',');
    const original = glass.features.map((row) => key(Array.from(row, (v, j) => (v - (mean[j] as number)) / (scale[j] as number)))).sort();
    expect([...rowsOf(split.train.x, split.width), ...rowsOf(split.validation.x, split.width)].map(key).sort()).toEqual(original);
  });

  it('is seeded: the same split for the same seed, another for another seed', () => {
    const text = csv('ddalpha-plasma_retinol_mvsf');
    const a = prepareSplit(text, 'plasma');
    expect(Array.from(prepareSplit(text, 'plasma', { seed: DEMO_SETTINGS.splitSeed }).validation.x)).toEqual(Array.from(a.validation.x));
    expect(Array.from(prepareSplit(text, 'plasma', { seed: DEMO_SETTINGS.splitSeed + 1 }).validation.x)).not.toEqual(
      Array.from(a.validation.x),
    );
  });

  it('is described truly in docs/demo.md (its glass numbers are what the split does)', () => {
    const page = readFileSync(fileURLToPath(new URL('./demo.md', import.meta.url)), 'utf8').replace(/\s+/g, ' ');
    const labels = Array.from(loadDataset('weka-glass-containers-vs-rest').labels);
    const split = prepareSplit(csv('weka-glass-containers-vs-rest'), 'glass');
    const held = /for glass (\d+) of its (\d+) positives and (\d+) of its (\d+) negatives/.exec(page);
    expect(held?.slice(1).map(Number)).toEqual([
      count(split.validation.y, 1),
      count(labels, 1),
      count(split.validation.y, 0),
      count(labels, 0),
    ]);
    const training = /Glass has only (\d+) positives among its (\d+) training rows/.exec(page);
    expect(training?.slice(1).map(Number)).toEqual([count(split.train.y, 1), split.train.y.length]);
    const validation = /Its validation set holds only (\d+) positives/.exec(page);
    expect(Number(validation?.[1])).toBe(count(split.validation.y, 1));
  });

  it('standardises with training statistics only', () => {
    const split = prepareSplit(csv('ddalpha-bloodtransfusion'), 'blood');
    const train = rowsOf(split.train.x, split.width);
    for (let j = 0; j < split.width; j++) {
      const column = train.map((row) => row[j] as number);
      const mean = column.reduce((s, v) => s + v, 0) / column.length;
      const variance = column.reduce((s, v) => s + (v - mean) ** 2, 0) / column.length;
      expect(mean).toBeCloseTo(0, 10);
      expect(variance).toBeCloseTo(1, 10);
    }
    // The validation rows use the same transformation, so their statistics are NOT exactly 0 and 1.
    const validation = rowsOf(split.validation.x, split.width);
    const validationMean = validation.reduce((s, row) => s + (row[0] as number), 0) / validation.length;
    expect(Math.abs(validationMean)).toBeGreaterThan(1e-6);
  });

  it('rejects a CSV that is not a binary data file, naming the dataset', () => {
    expect(() => prepareSplit('a,b\n1,2\n', 'mine')).toThrow(/Dataset "mine": the last column is "b", expected "class"/);
    expect(() => prepareSplit('a,class\n1,2\n', 'mine')).toThrow(/row 1 has class "2", expected 0\.\.1/);
    expect(() => prepareSplit('a,class\n1\n', 'mine')).toThrow(/row 1 has 1 fields, expected 2/);
  });

  it('maps values to chart coordinates', () => {
    expect(polylinePoints([0, 1, 0.5], { width: 100, height: 10, maxLength: 3, low: 0, high: 1 })).toBe('0.0,10.0 50.0,0.0 100.0,5.0');
    expect(polylinePoints([2], { width: 100, height: 10, maxLength: 1, low: 0, high: 1 })).toBe('0.0,0.0');
  });
});

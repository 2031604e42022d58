import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '@anyloss/datasets';
import { describe, expect, it } from 'vitest';
import { parseCsv, polylinePoints, prepareSplit, validationCount } from './.vitepress/theme/demo-data';
import { DEMO_SETTINGS } from './.vitepress/theme/demo-settings.mjs';

const csv = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../datasets/data/${name}.csv`, import.meta.url)), 'utf8');

describe('demo data preparation', () => {
  it('parses a bundled CSV exactly as the datasets loader does', () => {
    const table = parseCsv(csv('weka-glass-containers-vs-rest'));
    const reference = loadDataset('weka-glass-containers-vs-rest'); // the package's own loader
    expect(table.featureNames).toEqual(reference.featureNames);
    expect(table.labels).toEqual(Array.from(reference.labels));
    expect(table.rows.map((row) => Array.from(row))).toEqual(reference.features.map((row) => Array.from(row)));
  });

  it('splits stratified: the validation share of each class, rounded, no row lost or duplicated', () => {
    const table = parseCsv(csv('weka-glass-containers-vs-rest'));
    const split = prepareSplit(table);
    const count = (labels: readonly number[], value: number): number => labels.filter((l) => l === value).length;
    const positives = count(table.labels, 1);
    const negatives = count(table.labels, 0);
    expect(split.train.y.length + split.validation.y.length).toBe(table.labels.length);
    expect(DEMO_SETTINGS.validationShare).toBe(0.3); // the counts below are for 30%
    expect([positives, negatives]).toEqual([13, 201]); // the glass data (datasets/manifest.json)
    expect(count(split.validation.y, 1)).toBe(4); // round(13 · 0.3) = round(3.9)
    expect(count(split.validation.y, 0)).toBe(60); // round(201 · 0.3) = round(60.3)
    expect(validationCount(positives, 0.3)).toBe(4);
    // No row lost or duplicated: the standardised rows of both parts are the table's rows, in some order.
    const key = (row: readonly number[]): string => row.map((v) => v.toFixed(9)).join(',');
    const original = table.rows.map((row) => key(row.map((v, j) => (v - (split.mean[j] as number)) / (split.standardDeviation[j] as number)))).sort();
    expect([...split.train.x, ...split.validation.x].map(key).sort()).toEqual(original);
  });

  it('spreads the validation rows evenly over each class', () => {
    // Class rows in file order; with 10 rows at 30% the 3 chosen are the 4th, 7th and 10th (k = 3, 6, 9).
    const table = { featureNames: ['x'], rows: Array.from({ length: 20 }, (_, i) => [i]), labels: Array.from({ length: 20 }, (_, i) => i % 2) };
    const split = prepareSplit(table, 0.3);
    expect(split.validation.y).toEqual([0, 1, 0, 1, 0, 1]);
    const rows = split.validation.x.map((row) => Math.round((row[0] as number) * (split.standardDeviation[0] as number) + (split.mean[0] as number)));
    expect(rows).toEqual([6, 7, 12, 13, 18, 19]);
  });

  it('is described truly in docs/demo.md (its glass numbers are what the split does)', () => {
    const page = readFileSync(fileURLToPath(new URL('./demo.md', import.meta.url)), 'utf8').replace(/\s+/g, ' ');
    const table = parseCsv(csv('weka-glass-containers-vs-rest'));
    const split = prepareSplit(table);
    const count = (labels: readonly number[], value: number): number => labels.filter((l) => l === value).length;
    const held = /for glass (\d+) of its (\d+) positives and (\d+) of its (\d+) negatives/.exec(page);
    expect(held?.slice(1).map(Number)).toEqual([count(split.validation.y, 1), count(table.labels, 1), count(split.validation.y, 0), count(table.labels, 0)]);
    const training = /Glass has only (\d+) positives among its (\d+) training rows/.exec(page);
    expect(training?.slice(1).map(Number)).toEqual([count(split.train.y, 1), split.train.y.length]);
    const validation = /Its validation set holds only (\d+) positives/.exec(page);
    expect(Number(validation?.[1])).toBe(count(split.validation.y, 1));
  });

  it('standardises with training statistics only', () => {
    const split = prepareSplit(parseCsv(csv('ddalpha-bloodtransfusion')));
    for (let j = 0; j < split.featureNames.length; j++) {
      const column = split.train.x.map((row) => row[j] as number);
      const mean = column.reduce((s, v) => s + v, 0) / column.length;
      const variance = column.reduce((s, v) => s + (v - mean) ** 2, 0) / column.length;
      expect(mean).toBeCloseTo(0, 10);
      expect(variance).toBeCloseTo(1, 10);
    }
    // The validation rows use the same transformation, so their statistics are NOT exactly 0 and 1.
    const validationMean = split.validation.x.reduce((s, row) => s + (row[0] as number), 0) / split.validation.x.length;
    expect(Math.abs(validationMean)).toBeGreaterThan(1e-6);
  });

  it('rejects malformed CSVs', () => {
    expect(() => parseCsv('a,b\n1,2\n')).toThrow(/class/);
    expect(() => parseCsv('a,class\n1,2\n')).toThrow(/0 or 1/);
    expect(() => parseCsv('a,class\n1\n')).toThrow(/2 numbers/);
  });

  it('maps values to chart coordinates', () => {
    expect(polylinePoints([0, 1, 0.5], { width: 100, height: 10, maxLength: 3, low: 0, high: 1 })).toBe('0.0,10.0 50.0,0.0 100.0,5.0');
    expect(polylinePoints([2], { width: 100, height: 10, maxLength: 1, low: 0, high: 1 })).toBe('0.0,0.0');
  });
});

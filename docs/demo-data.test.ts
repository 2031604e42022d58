import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '@anyloss/datasets';
import { describe, expect, it } from 'vitest';
import { parseCsv, polylinePoints, prepareSplit } from './.vitepress/theme/demo-data';

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

  it('splits stratified: 30% of each class to validation, no row lost or duplicated', () => {
    const table = parseCsv(csv('weka-glass-containers-vs-rest'));
    const split = prepareSplit(table);
    const count = (labels: readonly number[], value: number): number => labels.filter((l) => l === value).length;
    const positives = count(table.labels, 1);
    const negatives = count(table.labels, 0);
    expect(split.train.y.length + split.validation.y.length).toBe(table.labels.length);
    // Within each class, rows k with k mod 10 < 3 go to validation.
    const validationShare = (n: number): number => Math.floor(n / 10) * 3 + Math.min(3, n % 10);
    expect(count(split.validation.y, 1)).toBe(validationShare(positives));
    expect(count(split.validation.y, 0)).toBe(validationShare(negatives));
    expect(split.validation.y.length).toBe(67); // the e2e test relies on this (glass: 13 positives → 6, 201 negatives → 61)
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

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { listDatasets, loadDataset, parseCsv } from './index.js';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8'));

describe('manifest', () => {
  it('is non-empty, sorted by name, with valid unique names', () => {
    expect(manifest.length).toBeGreaterThan(0);
    const names = manifest.map((d) => d.name);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9_-]+$/);
  });

  it('has consistent counts and provenance', () => {
    for (const d of manifest) {
      expect(d.classCounts.reduce((a, b) => a + b, 0), d.name).toBe(d.rows);
      expect(d.classNames.length, d.name).toBe(d.classCounts.length);
      expect(d.rows, d.name).toBeGreaterThanOrEqual(100);
      expect(d.source.debianPackage, d.name).toMatch(/\S/);
      expect(d.source.version, d.name).toMatch(/\S/);
      expect(d.source.file, d.name).toMatch(/^usr\//);
      expect(d.licence, d.name).toMatch(/\S/);
      expect(d.droppedRows, d.name).toBeGreaterThanOrEqual(0);
      for (const c of d.classCounts) expect(c, d.name).toBeGreaterThan(0);
      if (d.task === 'binary') {
        expect(d.classCounts.length, d.name).toBe(2);
        expect(d.classCounts[1], d.name).toBeLessThanOrEqual(d.classCounts[0]);
        expect(d.classCounts[1], d.name).toBeGreaterThanOrEqual(10);
        expect(d.positiveShare, d.name).toBe(Number((d.classCounts[1] / d.rows).toFixed(4)));
      } else {
        expect(d.task, d.name).toBe('multiclass');
        expect(d.classCounts.length, d.name).toBeGreaterThan(2);
        expect(d.positiveShare, d.name).toBeUndefined();
      }
    }
  });

  it('covers a wide range of positive shares', () => {
    const shares = manifest.filter((d) => d.task === 'binary').map((d) => d.positiveShare);
    expect(Math.min(...shares)).toBeLessThan(0.02);
    expect(Math.max(...shares)).toBe(0.5);
  });
});

describe('listDatasets', () => {
  it('returns all entries, or those of one task', () => {
    expect(listDatasets().map((d) => d.name)).toEqual(manifest.map((d) => d.name));
    const bin = listDatasets({ task: 'binary' });
    const multi = listDatasets({ task: 'multiclass' });
    expect(bin.length + multi.length).toBe(manifest.length);
    expect(bin.every((d) => d.task === 'binary')).toBe(true);
    expect(multi.every((d) => d.task === 'multiclass')).toBe(true);
  });

  it('returns copies', () => {
    const [first] = listDatasets();
    first.rows = -1;
    expect(listDatasets()[0].rows).not.toBe(-1);
  });

  it('rejects an unknown task', () => {
    expect(() => listDatasets({ task: 'regression' })).toThrow(/regression/);
  });
});

describe('loadDataset', () => {
  for (const d of manifest) {
    it(`loads ${d.name}`, () => {
      const ds = loadDataset(d.name);
      expect(ds.name).toBe(d.name);
      expect(ds.info).toEqual(d);
      expect(ds.featureNames.length).toBe(d.features);
      expect(new Set(ds.featureNames).size).toBe(d.features);
      for (const f of ds.featureNames) expect(f).toMatch(/^[a-z0-9_]+$/);
      expect(ds.features.length).toBe(d.rows);
      expect(ds.labels).toBeInstanceOf(Int32Array);
      expect(ds.labels.length).toBe(d.rows);
      for (const x of ds.features) {
        expect(x).toBeInstanceOf(Float64Array);
        expect(x.length).toBe(d.features);
        for (const v of x) if (!Number.isFinite(v)) throw new Error(`${d.name}: non-finite feature`);
      }
      const counts = new Array(d.classNames.length).fill(0);
      for (const y of ds.labels) counts[y]++;
      expect(counts).toEqual(d.classCounts);
      if (d.task === 'binary') {
        expect(ds.labels.every((y) => y === 0 || y === 1)).toBe(true);
        expect(counts[1]).toBeLessThanOrEqual(counts[0]);
      }
    });
  }

  it('throws a clear error for an unknown dataset', () => {
    expect(() => loadDataset('no-such-set')).toThrow(/Unknown dataset "no-such-set"/);
  });
});

describe('parseCsv', () => {
  it('parses plain CSV with a trailing newline', () => {
    expect(parseCsv('a,b,class\n1,2,0\n3.5,-4,1\n')).toEqual({
      header: ['a', 'b', 'class'],
      rows: [
        ['1', '2', '0'],
        ['3.5', '-4', '1'],
      ],
    });
  });

  it('handles quoted fields, escaped quotes, embedded commas/newlines and CRLF', () => {
    const text = 'name,"note, with comma"\r\n"say ""hi""","multi\nline"\r\n,""\r\n';
    expect(parseCsv(text)).toEqual({
      header: ['name', 'note, with comma'],
      rows: [
        ['say "hi"', 'multi\nline'],
        ['', ''],
      ],
    });
  });

  it('skips empty lines and tolerates a missing final newline', () => {
    expect(parseCsv('x\n\n1\n2')).toEqual({ header: ['x'], rows: [['1'], ['2']] });
    expect(parseCsv('')).toEqual({ header: [], rows: [] });
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('a\n"oops\n')).toThrow(/unterminated/);
  });
});

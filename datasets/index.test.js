import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catchAnyLossError } from '@anyloss/test-utils';
import { describe, it, expect } from 'vitest';
import { holdoutRows, listDatasets, loadDataset, parseCsv, readDatasetCsv, stratifiedHoldout } from './index.js';

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
      expect(
        d.classCounts.reduce((a, b) => a + b, 0),
        d.name,
      ).toBe(d.rows);
      expect(d.classNames.length, d.name).toBe(d.classCounts.length);
      expect(d.rows, d.name).toBeGreaterThanOrEqual(100);
      expect(d.source.debianPackage, d.name).toMatch(/\S/);
      expect(d.source.version, d.name).toMatch(/\S/);
      expect(d.source.file, d.name).toMatch(/^usr\//);
      expect(d.licence, d.name).toMatch(/\S/);
      expect(['original', 'extended'], d.name).toContain(d.collection);
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

  it('keeps the original collection byte for byte (the paper reproduction runs on it)', () => {
    const original = manifest.filter((d) => d.collection === 'original');
    expect(original.length).toBe(63);
    expect(original.filter((d) => d.task === 'binary').length).toBe(55);
    const hash = createHash('sha256');
    for (const d of original) hash.update(fs.readFileSync(path.join(ROOT, 'data', `${d.name}.csv`)));
    // sha256 of the 63 original CSVs concatenated in name order, as first committed (before the extended collection)
    expect(hash.digest('hex')).toBe('27e37d15718969621b400e6a1b2a1e31cedabf32c8b4a016477cbb72c1b912bd');
  });

  it('extended collection: imbalanced binary tasks with R-object provenance', () => {
    const extended = manifest.filter((d) => d.collection === 'extended');
    expect(extended.length).toBeGreaterThanOrEqual(15);
    for (const d of extended) {
      expect(d.task, d.name).toBe('binary');
      expect(d.positiveShare, d.name).toBeLessThan(0.4);
      expect(d.name, d.name).toMatch(/^(modeldata|aer|mlbench|kernlab|mass|statsmodels)-/);
      if (d.source.debianPackage.startsWith('r-cran-')) {
        expect(d.source.object, d.name).toMatch(/\S/);
        expect(d.source.file, d.name).toMatch(/\/data\/(Rdata\.rdb|[^/]+\.rda)$/);
      } else {
        expect(d.source.object, d.name).toBeUndefined();
      }
    }
    expect(extended.filter((d) => d.positiveShare < 0.1).length).toBeGreaterThanOrEqual(5);
    expect(extended.filter((d) => d.positiveShare < 0.3).length).toBeGreaterThanOrEqual(15);
    // no extended set is a copy of another set (same values and labels)
    for (const d of extended) expect(d.notes, d.name).not.toMatch(/Same values and labels as/);
  });

  it('marks derived tasks, with a parent of the same shape when the parent is in the corpus', () => {
    const derived = manifest.filter((d) => d.derived !== undefined);
    expect(derived.length).toBeGreaterThanOrEqual(3);
    for (const d of derived) {
      expect(d.task, d.name).toBe('binary');
      expect(['one-vs-rest', 'threshold'], d.name).toContain(d.derived.kind);
      expect(d.derived.rule, d.name).toMatch(/ (==|>) /);
      expect(d.classNames[1], d.name).toBe(d.derived.kind === 'threshold' ? d.derived.rule : JSON.parse(d.derived.rule.split(' == ')[1]));
      if (d.derived.parent !== null) {
        const parent = manifest.find((p) => p.name === d.derived.parent);
        expect(parent?.task, d.name).toBe('multiclass');
        expect([parent.rows, parent.features, parent.collection], d.name).toEqual([d.rows, d.features, d.collection]);
        const k = parent.classNames.indexOf(d.classNames[1]);
        const a = loadDataset(d.name);
        const b = loadDataset(parent.name);
        expect(Array.from(a.labels), d.name).toEqual(Array.from(b.labels, (y) => (y === k ? 1 : 0)));
        expect(a.features, d.name).toEqual(b.features);
      } else {
        expect(d.collection, d.name).toBe('extended');
      }
    }
  });
});

describe('listDatasets', () => {
  const names = (list) => list.map((d) => d.name);
  const original = manifest.filter((d) => d.collection === 'original');

  it('returns the original collection by default, or those of one task', () => {
    expect(names(listDatasets())).toEqual(names(original));
    expect(names(listDatasets({ collection: 'original' }))).toEqual(names(original));
    const bin = listDatasets({ task: 'binary' });
    const multi = listDatasets({ task: 'multiclass' });
    expect(bin.length + multi.length).toBe(original.length);
    expect(bin.every((d) => d.task === 'binary' && d.collection === 'original')).toBe(true);
    expect(multi.every((d) => d.task === 'multiclass' && d.collection === 'original')).toBe(true);
  });

  it('returns the extended collection, or all datasets', () => {
    expect(names(listDatasets({ collection: 'all' }))).toEqual(names(manifest));
    const extended = listDatasets({ collection: 'extended' });
    expect(extended.length).toBe(manifest.length - original.length);
    expect(extended.every((d) => d.collection === 'extended')).toBe(true);
    expect(names(listDatasets({ task: 'binary', collection: 'all' }))).toEqual(names(manifest.filter((d) => d.task === 'binary')));
    expect(listDatasets({ task: 'multiclass', collection: 'extended' })).toEqual([]);
  });

  it('returns copies', () => {
    const [first] = listDatasets();
    first.rows = -1;
    expect(listDatasets()[0].rows).not.toBe(-1);
  });

  it('rejects an unknown task, collection or filter key, and a filter that is not an object', () => {
    expect(() => listDatasets({ task: 'regression' })).toThrow(/unknown task "regression"/);
    expect(() => listDatasets({ collection: 'new' })).toThrow(/unknown collection "new" \(expected "original", "extended" or "all"\)/);
    expect(() => listDatasets({ tasks: 'binary' })).toThrow(/unknown filter key "tasks"/);
    expect(() => listDatasets(null)).toThrow(/filter must be an object/);
    expect(() => listDatasets('binary')).toThrow(/filter must be an object/);
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

describe('readDatasetCsv', () => {
  it('reads a data file exactly as loadDataset does', () => {
    const text = fs.readFileSync(path.join(ROOT, 'data', 'weka-glass-containers-vs-rest.csv'), 'utf8');
    const table = readDatasetCsv(text, { name: 'glass', classes: 2 });
    const loaded = loadDataset('weka-glass-containers-vs-rest');
    expect(table.featureNames).toEqual(loaded.featureNames);
    expect(table.labels).toEqual(loaded.labels);
    expect(table.features).toEqual(loaded.features);
  });

  it('converts numbers and class values to typed arrays', () => {
    expect(readDatasetCsv('a,b,class\n1,2.5,0\n-3,4e2,2\n', { name: 't', classes: 3 })).toEqual({
      featureNames: ['a', 'b'],
      features: [Float64Array.of(1, 2.5), Float64Array.of(-3, 400)],
      labels: Int32Array.of(0, 2),
    });
  });

  it('rejects a malformed file with an AnyLossError naming the dataset and the row', () => {
    const error = (text, classes = 2) => catchAnyLossError(() => readDatasetCsv(text, { name: 't', classes }));
    expect(error('a,b\n1,2\n')).toMatchObject({
      name: 'AnyLossError',
      code: 'INVALID_ARGUMENT',
      argument: 'text',
      message: expect.stringMatching(/Dataset "t": the last column is "b", expected "class"/),
    });
    expect(error('class\n1\n').message).toMatch(/expected "class" after at least one feature/);
    expect(error('a,class\n1,2\n')).toMatchObject({ index: 1, message: expect.stringMatching(/row 1 has class "2", expected 0\.\.1/) });
    expect(error('a,class\n1,0\n1\n')).toMatchObject({ index: 2, message: expect.stringMatching(/row 2 has 1 fields, expected 2/) });
    expect(error('a,class\nx,0\n').message).toMatch(/row 1, column "a" is not a number: "x"/);
    expect(error('a,class\n,0\n').message).toMatch(/is not a number: ""/);
    expect(error('a,class\n1,0.5\n').message).toMatch(/has class "0.5"/);
  });

  it('rejects bad arguments', () => {
    expect(() => readDatasetCsv(undefined, { name: 't', classes: 2 })).toThrow(/text must be the CSV as a string/);
    expect(() => readDatasetCsv('a,class\n', { classes: 2 })).toThrow(/options.name must be a string/);
    expect(() => readDatasetCsv('a,class\n', { name: 't', classes: 1 })).toThrow(/options.classes must be an integer ≥ 2/);
    expect(() => readDatasetCsv('a,class\n')).toThrow(/options.name/);
  });
});

describe('holdoutRows', () => {
  it('is the stratified hold-out, standardised on the training rows, as { input, output } rows', () => {
    const { features, labels } = loadDataset('weka-glass');
    const { train, test } = holdoutRows('weka-glass', { seed: 2, oneHot: true });
    const split = stratifiedHoldout(labels, { testShare: 0.3, seed: 2 });
    expect([train.length, test.length]).toEqual([split.train.length, split.test.length]);
    // Rows in the split's order, one-hot over the dataset's classes.
    expect(test.map((row) => row.output.indexOf(1))).toEqual(Array.from(split.test, (i) => labels[i]));
    expect(train.every((row) => row.output.length === 6 && row.output.reduce((a, b) => a + b) === 1)).toBe(true);
    // Standardised with the training rows' statistics: each training column has mean 0 and (unless constant) sd 1.
    const width = features[0].length;
    for (let j = 0; j < width; j++) {
      const column = train.map((row) => row.input[j]);
      const mean = column.reduce((a, b) => a + b) / column.length;
      const sd = Math.sqrt(column.reduce((a, x) => a + (x - mean) ** 2, 0) / column.length);
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      if (sd > 0) expect(sd).toBeCloseTo(1, 12);
    }
    // The default testShare is 0.3; binary outputs are [label].
    const binary = holdoutRows('ddalpha-bloodtransfusion', { seed: 1 });
    expect(binary.train[0].output).toHaveLength(1);
    expect(binary.test.length).toBe(
      stratifiedHoldout(loadDataset('ddalpha-bloodtransfusion').labels, { testShare: 0.3, seed: 1 }).test.length,
    );
  });

  it('rejects bad options', () => {
    expect(catchAnyLossError(() => holdoutRows('weka-glass', { seed: 1, oneHot: 1 }))).toMatchObject({
      code: 'INVALID_OPTION',
      argument: 'options.oneHot',
    });
    expect(catchAnyLossError(() => holdoutRows('weka-glass', { seed: 1, share: 0.2 }))).toMatchObject({
      code: 'UNKNOWN_OPTION',
      argument: 'options.share',
    });
    expect(catchAnyLossError(() => holdoutRows('weka-glass', 1))).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'options' });
    expect(catchAnyLossError(() => holdoutRows('weka-glass', { seed: 'x' }))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      argument: 'options.seed',
    });
    expect(() => holdoutRows('no-such-set', { seed: 1 })).toThrow(/Unknown dataset "no-such-set"/);
  });
});

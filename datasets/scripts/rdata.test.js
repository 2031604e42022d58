import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  RDataError,
  classOf,
  dataFrameColumns,
  dataFrameRowNames,
  dataFrameRows,
  decompressBlob,
  openLazyLoadDb,
  readRda,
  readRds,
  unserialize,
} from './rdata.mjs';
import { parseCsv } from '../index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, 'fixtures');
const DATA = path.join(HERE, '..', 'data');
const fixture = (name) => path.join(FIXTURES, name);
const corpusCsv = (name) => parseCsv(fs.readFileSync(path.join(DATA, `${name}.csv`), 'utf8'));

// ---------------------------------------------------------------- a minimal XDR writer for hand-made inputs
// Written from the format description (R Internals, "Serialization formats"), independently of the reader.

const SXP = { NIL: 254, SYM: 1, LIST: 2, CHAR: 9, LGL: 10, INT: 13, REAL: 14, STR: 16, VEC: 19, BCODE: 21, ALTREP: 238, REF: 255 };
const flags = (type, { object = false, attr = false, tag = false, levels = 0 } = {}) =>
  type | (object ? 1 << 8 : 0) | (attr ? 1 << 9 : 0) | (tag ? 1 << 10 : 0) | (levels << 12);

class Writer {
  parts = [];
  int(v) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  double(v) {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    this.parts.push(b);
    return this;
  }
  raw(bytes) {
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  buffer() {
    return Buffer.concat(this.parts);
  }
}

/** R's NA_real_: a NaN whose low word is 1954. */
const NA_REAL = Buffer.from([0x7f, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x07, 0xa2]);
const NA_INTEGER = -2147483648;

function header(w, version = 2) {
  w.raw('X\n').int(version).int(0x040201).int(0x020300);
  if (version === 3) w.int(5).raw('UTF-8');
}
function charsxp(w, s, { latin1 = false } = {}) {
  if (s === null) return w.int(SXP.CHAR).int(-1);
  const b = Buffer.from(s, latin1 ? 'latin1' : 'utf8');
  return w
    .int(flags(SXP.CHAR, { levels: latin1 ? 1 << 2 : 1 << 3 }))
    .int(b.length)
    .raw(b);
}
function symbol(w, name) {
  w.int(SXP.SYM);
  charsxp(w, name);
}
/** attrs: [[name, writeValue]]; written as a tagged pairlist. */
function attributes(w, attrs) {
  for (const [name, write] of attrs) {
    w.int(flags(SXP.LIST, { tag: true }));
    symbol(w, name);
    write(w);
  }
  w.int(SXP.NIL);
}
function intVec(w, values, attrs = [], type = SXP.INT) {
  w.int(flags(type, { attr: attrs.length > 0, object: attrs.some(([n]) => n === 'class') })).int(values.length);
  for (const v of values) w.int(v === null ? NA_INTEGER : v);
  if (attrs.length) attributes(w, attrs);
}
function realVec(w, values, attrs = []) {
  w.int(flags(SXP.REAL, { attr: attrs.length > 0 })).int(values.length);
  for (const v of values) {
    if (v === null) w.raw(NA_REAL);
    else w.double(v);
  }
  if (attrs.length) attributes(w, attrs);
}
function strVec(w, values, attrs = []) {
  w.int(flags(SXP.STR, { attr: attrs.length > 0 })).int(values.length);
  for (const v of values) charsxp(w, v);
  if (attrs.length) attributes(w, attrs);
}
function list(w, items, attrs = []) {
  w.int(flags(SXP.VEC, { attr: attrs.length > 0, object: attrs.some(([n]) => n === 'class') })).int(items.length);
  for (const write of items) write(w);
  if (attrs.length) attributes(w, attrs);
}
function serialized(write, version = 2) {
  const w = new Writer();
  header(w, version);
  write(w);
  return w.buffer();
}

// ---------------------------------------------------------------- hand-made inputs

describe('unserialize (hand-made XDR)', () => {
  it('reads integer, logical, double and character vectors with their NAs', () => {
    const buf = serialized((w) =>
      list(w, [
        (x) => intVec(x, [1, null, -7]),
        (x) => intVec(x, [1, 0, null], [], SXP.LGL),
        (x) => realVec(x, [1.5, null, Number.NaN, -0.25, Infinity]),
        (x) => strVec(x, ['a', null, 'é']),
      ]),
    );
    const { header: h, value } = unserialize(buf);
    expect(h).toEqual({ version: 2, writerVersion: '4.2.1', minReaderVersion: '2.3.0', nativeEncoding: null });
    expect(value.type).toBe('list');
    expect(value.data[0]).toEqual({ type: 'integer', data: [1, null, -7], attributes: {} });
    expect(value.data[1]).toEqual({ type: 'logical', data: [1, 0, null], attributes: {} });
    // NA_real_ becomes null, a plain NaN stays NaN
    expect(value.data[2].data[0]).toBe(1.5);
    expect(value.data[2].data[1]).toBeNull();
    expect(Number.isNaN(value.data[2].data[2])).toBe(true);
    expect(value.data[2].data.slice(3)).toEqual([-0.25, Infinity]);
    expect(value.data[3].data).toEqual(['a', null, 'é']);
  });

  it('decodes latin1-flagged strings and reads the version-3 header', () => {
    const buf = serialized((w) => {
      w.int(SXP.STR).int(1);
      charsxp(w, 'Müller', { latin1: true });
    }, 3);
    const { header: h, value } = unserialize(buf);
    expect(h.version).toBe(3);
    expect(h.nativeEncoding).toBe('UTF-8');
    expect(value.data).toEqual(['Müller']);
  });

  it('reads a data.frame with a factor and compact row names', () => {
    const buf = serialized((w) =>
      list(
        w,
        [
          (x) => realVec(x, [1, 2.5, null]),
          (x) =>
            intVec(
              x,
              [2, 1, null],
              [
                ['levels', (y) => strVec(y, ['no', 'yes'])],
                ['class', (y) => strVec(y, ['factor'])],
              ],
            ),
          (x) => strVec(x, ['p', 'q', 'r']),
        ],
        [
          ['names', (y) => strVec(y, ['num', 'fac', 'id'])],
          ['row.names', (y) => intVec(y, [null, -3])],
          ['class', (y) => strVec(y, ['data.frame'])],
        ],
      ),
    );
    const df = unserialize(buf).value;
    expect(classOf(df)).toEqual(['data.frame']);
    expect(dataFrameRows(df)).toBe(3);
    expect(dataFrameRowNames(df)).toBeNull();
    const cols = dataFrameColumns(df);
    expect(cols.map((c) => [c.name, c.kind])).toEqual([
      ['num', 'numeric'],
      ['fac', 'factor'],
      ['id', 'character'],
    ]);
    expect(cols[0].values).toEqual([1, 2.5, null]);
    expect(cols[1].values).toEqual(['yes', 'no', null]);
    expect(cols[1].levels).toEqual(['no', 'yes']);
    expect(cols[1].ordered).toBe(false);
  });

  it('resolves a reference to an earlier symbol', () => {
    // pairlist(a = 1L, b = <the symbol a>): the second symbol is REFSXP with index 1 packed in the flags
    const w = new Writer();
    header(w);
    w.int(flags(SXP.LIST, { tag: true }));
    symbol(w, 'a');
    intVec(w, [1]);
    w.int(flags(SXP.LIST, { tag: true }));
    symbol(w, 'b');
    w.int(SXP.REF | (1 << 8));
    w.int(SXP.NIL);
    const v = unserialize(w.buffer()).value;
    expect(v.type).toBe('pairlist');
    expect(v.items.map((i) => i.tag)).toEqual(['a', 'b']);
    expect(v.items[1].value).toEqual({ type: 'symbol', name: 'a' });
  });

  it('expands ALTREP compact sequences, deferred strings and wrappers', () => {
    const altrep = (w, cls, writeState) => {
      w.int(SXP.ALTREP);
      // info: pairlist(class symbol, package symbol, type)
      w.int(SXP.LIST);
      symbol(w, cls);
      w.int(SXP.LIST);
      symbol(w, 'base');
      w.int(SXP.LIST);
      intVec(w, [13]);
      w.int(SXP.NIL);
      writeState(w);
      w.int(SXP.NIL); // attributes
    };
    const buf = serialized((w) =>
      list(w, [
        (x) => altrep(x, 'compact_intseq', (y) => realVec(y, [4, 10, 1])),
        (x) =>
          altrep(x, 'deferred_string', (y) => {
            y.int(SXP.LIST);
            intVec(y, [7, null, 12]);
            y.int(SXP.LIST);
            intVec(y, [0]);
            y.int(SXP.NIL);
          }),
        (x) => altrep(x, 'wrap_real', (y) => list(y, [(z) => realVec(z, [0.5, 1.5]), (z) => intVec(z, [0, 0])])),
      ]),
    );
    const v = unserialize(buf).value;
    expect(v.data[0]).toEqual({ type: 'integer', data: [10, 11, 12, 13], attributes: {} });
    expect(v.data[1]).toEqual({ type: 'character', data: ['7', null, '12'], attributes: {} });
    expect(v.data[2].type).toBe('double');
    expect(v.data[2].data).toEqual([0.5, 1.5]);
  });

  it('reads the long-vector length form', () => {
    const w = new Writer();
    header(w);
    w.int(SXP.INT).int(-1).int(0).int(2).int(5).int(6);
    expect(unserialize(w.buffer()).value.data).toEqual([5, 6]);
  });

  it('rejects what it does not read, naming the problem', () => {
    expect(() => unserialize(Buffer.from('A\n2\n'), 'x.rds')).toThrow(/x\.rds: ASCII serialization is not supported/);
    expect(() => unserialize(Buffer.from('B\n'))).toThrow(/native binary/);
    expect(() => unserialize(Buffer.from('RDX2\n'))).toThrow(/not R serialization data/);
    const v4 = new Writer().raw('X\n').int(4).int(0).int(0).buffer();
    expect(() => unserialize(v4)).toThrow(/version 4 is not supported/);
    const truncated = serialized((w) => w.int(SXP.INT).int(3).int(1));
    expect(() => unserialize(truncated)).toThrow(/unexpected end of data/);
    const bytecode = serialized((w) => w.int(SXP.BCODE));
    expect(() => unserialize(bytecode)).toThrow(/byte code is not supported/);
    const trailing = Buffer.concat([serialized((w) => intVec(w, [1])), Buffer.from([0])]);
    expect(() => unserialize(trailing)).toThrow(/1 trailing bytes/);
    expect(() => unserialize(Buffer.from('A\n'))).toThrow(RDataError);
  });

  it('refuses to read a data frame column of the wrong length', () => {
    const buf = serialized((w) =>
      list(
        w,
        [(x) => intVec(x, [1, 2])],
        [
          ['names', (y) => strVec(y, ['a'])],
          ['row.names', (y) => intVec(y, [null, -3])],
          ['class', (y) => strVec(y, ['data.frame'])],
        ],
      ),
    );
    expect(() => dataFrameColumns(unserialize(buf).value, 'df')).toThrow(/df: column "a" has 2 values, the data frame 3 rows/);
    expect(() => dataFrameColumns({ type: 'list', data: [], attributes: {} }, 'y')).toThrow(/y: not a data.frame/);
  });
});

// ---------------------------------------------------------------- compression

describe('compression', () => {
  const body = serialized((w) => realVec(w, [3.25, -1]));
  const withLength = (type, compressed) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    return Buffer.concat([head, type === null ? Buffer.alloc(0) : Buffer.from(type), compressed]);
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rdata-test-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('decompresses lazy-load blobs of every type', () => {
    const expected = [3.25, -1];
    const read = (blob, method) => unserialize(decompressBlob(blob, method)).value.data;
    expect(read(withLength(null, zlib.deflateSync(body)), 1)).toEqual(expected);
    const bz = execFileSync('bzip2', ['-c'], { input: body });
    expect(read(withLength('2', bz), 2)).toEqual(expected);
    expect(read(withLength('2', bz), 3)).toEqual(expected);
    const lzma2 = execFileSync('xz', ['--format=raw', '--lzma2=preset=6', '-c'], { input: body });
    expect(read(withLength('Z', lzma2), 3)).toEqual(expected);
    expect(read(withLength('0', body), 3)).toEqual(expected);
    expect(read(withLength('1', zlib.deflateSync(body)), 3)).toEqual(expected);
  });

  it('checks the stored length and the type byte', () => {
    const wrong = withLength('0', body);
    wrong.writeUInt32BE(body.length + 1, 0);
    expect(() => decompressBlob(wrong, 3, 'blob')).toThrow(/blob: blob decompressed to \d+ bytes, header says \d+/);
    expect(() => decompressBlob(withLength('Q', body), 3)).toThrow(/unknown blob type "Q"/);
    expect(() => decompressBlob(withLength('0', body), 7)).toThrow(/unknown lazy-load compression 7/);
  });

  it('reads gzip-compressed save() files and rejects other magic numbers', () => {
    const pairlist = serialized((w) => {
      w.int(flags(SXP.LIST, { tag: true }));
      symbol(w, 'x');
      intVec(w, [42]);
      w.int(SXP.NIL);
    });
    const file = path.join(tmp, 'x.rda');
    fs.writeFileSync(file, zlib.gzipSync(Buffer.concat([Buffer.from('RDX2\n'), pairlist])));
    const { objects, format } = readRda(file);
    expect(format.compression).toBe('gzip');
    expect([...objects.keys()]).toEqual(['x']);
    expect(objects.get('x').data).toEqual([42]);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('RDA2\n'), pairlist]));
    expect(() => readRda(file)).toThrow(/ASCII or native/);
  });

  it('opens a lazy-load database (hand-made index over a real modeldata blob)', () => {
    const blob = fs.readFileSync(fixture('modeldata-crickets.blob'));
    const base = path.join(tmp, 'Rdata');
    fs.writeFileSync(`${base}.rdb`, Buffer.concat([Buffer.from('padding'), blob]));
    const index = serialized(
      (w) =>
        list(
          w,
          [
            (x) => list(x, [(y) => intVec(y, [7, blob.length])], [['names', (y) => strVec(y, ['crickets'])]]),
            (x) => list(x, []),
            (x) => intVec(x, [3]),
          ],
          [['names', (y) => strVec(y, ['variables', 'references', 'compressed'])]],
        ),
      3,
    );
    fs.writeFileSync(`${base}.rdx`, zlib.gzipSync(index));
    const db = openLazyLoadDb(base);
    expect(db.names).toEqual(['crickets']);
    expect(db.compression).toBe(3);
    expect(dataFrameRows(db.get('crickets'))).toBe(31);
    expect(() => db.get('nope')).toThrow(/no object "nope"/);
  });
});

// ---------------------------------------------------------------- real files from Debian packages

describe('real R data files (fixtures)', () => {
  it('mlbench PimaIndiansDiabetes.rda (xz) holds the same 768 rows as the Weka ARFF copy', () => {
    const { objects, format } = readRda(fixture('mlbench-PimaIndiansDiabetes.rda'));
    expect(format).toMatchObject({ compression: 'xz', magic: 'RDX2', version: 2 });
    const cols = dataFrameColumns(objects.get('PimaIndiansDiabetes'));
    expect(cols.map((c) => c.name)).toEqual([
      'pregnant',
      'glucose',
      'pressure',
      'triceps',
      'insulin',
      'mass',
      'pedigree',
      'age',
      'diabetes',
    ]);
    expect(cols[8].levels).toEqual(['neg', 'pos']);
    // Expected values: data/weka-diabetes.csv, converted from Weka's diabetes.arff (class 1 = tested_positive).
    const weka = corpusCsv('weka-diabetes');
    expect(weka.rows.length).toBe(768);
    weka.rows.forEach((row, i) => {
      for (let j = 0; j < 8; j++) expect(cols[j].values[i], `row ${i} col ${j}`).toBe(Number(row[j]));
      expect(cols[8].values[i]).toBe(row[8] === '1' ? 'pos' : 'neg');
    });
  });

  it('MASS Pima.tr (zlib lazy-load blob) holds the same 200 rows as ddalpha pima', () => {
    const value = unserialize(decompressBlob(fs.readFileSync(fixture('mass-Pima.tr.blob')), 1)).value;
    const cols = dataFrameColumns(value);
    expect(cols.map((c) => c.name)).toEqual(['npreg', 'glu', 'bp', 'skin', 'bmi', 'ped', 'age', 'type']);
    // Expected values: data/ddalpha-pima.csv, converted from r-cran-ddalpha's pima.txt.gz (class 1 = "Yes").
    const ddalpha = corpusCsv('ddalpha-pima');
    expect(ddalpha.rows.length).toBe(200);
    ddalpha.rows.forEach((row, i) => {
      for (let j = 0; j < 7; j++) expect(cols[j].values[i], `row ${i} col ${j}`).toBe(Number(row[j]));
      expect(cols[7].values[i]).toBe(row[7] === '1' ? 'Yes' : 'No');
    });
  });

  it("AER Affairs.rda (bzip2) matches statsmodels' copy of the same survey", () => {
    const { objects, format } = readRda(fixture('aer-Affairs.rda'));
    expect(format).toMatchObject({ compression: 'bzip2', version: 2, writerVersion: '2.13.0' });
    const df = objects.get('Affairs');
    expect(dataFrameRows(df)).toBe(601);
    const cols = dataFrameColumns(df);
    const row = (i) => cols.map((c) => c.values[i]);
    // Expected values: statsmodels/datasets/fair/fair_pt.csv (python3-statsmodels 0.13.5), rows with identifier
    // 4, 5, 11 and 9010: naffairs, sex (1 = male), age, nmarried, nchildren > 0, religious, education, occupation,
    // rate_marriage.
    expect(row(0)).toEqual([0, 'male', 37, 10, 'no', 3, 18, 7, 4]);
    expect(row(1)).toEqual([0, 'female', 27, 4, 'no', 4, 14, 6, 4]);
    expect(row(2)).toEqual([0, 'female', 32, 15, 'yes', 1, 12, 1, 4]);
    expect(row(600)).toEqual([1, 'female', 32, 15, 'yes', 3, 14, 1, 5]);
    const names = dataFrameRowNames(df);
    expect([names[0], names[1], names[2], names[600]]).toEqual(['4', '5', '11', '9010']);
  });

  it("modeldata Rdata.rdx (gzip, version 3) lists the objects of the package's datalist", () => {
    const index = readRds(fixture('modeldata-Rdata.rdx'));
    const names = index.attributes.names.data;
    expect(names).toEqual(['variables', 'references', 'compressed']);
    expect(index.data[2].data).toEqual([3]);
    const variables = index.data[0].attributes.names.data;
    // Expected: data/datalist of the same package ("name" or "file: object object ...").
    const listed = fs
      .readFileSync(fixture('modeldata-datalist'), 'utf8')
      .trim()
      .split('\n')
      .flatMap((line) => (line.includes(':') ? line.split(':')[1].trim().split(/\s+/) : [line.trim()]));
    expect([...variables].sort()).toEqual([...listed].sort());
  });

  it('modeldata crickets (raw LZMA2 blob, version 3) has the published values', () => {
    const value = unserialize(decompressBlob(fs.readFileSync(fixture('modeldata-crickets.blob')), 3)).value;
    expect(classOf(value)).toEqual(['tbl_df', 'tbl', 'data.frame']);
    const [species, temp, rate] = dataFrameColumns(value);
    // Expected: McDonald (2009), Handbook of Biological Statistics, cricket chirp table (the Rd's source):
    // 14 O. exclamationis and 17 O. niveus; first row 20.8 °C, 67.9 chirps/min; last row 28.6 °C, 84.7.
    expect(species.values.filter((s) => s === 'O. exclamationis').length).toBe(14);
    expect(species.values.filter((s) => s === 'O. niveus').length).toBe(17);
    expect([species.values[0], temp.values[0], rate.values[0]]).toEqual(['O. exclamationis', 20.8, 67.9]);
    expect([species.values[30], temp.values[30], rate.values[30]]).toEqual(['O. niveus', 28.6, 84.7]);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '@anyloss/datasets';
import fc from 'fast-check';
import { catchAnyLossError } from '@anyloss/test-utils';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader } from './csv-reader.js';
import { datasetFromCsv, datasetFromCsvFile, isMissing, MAX_DETECTED_CLASSES, MAX_ONE_HOT_LEVELS } from './csv.js';

const text = [
  'age,colour,income,label',
  '30,red,100,yes',
  '40,blue,?,no',
  '50,red,300,no',
  ',green,400,no',
  '60,green,500,no',
  '70,blue,600,yes',
  '80,red,700,no',
].join('\n');

describe('datasetFromCsv', () => {
  it('drops rows with missing values and reports their CSV line numbers', () => {
    const csv = datasetFromCsv(text, { target: 'label', oneHot: true });
    expect(csv.droppedLines).toEqual([3, 5]);
    expect(csv.droppedRows).toBe(2);
    const many = ['x,y', ...Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? `${i},?` : `${i},${i % 3 === 0 ? 1 : 0}`))].join('\n');
    const dropped = datasetFromCsv(many, { target: 'y' });
    expect(dropped.droppedRows).toBe(1500);
    expect(dropped.droppedLines).toHaveLength(1000);
    expect(dropped.droppedLines.slice(0, 3)).toEqual([2, 4, 6]);
    expect(csv.dataset.labels.length).toBe(5);
  });

  it('maps the minority target value to 1', () => {
    const csv = datasetFromCsv(text, { target: 'label', oneHot: true });
    expect(csv.classes).toEqual({ positive: 'yes', negative: 'no' });
    expect([...csv.dataset.labels]).toEqual([1, 0, 0, 1, 0]);
    expect(csv.dataset.positiveShare).toBeCloseTo(2 / 5, 12);
  });

  it('one-hot encodes a non-numeric column with --one-hot, levels sorted', () => {
    const csv = datasetFromCsv(text, { target: 'label', oneHot: true });
    expect(csv.oneHotColumns).toEqual(['colour']);
    expect(csv.dataset.featureNames).toEqual(['age', 'colour=blue', 'colour=green', 'colour=red', 'income']);
    // Kept rows: 30 red 100 · 50 red 300 · 60 green 500 · 70 blue 600 · 80 red 700.
    expect([...(csv.dataset.features[2] as Float64Array)]).toEqual([60, 0, 1, 0, 500]);
    expect([...(csv.dataset.features[3] as Float64Array)]).toEqual([70, 1, 0, 0, 600]);
  });

  it('rejects a non-numeric column without --one-hot, naming it and the flag', () => {
    expect(() => datasetFromCsv(text, { target: 'label' })).toThrow(/column "colour" is not numeric.*--one-hot/);
  });

  it('rejects an unknown target column, a one-valued target, and a target that does not fit --task', () => {
    expect(() => datasetFromCsv(text, { target: 'nope' })).toThrow(/target column "nope" is not in the CSV header/);
    expect(() => datasetFromCsv('a,b\n1,x\n2,x\n', { target: 'b' })).toThrow(/exactly 2 distinct values for a binary benchmark, found 1/);
    expect(() => datasetFromCsv('a,b\n1,x\n2,y\n3,z\n', { target: 'b', task: 'binary' })).toThrow(
      /exactly 2 distinct values for a binary benchmark, found 3/,
    );
    expect(() => datasetFromCsv('a,b\n1,x\n2,y\n', { target: 'b', task: 'multiclass' })).toThrow(
      /at least 3 distinct values for a multi-class benchmark, found 2/,
    );
  });

  it('detects a 3-class target: classes are the sorted values, labels 0..2', () => {
    const csv = datasetFromCsv('x,kind\n1,pear\n2,apple\n3,fig\n4,apple\n5,pear\n6,apple\n', { target: 'kind' });
    expect(csv.task).toBe('multiclass');
    expect(csv.classes).toBeUndefined();
    expect(csv.classNames).toEqual(['apple', 'fig', 'pear']);
    expect(csv.dataset.classes).toBe(3);
    expect([...csv.dataset.labels]).toEqual([2, 0, 1, 0, 2, 0]);
    // Numeric class values sort numerically: 10 after 9.
    expect(datasetFromCsv('x,y\n1,10\n2,9\n3,1\n', { target: 'y' }).classNames).toEqual(['1', '9', '10']);
  });

  it('keeps binary targets binary: classNames = [negative, positive]', () => {
    const csv = datasetFromCsv(text, { target: 'label', oneHot: true });
    expect(csv.task).toBe('binary');
    expect(csv.classNames).toEqual(['no', 'yes']);
    expect(csv.dataset.classes).toBe(2);
  });

  it('rejects a row with the wrong number of fields', () => {
    expect(() => datasetFromCsv('a,b\n1,0\n2\n', { target: 'b' })).toThrow(/line 3 has 1 fields but the header has 2/);
  });

  it('recognises the usual missing markers', () => {
    for (const cell of ['', ' ', '?', 'NA', 'nan', 'NULL', 'None']) expect(isMissing(cell)).toBe(true);
    for (const cell of ['0', 'n', 'red']) expect(isMissing(cell)).toBe(false);
  });
});

/** Records of `text` read by CsvRecordReader, fed in pieces cut at `cuts`. */
function records(text: string, cuts: readonly number[] = []): string[][] {
  const out: string[][] = [];
  const reader = new CsvRecordReader((fields) => out.push(fields));
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.push(text.slice(start, cut));
    start = cut;
  }
  reader.push(text.slice(start));
  reader.end();
  return out;
}

describe('CsvRecordReader', () => {
  it('reads the dialect of parseCsv (quotes, "" escapes, CRLF, CR, blank lines) whatever the pieces', () => {
    const text = 'a,"b ""q"", c",d\r\n\r\n"x\ny",2,\r3\n"",,\n';
    const expected = [['a', 'b "q", c', 'd'], ['x\ny', '2', ''], ['3'], ['', '', '']];
    expect(records(text)).toEqual(expected);
    for (let cut = 0; cut <= text.length; cut++) expect(records(text, [cut])).toEqual(expected);
  });

  it('agrees with parseCsv of @anyloss/datasets on arbitrary text cut into arbitrary pieces', () => {
    const alphabet = fc.constantFrom('a', '1', ',', '"', '\n', '\r', ' ', '.');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), fc.array(fc.nat({ max: 40 }), { maxLength: 5 }), (text, cuts) => {
        let expected: string[][] | undefined;
        try {
          const { header, rows } = parseCsv(text);
          expected = header.length > 0 || rows.length > 0 ? [header, ...rows] : [];
        } catch {
          expected = undefined; // unterminated quote
        }
        if (expected === undefined)
          expect(() =>
            records(
              text,
              cuts.map((c) => Math.min(c, text.length)),
            ),
          ).toThrow(/never closed/);
        else
          expect(
            records(
              text,
              cuts.map((c) => Math.min(c, text.length)),
            ),
          ).toEqual(expected);
      }),
    );
  });

  it('drops a byte-order mark and numbers records by their first line', () => {
    const lines: number[] = [];
    const reader = new CsvRecordReader((_, line) => lines.push(line));
    reader.push('\uFEFFa,b\n\n1,"x\ny"\n2,3');
    reader.end();
    expect(lines).toEqual([1, 3, 5]);
    expect(records('\uFEFFa,b\n1,2\n')[0]).toEqual(['a', 'b']);
  });
});

describe('datasetFromCsv on bad input', () => {
  it('refuses a continuous target (more than MAX_DETECTED_CLASSES values) unless the task is multiclass', () => {
    const rows = ['x,y'];
    for (let i = 0; i < 5000; i++) rows.push(`${i % 7},${Math.sin(i).toFixed(6)}`);
    const text = rows.join('\n');
    const error = catchAnyLossError(() => datasetFromCsv(text, { target: 'y' }));
    expect(error.code).toBe('INVALID_LABEL');
    expect(error.message).toMatch(
      new RegExp(
        `target column "y" has more than ${MAX_DETECTED_CLASSES} distinct values by CSV line \\d+ .*continuous quantity, not a class label.*--task multiclass`,
      ),
    );
    expect(error.message).not.toContain('\n');
    expect(catchAnyLossError(() => datasetFromCsv(text, { target: 'y', task: 'binary' })).message).toMatch(
      /exactly 2 distinct values for a binary benchmark, found more than 50/,
    );
    const few = ['x,y', ...Array.from({ length: 120 }, (_, i) => `${i},${i % 60}`)].join('\n');
    expect(datasetFromCsv(few, { target: 'y', task: 'multiclass' }).dataset.classes).toBe(60);
    expect(catchAnyLossError(() => datasetFromCsv(few, { target: 'y' })).message).toMatch(/has more than 50 distinct values/);
    const fifty = ['x,y', ...Array.from({ length: 100 }, (_, i) => `${i},k${i % 50}`)].join('\n');
    expect(datasetFromCsv(fifty, { target: 'y' }).dataset.classes).toBe(50);
  });

  it('compares numeric target values as numbers: 1 and 1.0 are one class', () => {
    const csv = datasetFromCsv('x,y\n1,1\n2,1.0\n3,0\n4,0.00\n5,1\n', { target: 'y' });
    expect(csv.task).toBe('binary');
    expect(csv.classNames).toEqual(['1', '0']);
    expect([...csv.dataset.labels]).toEqual([0, 0, 1, 1, 0]);
    // Mixed numbers and words compare as strings.
    expect(datasetFromCsv('x,y\n1,1\n2,1.0\n3,a\n', { target: 'y' }).classNames).toEqual(['1', '1.0', 'a']);
  });

  it('refuses duplicate column names', () => {
    const error = catchAnyLossError(() => datasetFromCsv('a,y,c,y\n1,0,2,0\n2,1,3,1\n', { target: 'y' }));
    expect(error.message).toBe(
      'the CSV header names column "y" twice (columns 2 and 4); rename one — a second copy of the target would leak it into the features.',
    );
  });

  it('ignores a byte-order mark before the header', () => {
    const csv = datasetFromCsv('\uFEFFy,x\n1,5\n0,6\n', { target: 'y' });
    expect(csv.dataset.featureNames).toEqual(['x']);
    expect(catchAnyLossError(() => datasetFromCsv('\uFEFFa,b\n1,2\n', { target: 'c' })).message).toBe(
      'target column "c" is not in the CSV header ("a", "b").',
    );
  });

  it('says what is wrong with empty, header-only, target-only and all-missing files', () => {
    for (const text of ['', '\uFEFF', '\n\n'])
      expect(catchAnyLossError(() => datasetFromCsv(text, { target: 'y' })).message).toBe('the CSV is empty: it has no header row.');
    expect(catchAnyLossError(() => datasetFromCsv('x,y\n', { target: 'y' })).message).toBe('the CSV has a header row but no data rows.');
    expect(catchAnyLossError(() => datasetFromCsv('y\n1\n0\n', { target: 'y' })).message).toBe(
      'the CSV has no feature columns: its only column is the target "y".',
    );
    expect(catchAnyLossError(() => datasetFromCsv('x,y\n?,1\n2,\n', { target: 'y' })).message).toBe(
      'the CSV has no complete rows (each of its 2 rows has a missing value).',
    );
    expect(catchAnyLossError(() => datasetFromCsv('x,y\n"1,0\n', { target: 'y' })).message).toBe(
      'the CSV has a quoted field opened on line 2 that is never closed.',
    );
  });

  it('refuses a mostly numeric column with a typo, naming its line and value, with or without --one-hot', () => {
    const rows = ['x,y'];
    for (let i = 0; i < 20000; i++) rows.push(`${i === 1233 ? '"1,5"' : (i / 7).toFixed(3)},${i % 3 === 0 ? 1 : 0}`);
    const text = rows.join('\n');
    for (const oneHot of [true, false]) {
      const error = catchAnyLossError(() => datasetFromCsv(text, { target: 'y', oneHot }));
      expect(error.message).toBe(
        'column "x" is numeric except for 1 of 20000 values, the first "1,5" on CSV line 1235; fix it, mark it missing (empty, ?, NA), or remove the column.',
      );
      expect(error.index).toBe(1235);
    }
  });

  it('caps --one-hot at MAX_ONE_HOT_LEVELS levels per column', () => {
    const rows = ['id,y', ...Array.from({ length: 300 }, (_, i) => `user${i},${i % 2}`)];
    expect(catchAnyLossError(() => datasetFromCsv(rows.join('\n'), { target: 'y', oneHot: true })).message).toBe(
      `column "id" has more than ${MAX_ONE_HOT_LEVELS} distinct values; --one-hot encodes at most ${MAX_ONE_HOT_LEVELS} per column (one feature column each). Group its values or remove the column.`,
    );
    const ok = ['id,y', ...Array.from({ length: 300 }, (_, i) => `user${i % MAX_ONE_HOT_LEVELS},${i % 2}`)];
    expect(datasetFromCsv(ok.join('\n'), { target: 'y', oneHot: true }).dataset.featureNames).toHaveLength(MAX_ONE_HOT_LEVELS);
  });

  it('reads a file in pieces to the same dataset as the text, rows as views into one buffer', () => {
    const rows = ['a,kind,"b",y'];
    for (let i = 0; i < 3000; i++)
      rows.push(`${(i * 0.37).toFixed(2)},${['red', 'green', 'blue'][i % 3]},${i % 11 === 0 ? 'NA' : i},${i % 5 === 0 ? 'yes' : 'no'}`);
    const text = `\uFEFF${rows.join('\r\n')}\r\n`;
    const path = join(mkdtempSync(join(tmpdir(), 'anyloss-csv-')), 'rows.csv');
    writeFileSync(path, text);
    const fromText = datasetFromCsv(text, { target: 'y', oneHot: true });
    const fromFile = datasetFromCsvFile(path, { target: 'y', oneHot: true });
    expect(fromFile.dataset.featureNames).toEqual(['a', 'kind=blue', 'kind=green', 'kind=red', 'b']);
    expect(fromFile.dataset.features.map((row) => [...row])).toEqual(fromText.dataset.features.map((row) => [...row]));
    expect([...fromFile.dataset.labels]).toEqual([...fromText.dataset.labels]);
    expect(fromFile.droppedLines).toEqual(fromText.droppedLines);
    expect(fromFile.droppedLines[0]).toBe(2);
    const buffers = new Set(fromFile.dataset.features.map((row) => row.buffer));
    expect(buffers.size).toBe(1);
  });

  it('names the file when it cannot be read, and refuses UTF-16', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anyloss-csv-'));
    expect(catchAnyLossError(() => datasetFromCsvFile(dir, { target: 'y' })).message).toMatch(/^cannot read the CSV file ".*": EISDIR/);
    const utf16 = join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.from('\uFEFFx,y\n1,0\n', 'utf16le'));
    expect(catchAnyLossError(() => datasetFromCsvFile(utf16, { target: 'y' })).message).toMatch(/is UTF-16 .*save it as UTF-8/);
  });
});

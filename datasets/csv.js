// @anyloss/datasets/csv — the CSV reader of the data files. Pure (no file system): the loader (index.js) reads
// data/<name>.csv with it, and the docs' in-browser demo parses its bundled CSVs with it.

import { AnyLossError } from '@anyloss/core';

/**
 * Minimal RFC 4180-style CSV parser: comma separator, optional "double-quoted" fields with "" escapes
 * (quoted fields may contain commas and newlines), LF or CRLF line ends. A trailing newline does not
 * produce an empty row; completely empty lines are skipped.
 * @param {string} text
 * @returns {{ header: string[], rows: string[][] }}
 */
export function parseCsv(text) {
  const records = [];
  let field = '';
  let record = [];
  let i = 0;
  const n = text.length;
  let inQuotes = false;
  let fieldStarted = false;
  const endRecord = () => {
    record.push(field);
    if (!(record.length === 1 && record[0] === '' && !fieldStarted)) records.push(record);
    record = [];
    field = '';
    fieldStarted = false;
  };
  while (i < n) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      fieldStarted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      i++;
    } else {
      field += ch;
      fieldStarted = true;
      i++;
    }
  }
  if (inQuotes) throw new AnyLossError('INVALID_ARGUMENT', 'parseCsv: unterminated quoted field.', { argument: 'text' });
  if (field !== '' || record.length > 0 || fieldStarted) endRecord();
  const [header = [], ...rows] = records;
  return { header, rows };
}

/**
 * Converts the text of a dataset CSV (the layout of data/<name>.csv) into typed arrays. Documented in csv.d.ts.
 * @param {string} text
 * @param {{ name: string, classes: number }} options
 */
export function readDatasetCsv(text, options) {
  if (typeof text !== 'string')
    throw new AnyLossError('INVALID_ARGUMENT', `text must be the CSV as a string, got ${typeof text}.`, { argument: 'text', value: text });
  const { name, classes } = options ?? {};
  if (typeof name !== 'string')
    throw new AnyLossError('INVALID_OPTION', `options.name must be a string (used in error messages), got ${typeof name}.`, {
      argument: 'options.name',
      value: name,
    });
  if (!Number.isInteger(classes) || classes < 2) {
    throw new AnyLossError('INVALID_OPTION', `options.classes must be an integer ≥ 2, got ${String(classes)}.`, {
      argument: 'options.classes',
      value: classes,
    });
  }
  const bad = (message, index, value) => {
    throw new AnyLossError('INVALID_ARGUMENT', `Dataset "${name}": ${message}`, { argument: 'text', index, value });
  };
  const { header, rows } = parseCsv(text);
  if (header.length < 2 || header[header.length - 1] !== 'class') {
    bad(`the last column is ${JSON.stringify(header[header.length - 1] ?? '')}, expected "class" after at least one feature`, 0, header);
  }
  const featureNames = header.slice(0, -1);
  const d = featureNames.length;
  const features = new Array(rows.length);
  const labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.length !== d + 1) bad(`row ${i + 1} has ${r.length} fields, expected ${d + 1}`, i + 1, r);
    const x = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const v = Number(r[j]);
      if (r[j] === '' || !Number.isFinite(v))
        bad(`row ${i + 1}, column "${featureNames[j]}" is not a number: ${JSON.stringify(r[j])}`, i + 1, r[j]);
      x[j] = v;
    }
    const y = Number(r[d]);
    if (!Number.isInteger(y) || y < 0 || y >= classes)
      bad(`row ${i + 1} has class ${JSON.stringify(r[d])}, expected 0..${classes - 1}`, i + 1, r[d]);
    features[i] = x;
    labels[i] = y;
  }
  return { featureNames, features, labels };
}

// @anyloss/datasets — tiny loader for the real-data corpus in ./data (see README.md).
// Plain ESM, no dependencies.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = path.join(ROOT, 'data');

/** @type {import('./index.d.ts').DatasetInfo[] | null} */
let manifestCache = null;

function manifest() {
  if (manifestCache === null) {
    manifestCache = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8'));
  }
  return manifestCache;
}

const TASKS = ['binary', 'multiclass'];
const COLLECTIONS = ['original', 'extended', 'all'];

/**
 * Manifest entries (copies), optionally filtered by task and collection. The collection defaults to
 * "original" (the corpus of the paper reproduction), so code written before the extended collection existed
 * keeps seeing exactly the same datasets; pass `collection: 'all'` for both.
 * @param {{ task?: 'binary' | 'multiclass', collection?: 'original' | 'extended' | 'all' }} [filter]
 */
export function listDatasets(filter = {}) {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new Error(`listDatasets: filter must be an object, got ${JSON.stringify(filter)}`);
  }
  for (const key of Object.keys(filter)) {
    if (key !== 'task' && key !== 'collection') {
      throw new Error(`listDatasets: unknown filter key ${JSON.stringify(key)} (expected "task" or "collection")`);
    }
  }
  const { task, collection = 'original' } = filter;
  if (task !== undefined && !TASKS.includes(task)) {
    throw new Error(`listDatasets: unknown task ${JSON.stringify(task)} (expected "binary" or "multiclass")`);
  }
  if (!COLLECTIONS.includes(collection)) {
    throw new Error(`listDatasets: unknown collection ${JSON.stringify(collection)} (expected "original", "extended" or "all")`);
  }
  return manifest()
    .filter((d) => task === undefined || d.task === task)
    .filter((d) => collection === 'all' || d.collection === collection)
    .map((d) => structuredClone(d));
}

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
  if (inQuotes) throw new Error('parseCsv: unterminated quoted field');
  if (field !== '' || record.length > 0 || fieldStarted) endRecord();
  const [header = [], ...rows] = records;
  return { header, rows };
}

/**
 * Loads one dataset from data/<name>.csv (any collection).
 * @param {string} name
 */
export function loadDataset(name) {
  const info = manifest().find((d) => d.name === name);
  if (!info) {
    const known = manifest().map((d) => d.name);
    throw new Error(`Unknown dataset "${name}". Known datasets (${known.length}): ${known.join(', ')}`);
  }
  const file = path.join(DATA_DIR, `${info.name}.csv`);
  const { header, rows } = parseCsv(fs.readFileSync(file, 'utf8'));
  if (header[header.length - 1] !== 'class') {
    throw new Error(`Dataset "${name}": last column of ${file} is "${header[header.length - 1]}", expected "class"`);
  }
  const featureNames = header.slice(0, -1);
  const d = featureNames.length;
  const K = info.classNames.length;
  const features = new Array(rows.length);
  const labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.length !== d + 1) {
      throw new Error(`Dataset "${name}": row ${i + 1} has ${r.length} fields, expected ${d + 1}`);
    }
    const x = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const v = Number(r[j]);
      if (r[j] === '' || !Number.isFinite(v)) {
        throw new Error(`Dataset "${name}": row ${i + 1}, column "${featureNames[j]}" is not a number: ${JSON.stringify(r[j])}`);
      }
      x[j] = v;
    }
    const y = Number(r[d]);
    if (!Number.isInteger(y) || y < 0 || y >= K) {
      throw new Error(`Dataset "${name}": row ${i + 1} has class ${JSON.stringify(r[d])}, expected 0..${K - 1}`);
    }
    features[i] = x;
    labels[i] = y;
  }
  return { name: info.name, info: structuredClone(info), featureNames, features, labels };
}

// @anyloss/datasets — tiny loader for the real-data corpus in ./data (see README.md).
// Plain ESM. Its one dependency is @anyloss/core (AnyLossError and the seeded PRNG of the splits).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDatasetCsv } from './csv.js';

export { parseCsv, readDatasetCsv } from './csv.js';
export { fitStandardizer, shuffleInPlace, standardizeRows, stratifiedHoldout, stratifiedHoldoutPerClass, stratifiedKFold } from './split.js';

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
 * Loads one dataset from data/<name>.csv (any collection).
 * @param {string} name
 */
export function loadDataset(name) {
  const info = manifest().find((d) => d.name === name);
  if (!info) {
    const known = manifest().map((d) => d.name);
    throw new Error(`Unknown dataset "${name}". Known datasets (${known.length}): ${known.join(', ')}`);
  }
  const text = fs.readFileSync(path.join(DATA_DIR, `${info.name}.csv`), 'utf8');
  const { featureNames, features, labels } = readDatasetCsv(text, { name: info.name, classes: info.classNames.length });
  return { name: info.name, info: structuredClone(info), featureNames, features, labels };
}

// @anyloss/datasets — tiny loader for the real-data corpus in ./data (see README.md).
// Plain ESM. Its one dependency is @anyloss/core (AnyLossError and the seeded PRNG of the splits).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnyLossError } from '@anyloss/core';
import { readDatasetCsv } from './csv.js';
import { fitStandardizer, inputOutputRows, standardizeRows, stratifiedHoldout } from './split.js';

export { parseCsv, readDatasetCsv } from './csv.js';
export {
  fitStandardizer,
  inputOutputRows,
  shuffleInPlace,
  standardizeRows,
  stratifiedHoldout,
  stratifiedHoldoutPerClass,
  stratifiedKFold,
} from './split.js';

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

const HOLDOUT_ROWS_OPTIONS = ['seed', 'testShare', 'oneHot'];

/**
 * A dataset's stratified hold-out as `{ input, output }` rows, standardised with training statistics only. Documented
 * in index.d.ts.
 * @param {string} name
 * @param {{ seed: number, testShare?: number, oneHot?: boolean }} options
 */
export function holdoutRows(name, options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new AnyLossError('INVALID_ARGUMENT', 'options must be an object ({ seed, testShare, oneHot }).', {
      argument: 'options',
      value: options,
    });
  }
  for (const key of Object.keys(options)) {
    if (!HOLDOUT_ROWS_OPTIONS.includes(key)) {
      throw new AnyLossError(
        'UNKNOWN_OPTION',
        `options.${key} is not an option of holdoutRows (known: ${HOLDOUT_ROWS_OPTIONS.join(', ')}).`,
        { argument: `options.${key}`, value: options[key] },
      );
    }
  }
  const { seed, testShare = 0.3, oneHot = false } = options;
  if (typeof oneHot !== 'boolean')
    throw new AnyLossError('INVALID_OPTION', 'options.oneHot must be true or false.', { argument: 'options.oneHot', value: oneHot });
  const { features, labels, info } = loadDataset(name);
  const split = stratifiedHoldout(labels, { testShare, seed });
  const standardizer = fitStandardizer(features, split.train);
  const rowsOf = (indices) =>
    inputOutputRows(
      standardizeRows(features, indices, standardizer),
      standardizer.mean.length,
      Array.from(indices, (i) => labels[i]),
      oneHot ? { classes: info.classCounts.length } : {},
    );
  return { train: rowsOf(split.train), test: rowsOf(split.test) };
}

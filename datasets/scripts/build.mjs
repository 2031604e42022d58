#!/usr/bin/env node
// Rebuilds the @anyloss/datasets corpus (data/*.csv, manifest.json and the
// generated table in README.md) from Debian packages.
//
// The "original" collection (the corpus of the paper reproduction):
//   r-cran-ddalpha   50 binary classification problems (usr/lib/R/site-library/ddalpha/data/*.txt.gz)
//   python3-sklearn  breast_cancer / wine / iris / digits (sklearn/datasets/data/)
//   weka             ARFF examples (usr/share/doc/weka/examples/*.arff)
// The "extended" collection (imbalanced binary tasks added later; see R_DATASETS):
//   r-cran-modeldata, r-cran-aer, r-cran-mlbench, r-cran-kernlab, r-cran-mass   R data (read by ./rdata.mjs)
//   python3-statsmodels                                                          CSV data
//
// Plain Node ESM, no dependencies. Needs `apt-get` (unless --debs is given), `dpkg-deb`, and `bzip2` and
// `xz` for the R data files compressed with them.
//
// Usage:
//   node scripts/build.mjs                 download the pinned .debs into a temp dir and rebuild in place
//   node scripts/build.mjs --debs DIR      use <pkg>_*.deb files already in DIR (no download)
//   node scripts/build.mjs --out DIR       write the corpus into DIR instead of the package folder
//   node scripts/build.mjs --check         rebuild into a temp dir and compare with the committed files
//                                          (exit 1 on any difference)
//   node scripts/build.mjs --latest        download whatever version apt offers instead of the pinned one
//
// The output is a pure function of the .deb contents: running it twice gives identical bytes.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { dataFrameColumns, dataFrameRowNames, openLazyLoadDb, readRda, readRds } from './rdata.mjs';

const PKG_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Pinned Debian (bookworm) versions; the committed corpus was built from exactly these. */
const PACKAGES = {
  'r-cran-ddalpha': '1.3.13-1',
  'python3-sklearn': '1.2.1+dfsg-1',
  weka: '3.6.14-3',
  'r-cran-modeldata': '1.1.0-1',
  'r-cran-aer': '1.2-10-1',
  'r-cran-mlbench': '2.1-3-1',
  'r-cran-kernlab': '0.9-32-1',
  'r-cran-mass': '7.3-58.2-1',
  'python3-statsmodels': '0.13.5+dfsg-7',
};

const MIN_ROWS = 100;
const MIN_MINORITY = 10;

const DDALPHA_DIR = 'usr/lib/R/site-library/ddalpha/data';
const SKLEARN_DIR = 'usr/lib/python3/dist-packages/sklearn/datasets';
const WEKA_DIR = 'usr/share/doc/weka/examples';

/** Weka example files that are converted (others are listed in SKIPPED_BY_DESIGN). */
const WEKA_FILES = [
  'breast-cancer.arff',
  'credit-g.arff',
  'diabetes.arff',
  'glass.arff',
  'ionosphere.arff',
  'iris.arff',
  'segment-challenge.arff',
  'segment-test.arff',
  'soybean.arff',
  'unbalanced.arff',
  'vote.arff',
];

/** Source files deliberately not converted, with the reason (shown in README). */
const SKIPPED_BY_DESIGN = [
  ['weka', 'ReutersCorn-*.arff, ReutersGrain-*.arff', 'single free-text (string) attribute, no tabular features'],
  ['weka', 'cpu.arff, cpu.with.vendor.arff', 'regression target (numeric class)'],
  ['weka', 'supermarket.arff', 'market-basket data: every row contains missing values (?)'],
  ['weka', 'iris.2D.arff', 'two-column subset of iris.arff'],
  ['weka', 'labor.arff, contact-lenses.arff, weather.*.arff', `fewer than ${MIN_ROWS} rows`],
  ['python3-sklearn', 'boston_house_prices.csv, diabetes_*.csv.gz, linnerud_*.csv', 'regression data'],
  ['python3-sklearn', 'tests/data/openml/**/*.arff.gz', 'tiny test fixtures'],
  ['r-cran-ddalpha', '*.rda (geneexp, growth, medflies, population*, tecator)', 'functional data in R binary format'],
  // extended collection: what the five R packages and statsmodels ship besides the converted sets
  ['r-cran-modeldata', 'cells', 'least imbalanced candidate (35.6% positive) and 1.8 MB of full-precision CSV'],
  ['r-cran-modeldata', 'grants_other, grants_test, pd_speech', 'too wide (1503 and 752 columns) for the repository'],
  [
    'r-cran-modeldata',
    'check_times, ames, Sacramento, Chicago, concrete, biomass, meats, car_prices, drinks',
    'regression targets or time series (check_times.status is a censoring flag)',
  ],
  ['r-cran-modeldata', 'hpc_cv, two_class_example, solubility_test', 'model predictions, not data'],
  ['r-cran-modeldata', 'two_class_dat, bivariate_*, parabolic', 'two-feature teaching sets, close to balanced'],
  ['r-cran-modeldata', 'testing_data, training_data, tate_text, covers, Smithsonian, stations', 'free text or no target'],
  [
    'r-cran-modeldata',
    'crickets, scat, oils, penguins, pathology',
    `fewer than ${MIN_ROWS} rows, or multi-class without a documented binary task`,
  ],
  ['r-cran-aer', '41 ts/zoo objects', 'time series'],
  [
    'r-cran-aer',
    'CPS*, DoctorVisits, NMES1988, Medicaid1986, GSS7402 and most other data frames',
    'regression or count targets without a documented binary response',
  ],
  ['r-cran-aer', 'Fertility, Fertility2, CPS1988', 'more than 10,000 rows (254,654, 30,000 and 28,155)'],
  ['r-cran-aer', 'PSID1976, SwissLabor', 'labour-force participation, close to balanced (43%, 46%)'],
  [
    'r-cran-mlbench',
    'PimaIndiansDiabetes, PimaIndiansDiabetes2, BreastCancer, Ionosphere, HouseVotes84, Glass, Soybean',
    'the same data as weka/ddalpha sets already in the corpus',
  ],
  ['r-cran-mlbench', 'Sonar', 'close to balanced (46.6%)'],
  ['r-cran-mlbench', 'Shuttle, LetterRecognition', 'more than 10,000 rows (58,000 and 20,000)'],
  ['r-cran-mlbench', 'DNA', 'a one-vs-rest task would add 1.2 MB (180 indicator columns)'],
  [
    'r-cran-mlbench',
    'BostonHousing, BostonHousing2, Servo, Ozone, Vowel, Zoo',
    `regression, the ddalpha vowel data, or fewer than ${MIN_ROWS} rows`,
  ],
  ['r-cran-kernlab', 'musk, promotergene', 'close to balanced (43%, 50%)'],
  ['r-cran-kernlab', 'income, reuters, spirals', 'ordinal income target, text, simulated'],
  [
    'r-cran-mass',
    'biopsy, Pima.tr, Pima.te, Pima.tr2, fgl, crabs',
    'the same data as sets already in the corpus (breast cancer Wisconsin, Pima, glass, crabs)',
  ],
  [
    'r-cran-mass',
    'synth.tr, synth.te and the other data frames',
    `simulated, no documented binary response, survival data, or fewer than ${MIN_ROWS} rows`,
  ],
  ['python3-statsmodels', 'fair_pt.csv', 'the same survey as AER Affairs'],
  ['python3-statsmodels', 'anes96.csv and the other CSVs', `close to balanced, regression, time series, or fewer than ${MIN_ROWS} rows`],
];

/**
 * One-vs-rest binary tasks derived from multi-class sets, to fill the 2%-10% positive-share range.
 * [new name, base dataset name, original label that becomes class 1, the source's name of the class column]
 */
const DERIVED_ONE_VS_REST = [
  ['weka-soybean-charcoal-rot-vs-rest', 'weka-soybean', 'charcoal-rot', 'class'],
  ['weka-glass-containers-vs-rest', 'weka-glass', 'containers', 'Type'],
  ['sklearn-digits-0-vs-rest', 'sklearn-digits', '0', 'target'],
];

// ---------------------------------------------------------------- the extended collection

/** Installed R library of each R package (inside the .deb). */
const R_LIBS = {
  'r-cran-modeldata': 'usr/lib/R/site-library/modeldata',
  'r-cran-aer': 'usr/lib/R/site-library/AER',
  'r-cran-mlbench': 'usr/lib/R/site-library/mlbench',
  'r-cran-kernlab': 'usr/lib/R/site-library/kernlab',
  'r-cran-mass': 'usr/lib/R/library/MASS',
};

const STATSMODELS_DIR = 'usr/lib/python3/dist-packages/statsmodels/datasets';

/** Unordered factors with more distinct values than this are dropped (identifiers, names, US states, sub-grades). */
const MAX_LEVELS = 30;

/**
 * Binary tasks of the extended collection, one per data frame. The target is the response the source documents
 * (its help page names the outcome or models it in its examples):
 *   target     the column that becomes the label;
 *   threshold  for a count/measurement target: class 1 = target > threshold (the binarisation the source's own
 *              example uses), recorded as a derived task;
 *   oneVsRest  for a multi-class target: class 1 = this label, class 0 = all others (a derived task; at most
 *              one per parent, since tasks from one parent are correlated);
 *   drop       columns removed with the reason (leakage, split markers, the column the label was made from);
 *   note       extra description.
 * Rows are kept as shipped; rows with a missing value in a kept column are dropped.
 */
const R_DATASETS = [
  { name: 'aer-affairs', pkg: 'r-cran-aer', object: 'Affairs', target: 'affairs', threshold: 0 },
  {
    name: 'aer-creditcard',
    pkg: 'r-cran-aer',
    object: 'CreditCard',
    target: 'card',
    drop: {
      share: 'ratio of credit-card expenditure to income, observed after the decision: it leaks the label',
      expenditure: 'credit-card expenditure after the decision, 0 for every rejected applicant: it leaks the label',
    },
  },
  { name: 'aer-healthinsurance', pkg: 'r-cran-aer', object: 'HealthInsurance', target: 'insurance' },
  { name: 'aer-hmda', pkg: 'r-cran-aer', object: 'HMDA', target: 'deny' },
  { name: 'aer-resumenames', pkg: 'r-cran-aer', object: 'ResumeNames', target: 'call' },
  { name: 'aer-smokeban', pkg: 'r-cran-aer', object: 'SmokeBan', target: 'smoker' },
  { name: 'kernlab-spam', pkg: 'r-cran-kernlab', object: 'spam', target: 'type' },
  { name: 'kernlab-ticdata', pkg: 'r-cran-kernlab', object: 'ticdata', target: 'CARAVAN' },
  {
    name: 'mass-birthwt',
    pkg: 'r-cran-mass',
    object: 'birthwt',
    target: 'low',
    drop: { bwt: 'birth weight in grams, from which the label low = bwt < 2500 g was made' },
    note: 'Column race is a numeric code (1 = white, 2 = black, 3 = other) and is kept as shipped.',
  },
  {
    name: 'mlbench-satellite-damp-grey-soil-vs-rest',
    pkg: 'r-cran-mlbench',
    object: 'Satellite',
    target: 'classes',
    oneVsRest: 'damp grey soil',
  },
  { name: 'mlbench-vehicle-van-vs-rest', pkg: 'r-cran-mlbench', object: 'Vehicle', target: 'Class', oneVsRest: 'van' },
  { name: 'modeldata-ad_data', pkg: 'r-cran-modeldata', object: 'ad_data', target: 'Class' },
  {
    name: 'modeldata-attrition',
    pkg: 'r-cran-modeldata',
    object: 'attrition',
    target: 'Attrition',
    note: 'The source describes the data as fictional, created by IBM data scientists.',
  },
  { name: 'modeldata-credit_data', pkg: 'r-cran-modeldata', object: 'credit_data', target: 'Status' },
  { name: 'modeldata-hpc_data-l-vs-rest', pkg: 'r-cran-modeldata', object: 'hpc_data', target: 'class', oneVsRest: 'L' },
  { name: 'modeldata-lending_club', pkg: 'r-cran-modeldata', object: 'lending_club', target: 'Class' },
  {
    name: 'modeldata-mlc_churn',
    pkg: 'r-cran-modeldata',
    object: 'mlc_churn',
    target: 'churn',
    note: 'The source notes that the data are artificial, based on claims similar to the real world.',
  },
  { name: 'modeldata-stackoverflow', pkg: 'r-cran-modeldata', object: 'stackoverflow', target: 'Remote' },
  { name: 'modeldata-wa_churn', pkg: 'r-cran-modeldata', object: 'wa_churn', target: 'churn' },
];

/** statsmodels CSV data sets of the extended collection (same fields as R_DATASETS, plus the CSV file). */
const STATSMODELS_DATASETS = [
  {
    name: 'statsmodels-fair',
    file: 'fair/fair.csv',
    target: 'affairs',
    threshold: 0,
    describe: 'Fair (1978) extramarital affairs survey (Redbook, 6366 women), as shipped with statsmodels (datasets.fair).',
  },
];

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
  const opts = { debs: null, out: null, check: false, latest: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--debs') opts.debs = path.resolve(argv[++i] ?? fail('--debs needs a directory'));
    else if (a === '--out') opts.out = path.resolve(argv[++i] ?? fail('--out needs a directory'));
    else if (a === '--check') opts.check = true;
    else if (a === '--latest') opts.latest = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/build.mjs [--debs DIR] [--out DIR] [--check] [--latest]');
      process.exit(0);
    } else fail(`unknown argument: ${a}`);
  }
  return opts;
}

function fail(msg) {
  throw new Error(msg);
}

// ---------------------------------------------------------------- .deb handling

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function obtainDebs(opts, tmp) {
  let dir = opts.debs;
  if (!dir) {
    dir = path.join(tmp, 'debs');
    fs.mkdirSync(dir);
    const specs = Object.entries(PACKAGES).map(([p, v]) => (opts.latest ? p : `${p}=${v}`));
    console.error(`apt-get download ${specs.join(' ')}`);
    try {
      run('apt-get', ['download', ...specs], dir);
    } catch (e) {
      fail(
        `apt-get download failed (${String(e.stderr || e.message).trim()}).\n` +
          `Run 'apt-get update' first; if a pinned version left the archive use --latest.`,
      );
    }
  }
  const out = {};
  for (const pkg of Object.keys(PACKAGES)) {
    const hits = fs.readdirSync(dir).filter((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (hits.length !== 1) fail(`expected exactly one ${pkg}_*.deb in ${dir}, found ${hits.length}`);
    const deb = path.join(dir, hits[0]);
    const version = run('dpkg-deb', ['-f', deb, 'Version']).trim();
    const name = run('dpkg-deb', ['-f', deb, 'Package']).trim();
    if (name !== pkg) fail(`${deb} is package ${name}, expected ${pkg}`);
    if (!opts.latest && version !== PACKAGES[pkg]) {
      console.error(`warning: ${pkg} is ${version}, pinned ${PACKAGES[pkg]}; output will differ`);
    }
    const root = path.join(tmp, 'x', pkg);
    fs.mkdirSync(root, { recursive: true });
    run('dpkg-deb', ['-x', deb, root]);
    out[pkg] = { version, root };
  }
  return out;
}

// ---------------------------------------------------------------- licences

/**
 * Reads usr/share/doc/<pkg>/copyright and returns the licence that covers the data files. `file` (a path inside
 * the package) is needed where the copyright file gives data files their own stanzas (python3-statsmodels).
 */
function packageLicence(pkg, root, file) {
  const text = fs.readFileSync(path.join(root, 'usr/share/doc', pkg, 'copyright'), 'utf8');
  if (pkg === 'weka') {
    // Not machine-readable; the data examples fall under the general statement.
    if (
      !/Copyright: \(C\) 1998-2008\s+University of Waikato/.test(text) ||
      !/either version 2 of the License, or\s+\(at your option\) any later version/.test(text)
    ) {
      fail('weka copyright file changed; re-check the licence');
    }
    return 'GPL-2+';
  }
  if (pkg === 'r-cran-kernlab' || pkg === 'r-cran-mass') {
    // Not machine-readable and without a stanza for data/: the upstream DESCRIPTION's License field covers the
    // whole R package, data included. The copyright file quotes that DESCRIPTION; both must agree.
    const description = fs.readFileSync(path.join(root, R_LIBS[pkg], 'DESCRIPTION'), 'utf8');
    const m = /^License: (.+)$/m.exec(description) ?? fail(`${pkg}: DESCRIPTION has no License field`);
    const licence = m[1].trim();
    if (!text.includes(`License: ${licence}`)) fail(`${pkg}: copyright file does not state "License: ${licence}"; re-check`);
    return licence;
  }
  const stanzas = text
    .split(/\n\s*\n/)
    .map((block) => {
      const files = /^Files:((?:.*)(?:\n[ \t]+.*)*)/m.exec(block);
      const licence = /^License: (\S+)/m.exec(block);
      return files && licence ? { patterns: files[1].trim().split(/\s+/), licence: licence[1] } : null;
    })
    .filter(Boolean);
  if (file !== undefined) {
    // DEP-5: the last stanza whose pattern matches the file wins (upstream paths: strip the install prefix).
    const upstream = file.replace(/^usr\/lib\/python3\/dist-packages\//, '');
    const glob = (p) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      );
    const hits = stanzas.filter((st) => st.patterns.some((p) => glob(p).test(upstream)));
    if (hits.length === 0) fail(`${pkg}: no copyright stanza covers ${upstream}`);
    return hits[hits.length - 1].licence;
  }
  // DEP-5: take the licence of the `Files: *` stanza (covers the data directories).
  const m = /^Files: \*\n(?:[^\n]+\n)*?License: (\S+)/m.exec(text);
  if (!m) fail(`${pkg}: no 'Files: *' licence in copyright`);
  return m[1];
}

// ---------------------------------------------------------------- helpers

/** Header names -> lowercase [a-z0-9_]. */
function sanitise(s) {
  const t = String(s)
    .replace(/<=/g, '_le_')
    .replace(/>=/g, '_ge_')
    .replace(/</g, '_lt_')
    .replace(/>/g, '_gt_')
    .replace(/=/g, '_eq_')
    .replace(/&/g, '_and_')
    .replace(/\+/g, '_plus_')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return t === '' ? 'x' : t;
}

function uniqueNames(names) {
  const seen = new Set(['class']);
  return names.map((n) => {
    let c = n === 'class' ? 'class_attr' : n;
    for (let k = 2; seen.has(c); k++) c = `${n}_${k}`;
    seen.add(c);
    return c;
  });
}

function toNumber(tok, where) {
  const s = String(tok).trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) fail(`${where}: not a finite number: ${JSON.stringify(tok)}`);
  return v;
}

/** Deterministic label order when no declared order exists: numeric if all numeric, else code-unit order. */
function naturalOrder(labels) {
  const u = [...new Set(labels)];
  if (u.every((l) => /^-?\d+(\.\d+)?$/.test(l))) return u.sort((a, b) => Number(a) - Number(b));
  return u.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function gunzip(file) {
  return zlib.gunzipSync(fs.readFileSync(file)).toString('latin1');
}

// ---------------------------------------------------------------- ddalpha

/** R `read.table(header = TRUE)` layout; the last column is the class (per ?getdata). */
function convertDdalpha(file, stem) {
  const lines = gunzip(file)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0].trim().split(/\s+/);
  const notes = [];
  const X = [];
  const y = [];
  let rowNames = false;
  for (let i = 1; i < lines.length; i++) {
    let cells = lines[i].trim().split(/\s+/);
    if (cells.length === header.length + 1) {
      // R convention: one more field than header names -> first field is the row name.
      rowNames = true;
      cells = cells.slice(1);
    }
    if (cells.length !== header.length) fail(`${stem}: line ${i + 1} has ${cells.length} fields`);
    X.push(cells.slice(0, -1).map((c) => toNumber(c, `${stem} line ${i + 1}`)));
    y.push(cells[cells.length - 1].replace(/^"(.*)"$/, '$1'));
  }
  if (rowNames) notes.push('The first field of each data line is an R row name and was dropped.');
  return {
    featureNames: header.slice(0, -1),
    X,
    y,
    classOrder: naturalOrder(y),
    droppedRows: 0,
    notes,
    describe: `ddalpha benchmark problem "${stem}" (Mozharovskyi, Mosler & Lange 2015; originally UCI and other public sources).`,
  };
}

// ---------------------------------------------------------------- scikit-learn

/** Reads `feature_names = [...]` that follows the load of `csvName` in sklearn/datasets/_base.py. */
function sklearnFeatureNames(baseSrc, csvName) {
  const at = baseSrc.indexOf(`"${csvName}"`);
  if (at < 0) fail(`_base.py does not mention ${csvName}`);
  const m = /feature_names = (?:np\.array\(\s*)?\[([\s\S]*?)\]/.exec(baseSrc.slice(at));
  if (!m) fail(`no feature_names list after ${csvName} in _base.py`);
  return [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]);
}

/** sklearn "load_csv_data" layout: first line `n_samples,n_features,<target names...>`, last column = class code. */
function convertSklearnCsv(file, csvName, baseSrc) {
  const lines = fs
    .readFileSync(file, 'latin1')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const head = lines[0].split(',');
  const n = Number(head[0]);
  const d = Number(head[1]);
  const targetNames = head.slice(2);
  const featureNames = sklearnFeatureNames(baseSrc, csvName);
  if (featureNames.length !== d) fail(`${csvName}: ${featureNames.length} names for ${d} features`);
  if (lines.length - 1 !== n) fail(`${csvName}: header says ${n} rows, found ${lines.length - 1}`);
  const X = [];
  const y = [];
  for (let i = 1; i < lines.length; i++) {
    const c = lines[i].split(',');
    if (c.length !== d + 1) fail(`${csvName}: line ${i + 1} has ${c.length} fields`);
    X.push(c.slice(0, d).map((v) => toNumber(v, `${csvName} line ${i + 1}`)));
    const code = toNumber(c[d], csvName);
    if (!Number.isInteger(code) || code < 0 || code >= targetNames.length) fail(`${csvName}: bad class ${c[d]}`);
    y.push(targetNames[code]);
  }
  return {
    featureNames,
    X,
    y,
    classOrder: targetNames,
    droppedRows: 0,
    notes: [
      `The file's first line is the sklearn header "${lines[0]}" (n_samples, n_features, target names); ` +
        `feature names are taken from sklearn/datasets/_base.py.`,
    ],
  };
}

/** digits.csv.gz: no header, 64 pixel columns (0..16) + digit; names as generated by load_digits(). */
function convertSklearnDigits(file) {
  const lines = gunzip(file)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const featureNames = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) featureNames.push(`pixel_${r}_${c}`);
  const X = [];
  const y = [];
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i].split(',');
    if (c.length !== 65) fail(`digits line ${i + 1} has ${c.length} fields`);
    X.push(c.slice(0, 64).map((v) => toNumber(v, `digits line ${i + 1}`)));
    y.push(String(toNumber(c[64], 'digits')));
  }
  return {
    featureNames,
    X,
    y,
    classOrder: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    droppedRows: 0,
    notes: ['8x8 images, pixel counts 0..16; feature names as generated by sklearn load_digits().'],
  };
}

// ---------------------------------------------------------------- ARFF (weka)

/** Splits a comma-separated ARFF line honouring '...' and "..." quoting (with backslash escapes). */
function splitArff(line) {
  const out = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    while (i < n && /[ \t]/.test(line[i])) i++;
    let tok = '';
    let quoted = false;
    if (line[i] === "'" || line[i] === '"') {
      const q = line[i++];
      quoted = true;
      while (i < n && line[i] !== q) {
        if (line[i] === '\\' && i + 1 < n) i++;
        tok += line[i++];
      }
      if (line[i] !== q) fail(`unterminated quote in: ${line}`);
      i++;
      while (i < n && line[i] !== ',') {
        if (!/[ \t]/.test(line[i])) fail(`garbage after quoted value in: ${line}`);
        i++;
      }
    } else {
      while (i < n && line[i] !== ',') tok += line[i++];
      tok = tok.trim();
    }
    out.push({ value: tok, quoted });
    i++; // skip comma
  }
  return out;
}

function parseArff(text, where) {
  const attributes = [];
  const data = [];
  let title = null;
  let inData = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('%')) {
      const t = /^%\s*1\.\s*Title:\s*(.+)$/i.exec(line);
      if (t && !title) title = t[1].trim();
      continue;
    }
    if (!inData) {
      if (/^@relation\b/i.test(line)) continue;
      if (/^@data\b/i.test(line)) {
        inData = true;
        continue;
      }
      const m = /^@attribute\s+('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/i.exec(line);
      if (!m) fail(`${where}: cannot parse header line: ${line}`);
      const name = /^['"]/.test(m[1]) ? m[1].slice(1, -1) : m[1];
      const type = m[2].trim();
      if (type.startsWith('{')) {
        const inner = type.slice(1, type.lastIndexOf('}'));
        attributes.push({ name, kind: 'nominal', values: splitArff(inner).map((t) => t.value) });
      } else if (/^(numeric|real|integer)$/i.test(type)) {
        attributes.push({ name, kind: 'numeric' });
      } else {
        attributes.push({ name, kind: type.split(/\s+/)[0].toLowerCase() });
      }
      continue;
    }
    if (line.startsWith('{')) fail(`${where}: sparse ARFF rows are not supported`);
    const cells = splitArff(line);
    if (cells.length !== attributes.length) fail(`${where}: row has ${cells.length} values: ${line}`);
    data.push(cells.map((c) => (c.value === '?' && !c.quoted ? null : c.value)));
  }
  return { attributes, data, title };
}

/**
 * ARFF -> numeric table. Last attribute = class (must be nominal). Rows with any missing value are
 * dropped. Nominal features: 2 levels -> one 0/1 column for the second declared level; >= 3 levels ->
 * one 0/1 column per level (full one-hot). Levels that never occur in the kept rows get no column.
 */
function convertArff(file, fileName) {
  const { attributes, data, title } = parseArff(fs.readFileSync(file, 'latin1'), fileName);
  const cls = attributes[attributes.length - 1];
  if (cls.kind !== 'nominal') fail(`${fileName}: class attribute is ${cls.kind}`);
  const feats = attributes.slice(0, -1);
  for (const a of feats) {
    if (a.kind !== 'numeric' && a.kind !== 'nominal') fail(`${fileName}: unsupported attribute type ${a.kind}`);
  }
  const kept = data.filter((r) => r.every((v) => v !== null));
  const droppedRows = data.length - kept.length;
  for (const r of kept) {
    attributes.forEach((a, j) => {
      if (a.kind === 'nominal' && !a.values.includes(r[j])) fail(`${fileName}: undeclared value ${r[j]} for ${a.name}`);
    });
  }
  // Build the column plan.
  const plan = []; // { j, level|null, name }
  let nominalCount = 0;
  const unusedLevels = [];
  feats.forEach((a, j) => {
    const base = sanitise(a.name);
    if (a.kind === 'numeric') {
      plan.push({ j, level: null, name: base });
      return;
    }
    nominalCount++;
    const present = a.values.filter((v) => kept.some((r) => r[j] === v));
    for (const v of a.values) if (!present.includes(v)) unusedLevels.push(`${a.name}=${v}`);
    if (present.length <= 1) return; // constant after filtering
    const levels = present.length === 2 ? [present[1]] : present;
    for (const v of levels) plan.push({ j, level: v, name: `${base}__${sanitise(v)}` });
  });
  const X = kept.map((r) => plan.map((p) => (p.level === null ? toNumber(r[p.j], `${fileName} ${p.name}`) : r[p.j] === p.level ? 1 : 0)));
  const y = kept.map((r) => r[r.length - 1]);
  const notes = [];
  if (nominalCount > 0) {
    notes.push(
      `${nominalCount} nominal attribute(s) encoded as 0/1 indicators (2 levels: one column "<attr>__<second level>"; ` +
        `3+ levels: one column per level)` +
        (unusedLevels.length ? `; ${unusedLevels.length} declared level(s) never occurring in the kept rows got no column.` : '.'),
    );
  }
  if (droppedRows > 0) notes.push(`${droppedRows} of ${data.length} rows had missing values ('?') and were dropped.`);
  return {
    featureNames: plan.map((p) => p.name),
    X,
    y,
    classOrder: cls.values,
    droppedRows,
    notes,
    describe: title ? `Weka example data: ${title.replace(/\.$/, '')}.` : `Weka example data (${fileName} ships without a description).`,
    preSanitised: true,
  };
}

// ---------------------------------------------------------------- R data (extended collection)

/** Opens the data of an installed R library: data/<object>.rda files, or the lazy-load database data/Rdata. */
function rLibrary(root, libDir) {
  const dataDir = path.join(root, libDir, 'data');
  const dbBase = path.join(dataDir, 'Rdata');
  const db = fs.existsSync(`${dbBase}.rdx`) ? openLazyLoadDb(dbBase) : null;
  return {
    get(object) {
      const rda = path.join(dataDir, `${object}.rda`);
      if (fs.existsSync(rda)) {
        const { objects, format } = readRda(rda);
        if (!objects.has(object)) fail(`${rda} does not hold ${object}`);
        return {
          value: objects.get(object),
          file: `${libDir}/data/${object}.rda`,
          format: `save() file, ${format.compression}, serialization version ${format.version}`,
        };
      }
      if (db && db.names.includes(object)) {
        return {
          value: db.get(object),
          file: `${libDir}/data/Rdata.rdb`,
          format: `lazy-load database, ${['none', 'zlib', 'bzip2', 'xz'][db.compression]} blobs`,
        };
      }
      return fail(`${libDir}: no data object ${object}`);
    },
  };
}

/** The \title of an R help topic, read from the library's help database (help/<lib>.rdb), whitespace collapsed. */
function rdTitle(root, libDir, topic) {
  const lib = path.basename(libDir);
  const helpBase = path.join(root, libDir, 'help', lib);
  const db = openLazyLoadDb(helpBase);
  const aliases = readRds(path.join(root, libDir, 'help', 'aliases.rds'));
  const k = aliases.attributes.names.data.indexOf(topic);
  if (k < 0) fail(`${lib} has no help topic ${topic}`);
  const text = (v) => (v?.type === 'character' ? v.data.join('') : v?.type === 'list' ? v.data.map(text).join('') : '');
  const rd = db.get(aliases.data[k]);
  const title = rd.data.find((part) => part?.attributes?.Rd_tag?.data?.[0] === '\\title');
  if (!title) fail(`${lib} help for ${topic} has no title`);
  return text(title).replace(/\s+/g, ' ').trim();
}

/**
 * Data-frame columns (see rdata.mjs dataFrameColumns) -> numeric table with a binary or multi-class label.
 *   numeric: kept; logical: 0/1; ordered factor: its level number 1..K in declared order (R's as.integer);
 *   unordered factor: 0/1 indicators as for ARFF (2 levels: one column "<col>__<second level>"; 3+ levels: one
 *   column per level; levels absent from the kept rows get no column), or dropped when it has more than
 *   MAX_LEVELS distinct values; character columns (identifiers, free text) and other classes (dates, matrices)
 *   are dropped. Rows with a missing value (NA) in a kept column or the target are dropped.
 */
function convertColumns(columns, spec, where) {
  const target = columns.find((c) => c.name === spec.target) ?? fail(`${where}: no target column ${spec.target}`);
  for (const c of Object.keys(spec.drop ?? {})) {
    if (!columns.some((x) => x.name === c)) fail(`${where}: drop list names unknown column ${c}`);
  }
  const kept = [];
  const droppedCharacter = [];
  const droppedOther = [];
  const droppedWide = [];
  for (const c of columns) {
    if (c === target || spec.drop?.[c.name]) continue;
    if (c.kind === 'character') droppedCharacter.push(c.name);
    else if (c.kind === 'other') droppedOther.push(`${c.name} (${c.rClass.join('/')})`);
    else if (c.kind === 'factor' && !c.ordered && new Set(c.values.filter((v) => v !== null)).size > MAX_LEVELS) {
      droppedWide.push(`${c.name} (${new Set(c.values.filter((v) => v !== null)).size} levels)`);
    } else kept.push(c);
  }
  const n = target.values.length;
  const rows = [];
  for (let i = 0; i < n; i++) if (target.values[i] !== null && kept.every((c) => c.values[i] !== null)) rows.push(i);
  const droppedRows = n - rows.length;

  const plan = []; // { name, value(i) }
  let unordered = 0;
  let ordered = 0;
  let logical = 0;
  const unusedLevels = [];
  for (const c of kept) {
    const base = sanitise(c.name);
    if (c.kind === 'numeric') {
      plan.push({ name: base, value: (i) => c.values[i] });
    } else if (c.kind === 'logical') {
      logical++;
      plan.push({ name: base, value: (i) => (c.values[i] ? 1 : 0) });
    } else if (c.kind === 'factor' && c.ordered) {
      ordered++;
      plan.push({ name: base, value: (i) => c.levels.indexOf(c.values[i]) + 1 });
    } else if (c.kind === 'factor') {
      unordered++;
      const seen = new Set(rows.map((i) => c.values[i]));
      const present = c.levels.filter((l) => seen.has(l));
      for (const l of c.levels) if (!seen.has(l)) unusedLevels.push(`${c.name}=${l}`);
      if (present.length <= 1) continue; // constant in the kept rows
      for (const l of present.length === 2 ? [present[1]] : present) {
        plan.push({ name: `${base}__${sanitise(l)}`, value: (i) => (c.values[i] === l ? 1 : 0) });
      }
    } else fail(`${where}: column ${c.name} of kind ${c.kind}`);
  }

  const notes = [];
  let y;
  let classOrder;
  let derived = null;
  if (spec.threshold !== undefined) {
    if (target.kind !== 'numeric') fail(`${where}: threshold on non-numeric column ${spec.target}`);
    const lo = `${spec.target} <= ${spec.threshold}`;
    const hi = `${spec.target} > ${spec.threshold}`;
    y = rows.map((i) => (target.values[i] > spec.threshold ? hi : lo));
    classOrder = [lo, hi];
    derived = { kind: 'threshold', parent: null, rule: hi };
    notes.push(
      `Derived binary task: label = ${hi} (the source column "${spec.target}" is a count/measurement; the column itself is not a feature).`,
    );
  } else if (target.kind === 'factor') {
    y = rows.map((i) => target.values[i]);
    classOrder = target.levels;
    notes.push(`Target: column "${spec.target}".`);
  } else if (target.kind === 'logical') {
    y = rows.map((i) => (target.values[i] ? 'TRUE' : 'FALSE'));
    classOrder = ['FALSE', 'TRUE'];
    notes.push(`Target: column "${spec.target}".`);
  } else if (target.kind === 'numeric') {
    y = rows.map((i) => String(target.values[i]));
    classOrder = naturalOrder(y);
    notes.push(`Target: column "${spec.target}".`);
  } else fail(`${where}: target ${spec.target} is ${target.kind}`);

  const drops = Object.entries(spec.drop ?? {}).map(([c, why]) => `"${c}" (${why})`);
  if (drops.length) notes.push(`Dropped column(s): ${drops.join('; ')}.`);
  if (droppedCharacter.length) notes.push(`Dropped character column(s) (identifiers or free text): ${droppedCharacter.join(', ')}.`);
  if (droppedWide.length) notes.push(`Dropped unordered factor(s) with more than ${MAX_LEVELS} levels: ${droppedWide.join(', ')}.`);
  if (droppedOther.length) notes.push(`Dropped column(s) of other types: ${droppedOther.join(', ')}.`);
  const enc = [];
  if (unordered)
    enc.push(
      `${unordered} unordered factor(s) encoded as 0/1 indicators (2 levels: one column "<col>__<second level>"; 3+ levels: one column per level)`,
    );
  if (ordered) enc.push(`${ordered} ordered factor(s) encoded as their level number 1..K in declared order`);
  if (logical) enc.push(`${logical} logical column(s) as 0/1`);
  if (enc.length) {
    notes.push(
      enc.join('; ') +
        (unusedLevels.length ? `; ${unusedLevels.length} declared level(s) never occurring in the kept rows got no column.` : '.'),
    );
  }
  if (droppedRows > 0) notes.push(`${droppedRows} of ${n} rows had missing values (NA) and were dropped.`);
  return {
    featureNames: plan.map((p) => p.name),
    X: rows.map((i) => plan.map((p) => p.value(i))),
    y,
    classOrder,
    droppedRows,
    notes,
    derived,
    preSanitised: true,
  };
}

/** One R data frame of R_DATASETS -> table (for finalise). */
function convertR(pkgs, spec) {
  const { root } = pkgs[spec.pkg];
  const libDir = R_LIBS[spec.pkg];
  const { value, file, format } = rLibrary(root, libDir).get(spec.object);
  const where = `${spec.pkg} ${spec.object}`;
  const table = convertColumns(dataFrameColumns(value, where), spec, where);
  const lib = path.basename(libDir);
  const rowNames = dataFrameRowNames(value) !== null;
  table.describe =
    `R package ${lib}, data set ${spec.object}: ${rdTitle(root, libDir, spec.object).replace(/\.$/, '')} (${format}).` +
    (spec.note ? ` ${spec.note}` : '');
  if (rowNames) table.notes.push('The R row names (identifiers) are not kept.');
  return { table, file };
}

/** statsmodels CSV: a header of (quoted) names, then numbers. */
function convertStatsmodelsCsv(root, spec) {
  const rel = `${STATSMODELS_DIR}/${spec.file}`;
  const lines = fs
    .readFileSync(path.join(root, rel), 'latin1')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0].split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
  const columns = header.map((name) => ({ name, kind: 'numeric', values: [] }));
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    if (cells.length !== header.length) fail(`${rel}: line ${i + 1} has ${cells.length} fields`);
    cells.forEach((c, j) => columns[j].values.push(c.trim() === 'NA' || c.trim() === '' ? null : toNumber(c, `${rel} line ${i + 1}`)));
  }
  const table = convertColumns(columns, spec, rel);
  table.describe = spec.describe;
  return { table, file: rel };
}

// ---------------------------------------------------------------- assembling datasets

function finalise(name, src, table, licence, collection = 'original') {
  const { X, y } = table;
  const rows = X.length;
  const present = table.classOrder.filter((l) => y.includes(l));
  for (const l of new Set(y)) if (!present.includes(l)) fail(`${name}: label ${l} not in class order`);
  const count = (l) => y.reduce((s, v) => s + (v === l ? 1 : 0), 0);
  const notes = table.describe ? [table.describe] : [];
  let classNames;
  let task;
  if (present.length < 2) return { skip: `${name}: only one class` };
  if (present.length === 2) {
    task = 'binary';
    const [a, b] = present;
    // 1 = minority; on a tie the later label in the (declared or natural) order is positive.
    const pos = count(a) < count(b) ? a : b;
    const neg = pos === a ? b : a;
    classNames = [neg, pos];
    notes.push(
      `Class 1 = original label "${pos}" (minority), class 0 = "${neg}"` +
        (count(a) === count(b) ? ' (tie: the later label is positive).' : '.'),
    );
  } else {
    task = 'multiclass';
    classNames = present;
    const absent = table.classOrder.filter((l) => !present.includes(l));
    notes.push('Class k = classNames[k], in the order declared by the source.');
    if (absent.length) notes.push(`Declared class(es) without rows, not numbered: ${absent.join(', ')}.`);
  }
  notes.push(...table.notes);
  const labels = y.map((l) => classNames.indexOf(l));
  const classCounts = classNames.map(count);
  if (rows < MIN_ROWS) return { skip: `${name}: ${rows} rows (< ${MIN_ROWS})` };
  if (task === 'binary' && classCounts[1] < MIN_MINORITY) {
    return { skip: `${name}: minority class has ${classCounts[1]} rows (< ${MIN_MINORITY})` };
  }
  const featureNames = uniqueNames(table.preSanitised ? table.featureNames : table.featureNames.map(sanitise));
  const info = {
    name,
    task,
    collection,
    rows,
    features: featureNames.length,
    classCounts,
    ...(task === 'binary' ? { positiveShare: Number((classCounts[1] / rows).toFixed(4)) } : {}),
    classNames,
    ...(table.derived ? { derived: table.derived } : {}),
    source: src,
    licence,
    droppedRows: table.droppedRows,
    notes: '',
  };
  return { info, featureNames, X, labels, notes };
}

function csvText(ds) {
  const out = [ds.featureNames.join(',') + ',class'];
  for (let i = 0; i < ds.X.length; i++) out.push(ds.X[i].map((v) => String(v)).join(',') + ',' + ds.labels[i]);
  return out.join('\n') + '\n';
}

/**
 * One-vs-rest binary task from a multi-class dataset: class 1 = `label`, class 0 = every other class.
 * `parentInCorpus` says whether the multi-class base is itself one of the corpus datasets.
 */
function deriveOneVsRest(newName, base, label, { column, parentInCorpus = true, collection = base.info.collection } = {}) {
  const k = base.info.classNames.indexOf(label);
  if (k < 0) fail(`${newName}: ${base.info.name} has no class ${label}`);
  const labels = base.labels.map((l) => (l === k ? 1 : 0));
  const n1 = labels.reduce((s, v) => s + v, 0);
  if (n1 * 2 >= labels.length) fail(`${newName}: "${label}" is not a minority`);
  if (n1 < MIN_MINORITY) fail(`${newName}: only ${n1} positives`);
  const rows = labels.length;
  // key order identical to finalise()
  const info = {
    name: newName,
    task: 'binary',
    collection,
    rows,
    features: base.info.features,
    classCounts: [rows - n1, n1],
    positiveShare: Number((n1 / rows).toFixed(4)),
    classNames: [`not ${label}`, label],
    derived: { kind: 'one-vs-rest', parent: parentInCorpus ? base.info.name : null, rule: `${column} == ${JSON.stringify(label)}` },
    source: base.info.source,
    licence: base.info.licence,
    droppedRows: base.info.droppedRows,
    notes: '',
  };
  const others = base.info.classNames.length - 1;
  const notes = [
    parentInCorpus
      ? `Derived one-vs-rest task: same rows and features as ${base.info.name}; class 1 = original label "${label}", ` +
        `class 0 = all other ${others} classes.`
      : `Derived one-vs-rest task from the ${others + 1}-class target "${column}" (the multi-class set itself is not in the corpus): ` +
        `class 1 = original label "${label}", class 0 = the other ${others} classes (${base.info.classNames.filter((c) => c !== label).join(', ')}).`,
    ...base.notes.filter((n) => !/^Class k = |^Declared class|^Target: column/.test(n)),
  ];
  return { info, featureNames: base.featureNames, X: base.X, labels, notes };
}

function buildAll(pkgs) {
  const datasets = [];
  const skipped = [];
  const add = (r) => (r.skip ? skipped.push(r.skip) : datasets.push(r));

  // ddalpha
  {
    const { version, root } = pkgs['r-cran-ddalpha'];
    const licence = packageLicence('r-cran-ddalpha', root);
    const dir = path.join(root, DDALPHA_DIR);
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.txt.gz'))
      .sort();
    for (const f of files) {
      const stem = f.replace(/\.txt\.gz$/, '');
      const rel = `${DDALPHA_DIR}/${f}`;
      add(
        finalise(
          `ddalpha-${sanitise(stem)}`,
          { debianPackage: 'r-cran-ddalpha', version, file: rel },
          convertDdalpha(path.join(dir, f), stem),
          licence,
        ),
      );
    }
  }
  // scikit-learn
  {
    const { version, root } = pkgs['python3-sklearn'];
    const licence = packageLicence('python3-sklearn', root);
    const baseSrc = fs.readFileSync(path.join(root, SKLEARN_DIR, '_base.py'), 'utf8');
    const src = (f) => ({ debianPackage: 'python3-sklearn', version, file: `${SKLEARN_DIR}/data/${f}` });
    const descr = {
      'breast_cancer.csv': 'Breast Cancer Wisconsin (Diagnostic), as shipped with scikit-learn (load_breast_cancer).',
      'wine_data.csv': 'UCI Wine recognition data, as shipped with scikit-learn (load_wine).',
      'iris.csv': 'Fisher iris data, as shipped with scikit-learn (load_iris).',
    };
    for (const [name, f] of [
      ['sklearn-breast_cancer', 'breast_cancer.csv'],
      ['sklearn-wine', 'wine_data.csv'],
      ['sklearn-iris', 'iris.csv'],
    ]) {
      const t = convertSklearnCsv(path.join(root, SKLEARN_DIR, 'data', f), f, baseSrc);
      t.describe = descr[f];
      add(finalise(name, src(f), t, licence));
    }
    const dg = convertSklearnDigits(path.join(root, SKLEARN_DIR, 'data', 'digits.csv.gz'));
    dg.describe = 'UCI optical recognition of handwritten digits (test part, 1797 images), as shipped with scikit-learn (load_digits).';
    add(finalise('sklearn-digits', src('digits.csv.gz'), dg, licence));
  }
  // weka
  {
    const { version, root } = pkgs.weka;
    const licence = packageLicence('weka', root);
    for (const f of WEKA_FILES) {
      const rel = `${WEKA_DIR}/${f}`;
      add(
        finalise(
          `weka-${sanitise(f.replace(/\.arff$/, '')).replace(/_/g, '-')}`,
          { debianPackage: 'weka', version, file: rel },
          convertArff(path.join(root, rel), f),
          licence,
        ),
      );
    }
  }
  // derived one-vs-rest
  for (const [name, baseName, label, column] of DERIVED_ONE_VS_REST) {
    const base = datasets.find((d) => d.info.name === baseName) ?? fail(`derived ${name}: no base ${baseName}`);
    datasets.push(deriveOneVsRest(name, base, label, { column }));
  }
  // extended collection: R data frames
  for (const spec of R_DATASETS) {
    const { version, root } = pkgs[spec.pkg];
    const licence = packageLicence(spec.pkg, root);
    const { table, file } = convertR(pkgs, spec);
    const src = { debianPackage: spec.pkg, version, file, object: spec.object };
    if (spec.oneVsRest === undefined) {
      const r = finalise(spec.name, src, table, licence, 'extended');
      if (r.skip) fail(`extended dataset ${r.skip}`);
      if (r.info.task !== 'binary')
        fail(`${spec.name}: target ${spec.target} has ${r.info.classNames.length} classes; set oneVsRest or threshold`);
      datasets.push(r);
    } else {
      const parent = finalise(`${spec.name} (multi-class parent)`, src, table, licence, 'extended');
      if (parent.skip || parent.info.task !== 'multiclass') fail(`${spec.name}: one-vs-rest needs a multi-class target`);
      datasets.push(deriveOneVsRest(spec.name, parent, spec.oneVsRest, { column: spec.target, parentInCorpus: false }));
    }
  }
  // extended collection: statsmodels CSVs
  for (const spec of STATSMODELS_DATASETS) {
    const { version, root } = pkgs['python3-statsmodels'];
    const { table, file } = convertStatsmodelsCsv(root, spec);
    const r = finalise(
      spec.name,
      { debianPackage: 'python3-statsmodels', version, file },
      table,
      packageLicence('python3-statsmodels', root, file),
      'extended',
    );
    if (r.skip || r.info.task !== 'binary') fail(`${spec.name}: not a binary task`);
    datasets.push(r);
  }

  // name checks + sort
  for (const d of datasets) if (!/^[a-z0-9_-]+$/.test(d.info.name)) fail(`bad dataset name ${d.info.name}`);
  datasets.sort((a, b) => (a.info.name < b.info.name ? -1 : a.info.name > b.info.name ? 1 : 0));
  const names = datasets.map((d) => d.info.name);
  if (new Set(names).size !== names.length) fail('duplicate dataset names');

  // content-identical datasets (same features, values and labels) get a cross-reference note
  const body = new Map();
  for (const d of datasets) {
    const csv = csvText(d);
    d.csv = csv;
    const h = createHash('sha256')
      .update(csv.slice(csv.indexOf('\n') + 1))
      .digest('hex');
    if (!body.has(h)) body.set(h, []);
    body.get(h).push(d.info.name);
  }
  for (const d of datasets) {
    const h = createHash('sha256')
      .update(d.csv.slice(d.csv.indexOf('\n') + 1))
      .digest('hex');
    const twins = body.get(h).filter((n) => n !== d.info.name);
    if (twins.length) d.notes.push(`Same values and labels as ${twins.join(', ')} (column names may differ).`);
    d.info.notes = d.notes.join(' ');
  }
  return { datasets, skipped };
}

// ---------------------------------------------------------------- README table

const TABLE_START = '<!-- datasets-table:start (generated by scripts/build.mjs) -->';
const TABLE_END = '<!-- datasets-table:end -->';

function readmeTable(datasets, skipped, pkgs) {
  const lines = [TABLE_START, ''];
  const collections = [
    ['original', 'Original collection (the corpus of the paper reproduction)'],
    ['extended', 'Extended collection (imbalanced binary tasks; `derived` marks one-vs-rest and threshold tasks)'],
  ];
  for (const [collection, title] of collections) {
    const members = datasets.filter((d) => d.info.collection === collection);
    const bytes = members.reduce((s, d) => s + Buffer.byteLength(d.csv), 0);
    lines.push(`**${title}**: ${members.length} datasets, ${(bytes / 1e6).toFixed(2)} MB of CSV.`, '');
    lines.push('| name | task | rows | features | positive share / classes | source | licence |');
    lines.push('| --- | --- | ---: | ---: | --- | --- | --- |');
    for (const { info } of members) {
      const share = info.task === 'binary' ? `${(info.positiveShare * 100).toFixed(2)}%` : `${info.classNames.length} classes`;
      const what = info.source.object ?? path.posix.basename(info.source.file);
      const derived = info.derived ? ` (derived: ${info.derived.rule.replace(/\|/g, '\\|')})` : '';
      lines.push(
        `| \`${info.name}\` | ${info.task} | ${info.rows} | ${info.features} | ${share}${derived} | ${info.source.debianPackage} \`${what}\` | ${info.licence.replace(/\|/g, '\\|')} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    `Built from ${Object.entries(pkgs)
      .map(([p, { version }]) => `\`${p}\` ${version}`)
      .join(', ')}.`,
  );
  lines.push('');
  lines.push('Not converted:');
  lines.push('');
  for (const s of skipped) lines.push(`- ${s}`);
  for (const [p, f, why] of SKIPPED_BY_DESIGN) lines.push(`- ${p} \`${f}\`: ${why}`);
  lines.push('', TABLE_END);
  return lines.join('\n');
}

function withTable(readme, table) {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < 0) return null;
  return readme.slice(0, a) + table + readme.slice(b + TABLE_END.length);
}

// ---------------------------------------------------------------- output

function render(datasets, skipped, pkgs) {
  const files = new Map();
  for (const d of datasets) files.set(`data/${d.info.name}.csv`, d.csv);
  files.set(
    'manifest.json',
    JSON.stringify(
      datasets.map((d) => d.info),
      null,
      2,
    ) + '\n',
  );
  const readmePath = path.join(PKG_ROOT, 'README.md');
  if (fs.existsSync(readmePath)) {
    const next = withTable(fs.readFileSync(readmePath, 'utf8'), readmeTable(datasets, skipped, pkgs));
    if (next !== null) files.set('README.md', next);
  }
  return files;
}

function writeOut(outDir, files) {
  fs.mkdirSync(path.join(outDir, 'data'), { recursive: true });
  const wanted = new Set([...files.keys()].filter((k) => k.startsWith('data/')).map((k) => k.slice(5)));
  for (const f of fs.readdirSync(path.join(outDir, 'data'))) {
    if (f.endsWith('.csv') && !wanted.has(f)) fs.rmSync(path.join(outDir, 'data', f));
  }
  for (const [rel, text] of files) fs.writeFileSync(path.join(outDir, rel), text);
}

function check(files) {
  let bad = 0;
  for (const [rel, text] of files) {
    const p = path.join(PKG_ROOT, rel);
    if (!fs.existsSync(p)) {
      console.error(`missing: ${rel}`);
      bad++;
    } else if (fs.readFileSync(p, 'utf8') !== text) {
      console.error(`differs: ${rel}`);
      bad++;
    }
  }
  const dataDir = path.join(PKG_ROOT, 'data');
  if (fs.existsSync(dataDir)) {
    for (const f of fs.readdirSync(dataDir)) {
      if (f.endsWith('.csv') && !files.has(`data/${f}`)) {
        console.error(`stale: data/${f}`);
        bad++;
      }
    }
  }
  return bad;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anyloss-datasets-'));
  try {
    const pkgs = obtainDebs(opts, tmp);
    const { datasets, skipped } = buildAll(pkgs);
    const files = render(datasets, skipped, pkgs);
    for (const s of skipped) console.error(`skipped ${s}`);
    if (opts.check) {
      const bad = check(files);
      if (bad) {
        console.error(`check FAILED: ${bad} file(s) differ from a fresh build`);
        process.exitCode = 1;
      } else console.error(`check ok: ${files.size} files identical to a fresh build`);
      return;
    }
    const outDir = opts.out ?? PKG_ROOT;
    writeOut(outDir, files);
    const bytes = datasets.reduce((s, d) => s + Buffer.byteLength(d.csv), 0);
    console.error(`wrote ${datasets.length} datasets (${(bytes / 1e6).toFixed(2)} MB of CSV) to ${outDir}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();

// Defaults in prose come from the code. Every default that the docs, the READMEs and the site state — L of each
// adapter, brain's training options, the benchmark's learning rates and epochs, the demo's settings — is read
// here from the exported constants (or from the behaviour they drive, e.g. `createLoss(m).amplification`), and
// the prose states it only inside a marker:
//
//   <!--default:KEY-->VALUE<!--/default-->
//
// `pnpm docs:defaults` (this file with --write) rewrites VALUE in every marker from the constants; the docs site
// renders the markers from the constants at build time (docs/.vitepress/config.ts), so the site is right even
// before the files are rewritten; and docs/defaults.test.ts fails, naming this command, while any marker is stale.
//
// A passage that is true only for one value — a rationale ("so the default is L = 5: the best mean …") or the
// "(default)" label of a measured table row — cannot be rewritten by a script. It carries a pin instead,
//
//   <!--pinned-default:KEY=VALUE-->
//
// and the test fails when the constant no longer equals VALUE, asking for the passage to be rewritten by hand.
// The test also scans the prose for default-looking statements ("default … L = 5", "amplification 30",
// "iterations 200") outside markers and pins (scanDefaults below). Values inside
// <!--measurements--> … <!--/measurements--> regions are records of what was measured: they are only scanned
// for statements that say "default".
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AMPLIFICATION, metrics } from '@anyloss/core';
import { DEFAULT_SOFTMAX_AMPLIFICATION } from '@anyloss/core/multiclass';
import { TRAIN_DEFAULTS } from '@anyloss/brain';
import { createLoss } from '@anyloss/tfjs';
import {
  DEFAULT_EPOCHS,
  DEFAULT_LOGISTIC_LEARNING_RATE,
  DEFAULT_MLP_LEARNING_RATE,
  DEFAULT_MULTICLASS_LEARNING_RATES,
  defaultBatchFraction,
  MULTICLASS_MLP_BATCH_FRACTION,
  STUDY_EPOCHS,
} from '@anyloss/bench';
import { DEFAULT_SEED } from '@anyloss/bench/cli';
import { DEMO_SETTINGS } from '../.vitepress/theme/demo-settings.mjs';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const plain = (value) => String(value);
const percent = (value) => `${Math.round(value * 1000) / 10}%`;

/**
 * What a statement is about, for the scan: `amplification` (L), `learningRate`, `epochs` (also iterations and
 * full-batch steps), `batchSize`, `units` (of a hidden layer), `momentum`, `errorThresh`, `period`, `seed`, `share`.
 * `choice` is a named option (never scanned).
 * @typedef {'amplification' | 'learningRate' | 'epochs' | 'batchSize' | 'units' | 'momentum' | 'errorThresh' | 'period' | 'seed' | 'share' | 'choice'} Kind
 */

/**
 * @typedef {object} DefaultEntry
 * @property {number | string} value the value in the code (a string for a `choice`)
 * @property {string} text how the prose writes it
 * @property {Kind} kind
 * @property {'core' | 'tfjs' | 'brain' | 'bench' | 'demo'} subject which package or tool the default belongs to
 * @property {string} source where the value comes from
 */

/** @returns {DefaultEntry} */
function entry(value, kind, subject, source, format = plain) {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`defaults: ${source} is not a number (${String(value)})`);
  return Object.freeze({ value, text: format(value), kind, subject, source });
}

/**
 * A default that is one of a few names (brain's `gradientScale`), written as the quoted name: 'sum'. The scan
 * looks for numbers and never flags choices; markers and pins check them.
 * @returns {DefaultEntry}
 */
function choice(value, subject, source) {
  if (typeof value !== 'string' || !/^\w+$/.test(value)) throw new Error(`defaults: ${source} is not a name (${String(value)})`);
  return Object.freeze({ value, text: `'${value}'`, kind: 'choice', subject, source });
}

/** Every default the prose may state, by marker key. */
export const DEFAULTS = Object.freeze({
  'core.amplification': entry(
    DEFAULT_AMPLIFICATION,
    'amplification',
    'core',
    '@anyloss/core DEFAULT_AMPLIFICATION (anyLoss, softConfusionMatrix, amplify)',
  ),
  'core.softmaxAmplification': entry(
    DEFAULT_SOFTMAX_AMPLIFICATION,
    'amplification',
    'core',
    '@anyloss/core/multiclass DEFAULT_SOFTMAX_AMPLIFICATION',
  ),
  'tfjs.amplification': entry(
    createLoss(metrics.f1).amplification,
    'amplification',
    'tfjs',
    '@anyloss/tfjs createLoss(metric).amplification (DEFAULT_TFJS_AMPLIFICATION)',
  ),
  'tfjs.multiclassAmplification': entry(
    createLoss(metrics.f1, { average: 'macro' }).amplification,
    'amplification',
    'tfjs',
    '@anyloss/tfjs createLoss(metric, { average }).amplification (softmax amplifier)',
  ),
  'brain.amplification': entry(TRAIN_DEFAULTS.amplification, 'amplification', 'brain', '@anyloss/brain TRAIN_DEFAULTS.amplification'),
  'brain.multilabelAmplification': entry(
    TRAIN_DEFAULTS.multilabelAmplification,
    'amplification',
    'brain',
    '@anyloss/brain TRAIN_DEFAULTS.multilabelAmplification',
  ),
  'brain.multiclassAmplification': entry(
    TRAIN_DEFAULTS.multiclassAmplification,
    'amplification',
    'brain',
    '@anyloss/brain TRAIN_DEFAULTS.multiclassAmplification',
  ),
  'brain.gradientScale': choice(TRAIN_DEFAULTS.gradientScale, 'brain', '@anyloss/brain TRAIN_DEFAULTS.gradientScale'),
  'brain.multiOutputGradientScale': choice(
    TRAIN_DEFAULTS.multiOutputGradientScale,
    'brain',
    '@anyloss/brain TRAIN_DEFAULTS.multiOutputGradientScale',
  ),
  'brain.multiOutputLearningRate': entry(
    TRAIN_DEFAULTS.multiOutputLearningRate,
    'learningRate',
    'brain',
    '@anyloss/brain TRAIN_DEFAULTS.multiOutputLearningRate',
  ),
  'brain.batchSize': entry(TRAIN_DEFAULTS.batchSize, 'batchSize', 'brain', '@anyloss/brain TRAIN_DEFAULTS.batchSize'),
  'brain.iterations': entry(TRAIN_DEFAULTS.iterations, 'epochs', 'brain', '@anyloss/brain TRAIN_DEFAULTS.iterations'),
  'brain.learningRate': entry(TRAIN_DEFAULTS.learningRate, 'learningRate', 'brain', '@anyloss/brain TRAIN_DEFAULTS.learningRate'),
  'brain.momentum': entry(TRAIN_DEFAULTS.momentum, 'momentum', 'brain', '@anyloss/brain TRAIN_DEFAULTS.momentum'),
  'brain.errorThresh': entry(TRAIN_DEFAULTS.errorThresh, 'errorThresh', 'brain', '@anyloss/brain TRAIN_DEFAULTS.errorThresh'),
  'brain.logPeriod': entry(TRAIN_DEFAULTS.logPeriod, 'period', 'brain', '@anyloss/brain TRAIN_DEFAULTS.logPeriod'),
  'brain.callbackPeriod': entry(TRAIN_DEFAULTS.callbackPeriod, 'period', 'brain', '@anyloss/brain TRAIN_DEFAULTS.callbackPeriod'),
  'bench.logisticLearningRate': entry(
    DEFAULT_LOGISTIC_LEARNING_RATE,
    'learningRate',
    'bench',
    '@anyloss/bench DEFAULT_LOGISTIC_LEARNING_RATE',
  ),
  'bench.mlpLearningRate': entry(DEFAULT_MLP_LEARNING_RATE, 'learningRate', 'bench', '@anyloss/bench DEFAULT_MLP_LEARNING_RATE'),
  'bench.multiclassLogisticLearningRate': entry(
    DEFAULT_MULTICLASS_LEARNING_RATES.logistic,
    'learningRate',
    'bench',
    '@anyloss/bench DEFAULT_MULTICLASS_LEARNING_RATES.logistic',
  ),
  'bench.multiclassMlpLearningRate': entry(
    DEFAULT_MULTICLASS_LEARNING_RATES.mlp,
    'learningRate',
    'bench',
    '@anyloss/bench DEFAULT_MULTICLASS_LEARNING_RATES.mlp',
  ),
  'bench.logisticEpochs': entry(DEFAULT_EPOCHS.logistic, 'epochs', 'bench', '@anyloss/bench DEFAULT_EPOCHS.logistic'),
  'bench.mlpEpochs': entry(DEFAULT_EPOCHS.mlp, 'epochs', 'bench', '@anyloss/bench DEFAULT_EPOCHS.mlp'),
  'bench.studyLogisticEpochs': entry(STUDY_EPOCHS.logistic, 'epochs', 'bench', '@anyloss/bench STUDY_EPOCHS.logistic (multiclass-study)'),
  'bench.studyMlpEpochs': entry(STUDY_EPOCHS.mlp, 'epochs', 'bench', '@anyloss/bench STUDY_EPOCHS.mlp (multiclass-study)'),
  'bench.mlpBatchShare': entry(
    defaultBatchFraction('mlp', 'f1'),
    'share',
    'bench',
    "@anyloss/bench defaultBatchFraction('mlp', 'f1')",
    percent,
  ),
  'bench.mlpGeometricMeanBatchShare': entry(
    defaultBatchFraction('mlp', 'geometricMean'),
    'share',
    'bench',
    "@anyloss/bench defaultBatchFraction('mlp', 'geometricMean')",
    percent,
  ),
  'bench.multiclassMlpBatchShare': entry(
    MULTICLASS_MLP_BATCH_FRACTION,
    'share',
    'bench',
    '@anyloss/bench MULTICLASS_MLP_BATCH_FRACTION',
    percent,
  ),
  'bench.seed': entry(DEFAULT_SEED, 'seed', 'bench', '@anyloss/bench/cli DEFAULT_SEED'),
  'demo.hiddenUnits': entry(
    DEMO_SETTINGS.hiddenUnits,
    'units',
    'demo',
    'DEMO_SETTINGS.hiddenUnits (docs/.vitepress/theme/demo-settings.mjs)',
  ),
  'demo.learningRate': entry(DEMO_SETTINGS.learningRate, 'learningRate', 'demo', 'DEMO_SETTINGS.learningRate'),
  'demo.batchSize': entry(DEMO_SETTINGS.batchSize, 'batchSize', 'demo', 'DEMO_SETTINGS.batchSize'),
  'demo.epochs': entry(DEMO_SETTINGS.epochs, 'epochs', 'demo', 'DEMO_SETTINGS.epochs'),
  'demo.validationShare': entry(DEMO_SETTINGS.validationShare, 'share', 'demo', 'DEMO_SETTINGS.validationShare', percent),
  'demo.splitSeed': entry(DEMO_SETTINGS.splitSeed, 'seed', 'demo', 'DEMO_SETTINGS.splitSeed'),
});

const VALUE_MARKER = /<!--default:([\w.]+)-->([\s\S]*?)<!--\/default-->/g;
const PIN_MARKER = /<!--pinned-default:([\w.]+)=([^\s]+?)-->/g;

/** Whether `offset` is inside an inline code span (`…`) of its line: a marker written there shows the syntax. */
function inInlineCode(text, offset) {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return (text.slice(lineStart, offset).match(/`/g) ?? []).length % 2 === 1;
}

/** The 1-based line of `offset` in `text`. */
function lineOf(text, offset) {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/**
 * Rewrites every value marker of `text` from the constants. Unknown keys are left as they are (and reported by
 * {@link checkMarkers}).
 * @param {string} text
 * @returns {string}
 */
export function renderDefaults(text) {
  return text.replace(VALUE_MARKER, (whole, key, _value, offset) => {
    const found = DEFAULTS[key];
    if (inInlineCode(text, offset)) return whole;
    return found === undefined ? whole : `<!--default:${key}-->${found.text}<!--/default-->`;
  });
}

/**
 * Problems with the markers of one file: unknown keys, stale values, pins whose value the code no longer has.
 * @param {string} text
 * @returns {{ line: number, key: string, kind: 'unknown' | 'stale' | 'pin', message: string }[]}
 */
export function checkMarkers(text) {
  const problems = [];
  for (const match of text.matchAll(VALUE_MARKER)) {
    if (inInlineCode(text, match.index)) continue;
    const [, key, value] = match;
    const found = DEFAULTS[key];
    const line = lineOf(text, match.index);
    if (found === undefined)
      problems.push({ line, key, kind: 'unknown', message: `unknown default "${key}" (known: see DEFAULTS in docs/scripts/defaults.mjs)` });
    else if (value !== found.text)
      problems.push({
        line,
        key,
        kind: 'stale',
        message: `${key} says ${JSON.stringify(value)}, the code has ${found.text} (${found.source})`,
      });
  }
  for (const match of text.matchAll(PIN_MARKER)) {
    if (inInlineCode(text, match.index)) continue;
    const [, key, value] = match;
    const found = DEFAULTS[key];
    const line = lineOf(text, match.index);
    if (found === undefined) problems.push({ line, key, kind: 'unknown', message: `unknown default "${key}" in a pin` });
    else if (value !== found.text) {
      problems.push({
        line,
        key,
        kind: 'pin',
        message: `this passage was written for ${key} = ${value} (a measurement or the reason for that value); the code now has ${found.text} (${found.source}): rewrite the passage by hand, then its pin`,
      });
    }
  }
  return problems;
}

/** Directories never scanned: dependencies, build output, generated pages and records. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  '.turbo',
  '.git',
  'coverage',
  'reports',
  '.vitepress',
  'api',
  'reproduction',
  '.changeset',
]);

function walk(directory, keep) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return SKIPPED_DIRECTORIES.has(name) ? [] : walk(path, keep);
    return keep(path) ? [path] : [];
  });
}

/**
 * Files whose prose may state defaults, relative to the root:
 * - every Markdown file of the repository — the READMEs, docs/ — except generated ones: docs/api/ (the API
 *   reference, generated from the TSDoc, which is scanned at its source), docs/reproduction/ (reports written by
 *   `pnpm bench`, a record of the settings of one run) and .changeset/ (release notes of past changes);
 * - the docs snippets (docs/snippets/), whose comments are shown on the site;
 * - the TSDoc and comments of the published packages (packages/*\/src, not their tests): the API reference.
 * @returns {string[]}
 */
export function proseFiles(root = ROOT) {
  const markdown = walk(root, (path) => path.endsWith('.md'));
  const snippets = walk(join(root, 'docs', 'snippets'), (path) => /\.(ts|mjs|cjs|js)$/.test(path));
  const sources = walk(join(root, 'packages'), (path) => /[\\/]src[\\/].*\.ts$/.test(path) && !/\.test\.ts$/.test(path));
  return [...markdown, ...snippets, ...sources].map((path) => relative(root, path).split(sep).join('/')).sort();
}

// --- The scan for default-looking statements outside markers ---------------------------------------------------

// A number, not the base of a power written with superscripts (10⁶ is a million, not 10).
const NUMBER = String.raw`(\d+(?:\.\d+)?(?:e-?\d+)?%?)(?![⁰¹²³⁴⁵⁶⁷⁸⁹⁻])`;
/** Words naming a kind of default. */
const KIND_WORDS = {
  amplification: String.raw`(?:[Aa]mplification(?: scale)?|amplifying scale)`,
  learningRate: String.raw`(?:[Ll]earning[ -]?[Rr]ate|\blr\b|\bAdam\b)`,
  epochs: String.raw`(?:\b[Ee]pochs?\b|\b[Ii]terations\b|\bsteps\b)`,
  batchSize: String.raw`(?:\b[Bb]atch(?:es)?(?: size| of)?\b|batchSize)`,
  units: String.raw`(?:\bhidden (?:layer|units?)|\bunits\b)`,
  momentum: String.raw`\bmomentum\b`,
  errorThresh: String.raw`\berrorThresh\b`,
  period: String.raw`\b(?:logPeriod|callbackPeriod)\b`,
  seed: String.raw`\bseed\b`,
  share: String.raw`(?:\bvalidation\b|\bof the (?:training )?fold\b|\bshare\b)`,
};
/** "L = 5", "L 30", "L = **20**", "$L = 73$": the amplification scale by its symbol (case-sensitive). */
const L_VALUE = new RegExp(String.raw`(?<![\w.])L\s*(?:=|≈|:)?\s*[*$]*${NUMBER}(?![\w.])`, 'g');
const SUBJECT_WORDS = {
  core: /@anyloss\/core|\bcore\b|`anyLoss`|anyLoss\(|softConfusionMatrix/,
  tfjs: /tfjs|TensorFlow|createLoss/,
  brain: /brain/i,
  bench: /\bbench\b|pnpm demo|pnpm bench|reproduc/i,
  demo: /\bdemo\b/i,
};
const CUE = /\bdefaults?\b|\bDEFAULT_[A-Z_]+\b|TRAIN_DEFAULTS|\bby default\b/i;

/** Parses "1e-2", "0.3", "5%" as a number. */
function parseNumber(text) {
  return text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
}

/**
 * The (kind, number) statements in a unit of text: a kind word followed by a number (no sentence break or formula
 * in between), a number followed by a kind word, "L = 5", or "default 30" in a unit that names a kind.
 */
function parameterValues(text) {
  const found = [];
  for (const match of text.matchAll(L_VALUE)) found.push({ kind: 'amplification', number: match[1] });
  for (const [kind, word] of Object.entries(KIND_WORDS)) {
    for (const match of text.matchAll(
      new RegExp(String.raw`${word}[^.!?;|\d\n·−σ=<>≥≤±]{0,40}?(?:=\s*)?(?<![\w.])${NUMBER}(?![\w])`, 'g'),
    )) {
      found.push({ kind, number: match[1] });
    }
    for (const match of text.matchAll(new RegExp(String.raw`(?<![\w.])${NUMBER}\s+(?:[\w-]+\s+){0,2}?${word}`, 'g'))) {
      found.push({ kind, number: match[1] });
    }
  }
  // "default 30" counts for the kinds named in the 80 characters before it ("amplification scale L …; default 73").
  for (const match of text.matchAll(new RegExp(String.raw`\bdefaults?\b[^.!?;|\n\d]{0,12}?(?<![\w.])${NUMBER}(?![\w])`, 'gi'))) {
    const before = text.slice(Math.max(0, match.index - 80), match.index);
    if (/(?<![\w.])L(?![\w.])/.test(before)) found.push({ kind: 'amplification', number: match[1] });
    for (const [kind, word] of Object.entries(KIND_WORDS)) if (new RegExp(word).test(before)) found.push({ kind, number: match[1] });
  }
  return found;
}

/** Which subjects a unit names (or, when it names none, the file's). */
function subjectsOf(text, fileSubjects) {
  const named = Object.entries(SUBJECT_WORDS)
    .filter(([, pattern]) => pattern.test(text))
    .map(([name]) => name);
  return named.length > 0 ? named : fileSubjects;
}

/** The subject(s) a file is about when a sentence names none: an adapter's README and guide, the bench, the demo. */
export function fileSubjects(file) {
  if (/^packages\/core\//.test(file)) return ['core'];
  if (/^packages\/tfjs\//.test(file) || file === 'docs/guide/tfjs.md' || /^docs\/snippets\/tfjs-/.test(file)) return ['tfjs'];
  if (/^packages\/brain\//.test(file) || file === 'docs/guide/brain.md' || /^docs\/snippets\/brain-/.test(file)) return ['brain'];
  if (/^bench\//.test(file)) return ['bench'];
  if (file === 'docs/demo.md') return ['demo'];
  return [];
}

/**
 * Splits a file into units of prose — sentences, table rows, list items, code comments — with their first line.
 * Value markers are replaced by `⟨marked⟩`; a unit holding a pin is dropped (the pin is checked instead).
 * @returns {{ line: number, text: string, measurements: boolean, tableDefault: boolean }[]}
 */
export function proseUnits(file, text) {
  const lines = text.split('\n');
  const units = [];
  const isMarkdown = file.endsWith('.md');
  let measurements = false;
  let fence = null;
  let paragraph = null;
  let table = null;
  const flush = () => {
    if (paragraph === null) return;
    // Sentences: split after . ! ? followed by a space and a capital, a backtick, a bracket or a quote.
    const parts = paragraph.text.split(/(?<=[.!?])\s+(?=[A-Z`*([“"'$])/);
    for (const part of parts) units.push({ line: paragraph.line, text: part, measurements: paragraph.measurements, tableDefault: false });
    paragraph = null;
  };
  const add = (line, content) => {
    if (paragraph === null) paragraph = { line, text: content, measurements };
    else paragraph.text += ` ${content}`;
  };
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (/<!--measurements-->/.test(raw)) measurements = true;
    const content = raw.replace(/<!--\/?measurements-->/g, '');
    if (isMarkdown) {
      const fenceMatch = /^\s*(```|~~~)/.exec(content);
      if (fenceMatch) {
        flush();
        table = null;
        fence = fence === null ? fenceMatch[1] : null;
      } else if (fence !== null) {
        // Code in a README: its comments are prose.
        const comment = /(?:\/\/|#)\s?(.*)$/.exec(content);
        if (comment) units.push({ line, text: comment[1], measurements, tableDefault: false });
      } else if (/^\s*\|/.test(content)) {
        flush();
        const cells = content
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((cell) => cell.trim());
        if (table === null) {
          table = { header: cells, body: false };
          units.push({ line, text: cells.join(' | '), measurements, tableDefault: false });
        } else if (!table.body && cells.every((cell) => /^:?-+:?$/.test(cell))) table.body = true;
        else {
          units.push({ line, text: cells.join(' | '), measurements, tableDefault: false });
          const column = table.header.findIndex((cell) => /default/i.test(cell));
          if (column > 0 && cells[column] !== undefined) {
            units.push({ line, text: `${cells[0]} = ${cells[column]}`, measurements, tableDefault: true });
          }
        }
      } else {
        table = null;
        if (content.trim() === '' || /^\s*#/.test(content)) {
          flush();
          if (/^\s*#/.test(content)) units.push({ line, text: content, measurements, tableDefault: false });
        } else {
          if (/^\s*([-*+]|\d+\.)\s/.test(content)) flush();
          add(line, content.trim());
        }
      }
    } else {
      // Source files: comments only, without the code of their examples.
      if (/^\s*(?:\/\/|\*)\s*```/.test(content)) {
        flush();
        fence = fence === null ? '```' : null;
        return;
      }
      if (fence !== null) return;
      const comment = /(?:\/\/+|\/\*\*?|^\s*\*)\s?(.*?)(?:\*\/)?$/.exec(content);
      if (comment && !/^\s*(['"`]|import\b)/.test(content.slice(0, comment.index))) {
        const body = comment[1].trim();
        if (body === '' || body.startsWith('@')) flush();
        if (body !== '') add(line, body);
      } else flush();
    }
    if (/<!--\/measurements-->/.test(raw)) {
      flush();
      measurements = false;
    }
  });
  flush();
  return units
    .filter((unit) => !/<!--pinned-default:/.test(unit.text))
    .map((unit) => ({ ...unit, text: unit.text.replace(VALUE_MARKER, '⟨marked⟩') }));
}

/**
 * Default-looking statements of a file that are not under a marker or a pin:
 * - a unit that says "default" (or names a `DEFAULT_*` constant, `TRAIN_DEFAULTS`, or is a row of a table's
 *   default column) and states a value of a kind some registered default has, for a subject that has it
 *   ("default … L = 5", "| `iterations` | 300 |");
 * - outside measurement regions, a unit that states, for a subject (named in it, or the file's), the value that
 *   subject's default of that kind has now ("@anyloss/brain … amplification 30", "iterations 200").
 * @returns {{ line: number, text: string, reason: string }[]}
 */
export function scanDefaults(file, text) {
  const findings = [];
  const ownSubjects = fileSubjects(file);
  for (const unit of proseUnits(file, text)) {
    const cue = unit.tableDefault || CUE.test(unit.text);
    // Values the reader passes explicitly (`--learning-rate 0.3`, `{ amplification: 73 }`) are not statements of
    // a default.
    const values = parameterValues(unit.text.replace(/`[^`]*(?:--|[{:])[^`]*`/g, '`…`'));
    if (values.length === 0) continue;
    const subjects = subjectsOf(unit.text, ownSubjects);
    const entries = Object.entries(DEFAULTS).filter(([, found]) => subjects.length === 0 || subjects.includes(found.subject));
    for (const { kind, number } of values) {
      const sameKind = entries.filter(([, found]) => found.kind === kind);
      if (sameKind.length === 0) continue;
      if (cue) {
        findings.push({
          line: unit.line,
          text: unit.text,
          reason: `states a default ${kind} (${number}) outside a marker: use <!--default:${sameKind.map(([key]) => key).join('|')}-->…<!--/default-->`,
        });
        break;
      }
      // Without "default", only statements of the current value for a named (or the file's) subject count, and
      // not in measurement records or statements about the paper.
      if (unit.measurements || subjects.length === 0 || (/\bpaper/.test(unit.text) && subjects === ownSubjects)) continue;
      const equal = sameKind.filter(
        ([, found]) => Math.abs(parseNumber(number) - found.value) <= 1e-12 * Math.max(1, Math.abs(found.value)),
      );
      if (equal.length > 0) {
        findings.push({
          line: unit.line,
          text: unit.text,
          reason: `states ${kind} ${number}, the value of ${equal.map(([key]) => key).join(', ')}, outside a marker`,
        });
        break;
      }
    }
  }
  return findings;
}

/** Runs over every prose file: rewrites the markers (`--write`, the default) or only reports (`--check`). */
function main(argv) {
  const write = !argv.includes('--check');
  let changed = 0;
  let stale = 0;
  const pins = [];
  const unknown = [];
  const findings = [];
  for (const file of proseFiles()) {
    const path = join(ROOT, file);
    const text = readFileSync(path, 'utf8');
    for (const problem of checkMarkers(text)) {
      if (problem.kind === 'stale') stale += 1;
      if (problem.kind === 'pin') pins.push(`${file}:${problem.line}: ${problem.message}`);
      if (problem.kind === 'unknown') unknown.push(`${file}:${problem.line}: ${problem.message}`);
    }
    const rendered = renderDefaults(text);
    if (write && rendered !== text) {
      writeFileSync(path, rendered);
      changed += 1;
      console.log(`updated ${file}`);
    }
    for (const finding of scanDefaults(file, rendered)) findings.push(`${file}:${finding.line}: ${finding.reason}\n    ${finding.text}`);
  }
  console.log(
    write
      ? `${changed} file(s) rewritten from the constants (${stale} stale value(s)).`
      : `${stale} stale value(s); run \`pnpm docs:defaults\`.`,
  );
  for (const list of [unknown, pins, findings]) for (const line of list) console.log(line);
  if (pins.length > 0) console.log(`${pins.length} pinned passage(s) need rewriting by hand (see above).`);
  if (findings.length > 0) console.log(`${findings.length} default-looking statement(s) outside a marker (see above).`);
  return unknown.length + pins.length + findings.length + (write ? 0 : stale) > 0 ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));

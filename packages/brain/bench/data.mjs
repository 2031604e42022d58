// Shared by the bench scripts and the example: a stratified train/test split of a repository dataset,
// standardised with training-split statistics only, as brain.js rows.
import { loadDataset } from '@anyloss/datasets';
import { seededRandom } from '../dist/index.js';

/**
 * @param {string} name dataset name
 * @param {number} seed split seed
 * @param {number} testShare share of each class held out
 * @param {boolean} oneHot outputs as one-hot rows over the dataset's classes (multi-class) instead of [label]
 */
export function splitDataset(name, seed = 1, testShare = 0.3, oneHot = false) {
  const { features, labels, info } = loadDataset(name);
  const classes = info.classCounts.length;
  const random = seededRandom(seed);
  const byClass = Array.from({ length: classes }, () => []);
  labels.forEach((label, i) => byClass[label].push(i));
  const trainIndex = [];
  const testIndex = [];
  for (const indices of byClass) {
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j], indices[i]];
    }
    const cut = Math.round(indices.length * testShare);
    testIndex.push(...indices.slice(0, cut));
    trainIndex.push(...indices.slice(cut));
  }
  const width = features[0].length;
  const mean = new Float64Array(width);
  const deviation = new Float64Array(width);
  for (const i of trainIndex) for (let k = 0; k < width; k++) mean[k] += features[i][k] / trainIndex.length;
  for (const i of trainIndex) for (let k = 0; k < width; k++) deviation[k] += (features[i][k] - mean[k]) ** 2 / trainIndex.length;
  for (let k = 0; k < width; k++) deviation[k] = Math.sqrt(deviation[k]) || 1;
  const row = (i) => ({
    input: Array.from(features[i], (value, k) => (value - mean[k]) / deviation[k]),
    output: oneHot ? Array.from({ length: classes }, (_, k) => (k === labels[i] ? 1 : 0)) : [labels[i]],
  });
  return { train: trainIndex.map(row), test: testIndex.map(row) };
}

/** F1 of a net's hard predictions (p > 0.5) on rows. */
export function scoreF1(net, rows) {
  let tp = 0, fp = 0, fn = 0;
  for (const { input, output } of rows) {
    const predicted = net.run(input)[0] > 0.5 ? 1 : 0;
    if (predicted === 1 && output[0] === 1) tp++;
    else if (predicted === 1) fp++;
    else if (output[0] === 1) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Macro-F1 of a K-output net's argmax predictions on one-hot rows (classes absent from rows left out). */
export function scoreMacroF1(net, rows) {
  const k = rows[0].output.length;
  const tp = new Array(k).fill(0), fp = new Array(k).fill(0), fn = new Array(k).fill(0);
  for (const { input, output } of rows) {
    const scores = net.run(input);
    let best = 0;
    for (let j = 1; j < k; j++) if (scores[j] > scores[best]) best = j;
    const truth = output.indexOf(1);
    if (best === truth) tp[truth]++;
    else { fp[best]++; fn[truth]++; }
  }
  let sum = 0, present = 0;
  for (let j = 0; j < k; j++) {
    if (tp[j] + fn[j] === 0) continue;
    present++;
    sum += tp[j] === 0 ? 0 : (2 * tp[j]) / (2 * tp[j] + fp[j] + fn[j]);
  }
  return sum / present;
}

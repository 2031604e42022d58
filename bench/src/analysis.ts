import { REPORTED_METRICS, type MetricValues, type ReportedMetric } from './evaluate.js';
import type { LossName } from './losses.js';
import type { BenchmarkResult } from './run.js';

/** Two mean scores within this absolute distance count as tied. */
export const TIE_TOLERANCE = 0.005;

/** Positive-share groups of the reproduction report: [lower, upper). */
export const IMBALANCE_GROUPS: readonly { readonly label: string; readonly lower: number; readonly upper: number }[] = [
  { label: '< 10%', lower: 0, upper: 0.1 },
  { label: '10–20%', lower: 0.1, upper: 0.2 },
  { label: '20–30%', lower: 0.2, upper: 0.3 },
  { label: '30–40%', lower: 0.3, upper: 0.4 },
  { label: '≥ 40%', lower: 0.4, upper: Infinity },
];

function mean(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/** Losses in first-appearance order. */
export function lossesOf(results: readonly BenchmarkResult[]): LossName[] {
  return [...new Set(results.map((result) => result.loss))];
}

/** Datasets in first-appearance order. */
export function datasetsOf(results: readonly BenchmarkResult[]): string[] {
  return [...new Set(results.map((result) => result.dataset))];
}

/** The result of `loss` on `dataset`, if present. */
export function find(results: readonly BenchmarkResult[], dataset: string, loss: string): BenchmarkResult | undefined {
  return results.find((result) => result.dataset === dataset && result.loss === loss);
}

/** Mean over datasets of each test metric, per loss. */
export function meanScoresByLoss(results: readonly BenchmarkResult[]): Map<LossName, MetricValues> {
  const out = new Map<LossName, MetricValues>();
  for (const loss of lossesOf(results)) {
    const rows = results.filter((result) => result.loss === loss);
    const values = {} as MetricValues;
    for (const name of REPORTED_METRICS) values[name] = mean(rows.map((row) => row.metrics[name]));
    out.set(loss, values);
  }
  return out;
}

/** Counts for one loss of {@link bestOrTied}. */
export interface BestOrTiedCount {
  /** Datasets where the loss scores ≥ BCE − tolerance on the metric. */
  readonly versusBce: number;
  /** Datasets where the loss scores ≥ the best of all losses in the run − tolerance. */
  readonly versusAll: number;
  /** Datasets compared. */
  readonly datasets: number;
  /** Strictly better than BCE by more than the tolerance. */
  readonly wins: number;
  /** Worse than BCE by more than the tolerance. */
  readonly losses: number;
}

/**
 * How often `loss` is best or tied (within {@link TIE_TOLERANCE} of the mean test score) on `metric`,
 * against BCE alone and against every loss in the results.
 */
export function bestOrTied(
  results: readonly BenchmarkResult[],
  loss: string,
  metric: ReportedMetric,
  tolerance = TIE_TOLERANCE,
): BestOrTiedCount {
  let versusBce = 0;
  let versusAll = 0;
  let datasets = 0;
  let wins = 0;
  let losses = 0;
  for (const dataset of datasetsOf(results)) {
    const own = find(results, dataset, loss);
    const bce = find(results, dataset, 'bce');
    if (own === undefined || bce === undefined) continue;
    datasets++;
    const score = own.metrics[metric];
    const difference = score - bce.metrics[metric];
    if (difference >= -tolerance) versusBce++;
    if (difference > tolerance) wins++;
    if (difference < -tolerance) losses++;
    const best = Math.max(...results.filter((result) => result.dataset === dataset).map((result) => result.metrics[metric]));
    if (score >= best - tolerance) versusAll++;
  }
  return { versusBce, versusAll, datasets, wins, losses };
}

/** Mean gain in `metric` of `loss` over BCE per imbalance group. */
export function gainByImbalance(
  results: readonly BenchmarkResult[],
  loss: string,
  metric: ReportedMetric,
): { label: string; datasets: number; gain: number }[] {
  return IMBALANCE_GROUPS.map((group) => {
    const gains: number[] = [];
    for (const dataset of datasetsOf(results)) {
      const own = find(results, dataset, loss);
      const bce = find(results, dataset, 'bce');
      if (own === undefined || bce === undefined) continue;
      if (own.positiveShare >= group.lower && own.positiveShare < group.upper) gains.push(own.metrics[metric] - bce.metrics[metric]);
    }
    return { label: group.label, datasets: gains.length, gain: mean(gains) };
  });
}

/** Per loss: the median over datasets of (seconds per epoch) / (BCE's seconds per epoch on the same dataset). */
export function timeRelativeToBce(results: readonly BenchmarkResult[]): Map<LossName, number> {
  const out = new Map<LossName, number>();
  for (const loss of lossesOf(results)) {
    const ratios: number[] = [];
    for (const dataset of datasetsOf(results)) {
      const own = find(results, dataset, loss);
      const bce = find(results, dataset, 'bce');
      if (own !== undefined && bce !== undefined && bce.secondsPerEpoch > 0) ratios.push(own.secondsPerEpoch / bce.secondsPerEpoch);
    }
    ratios.sort((a, b) => a - b);
    out.set(
      loss,
      ratios.length > 0 ? (ratios[Math.floor((ratios.length - 1) / 2)]! + ratios[Math.ceil((ratios.length - 1) / 2)]!) / 2 : Number.NaN,
    );
  }
  return out;
}

/** Per loss: mean over datasets of the mean seconds per epoch. */
export function secondsPerEpochByLoss(results: readonly BenchmarkResult[]): Map<LossName, number> {
  const out = new Map<LossName, number>();
  for (const loss of lossesOf(results)) out.set(loss, mean(results.filter((r) => r.loss === loss).map((r) => r.secondsPerEpoch)));
  return out;
}

/** Per loss: mean over datasets of the convergence fraction (NaN entries skipped). */
export function convergenceByLoss(results: readonly BenchmarkResult[]): Map<LossName, number> {
  const out = new Map<LossName, number>();
  for (const loss of lossesOf(results)) {
    out.set(loss, mean(results.filter((r) => r.loss === loss && Number.isFinite(r.convergence)).map((r) => r.convergence)));
  }
  return out;
}

/**
 * Two-sided p-value of the exact paired sign-flip permutation test on per-fold differences `a − b`: the share of
 * the 2^k sign patterns whose |mean| is at least the observed |mean|. Exact and assumption-free (at most the
 * first 20 folds are used, so at most 2^20 patterns).
 */
export function pairedPermutationPValue(a: readonly number[], b: readonly number[]): number {
  const differences = a.map((value, i) => value - (b[i] as number));
  const k = Math.min(differences.length, 20);
  const observed = Math.abs(differences.slice(0, k).reduce((sum, d) => sum + d, 0));
  if (observed === 0) return 1;
  let extreme = 0;
  const patterns = 2 ** k;
  for (let mask = 0; mask < patterns; mask++) {
    let sum = 0;
    for (let i = 0; i < k; i++) sum += (mask >> i) & 1 ? -(differences[i] as number) : (differences[i] as number);
    if (Math.abs(sum) >= observed - 1e-12) extreme++;
  }
  return extreme / patterns;
}

/**
 * Fold-level version of "best or tied with BCE": the loss is not significantly worse than BCE on `metric`, i.e.
 * its mean is higher, or the paired permutation test over folds gives p ≥ `alpha`.
 */
export function notWorseThanBce(
  results: readonly BenchmarkResult[],
  loss: string,
  metric: ReportedMetric,
  alpha = 0.05,
): { count: number; datasets: number; significantWins: number; significantLosses: number } {
  let count = 0;
  let datasets = 0;
  let significantWins = 0;
  let significantLosses = 0;
  for (const dataset of datasetsOf(results)) {
    const own = find(results, dataset, loss);
    const bce = find(results, dataset, 'bce');
    if (own === undefined || bce === undefined) continue;
    datasets++;
    const p = pairedPermutationPValue(own.foldMetrics[metric], bce.foldMetrics[metric]);
    const better = own.metrics[metric] >= bce.metrics[metric];
    if (better || p >= alpha) count++;
    if (p < alpha && better) significantWins++;
    if (p < alpha && !better) significantLosses++;
  }
  return { count, datasets, significantWins, significantLosses };
}

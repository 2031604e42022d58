/**
 * What the AnyLoss paper reports — Han, Moniz & Chawla, "AnyLoss: Transforming Classification Metrics into Loss
 * Functions", KDD 2024 (arXiv 2405.14745) —, in one place for every report that sets our numbers beside the paper's.
 * The same numbers, with their setting, are on the docs' benchmarks page ("The paper's numbers").
 */

/** A mean score over the paper's datasets with BCE and with the AnyLoss of the same metric. */
export interface PaperMeans {
  readonly bce: number;
  readonly anyLoss: number;
}

/** The paper's results. */
export const PAPER = Object.freeze({
  /** Tabular binary datasets the paper's tables average over. */
  datasets: 102,
  /** The single logistic unit (1000 full-batch gradient steps). */
  singleUnit: Object.freeze({
    /** Mean F1: BCE → AnyLoss-F1. */
    f1: Object.freeze<PaperMeans>({ bce: 0.5605, anyLoss: 0.6729 }),
    /** Mean balanced accuracy: BCE → AnyLoss-BAcc. */
    balancedAccuracy: Object.freeze<PaperMeans>({ bce: 0.7388, anyLoss: 0.8145 }),
    /** Mean accuracy: BCE → AnyLoss-Acc. */
    accuracy: Object.freeze<PaperMeans>({ bce: 0.8806, anyLoss: 0.8868 }),
    /** Datasets on which AnyLoss-F1 was best or tied on F1, among all losses. */
    f1BestOrTied: 91,
    /** Mean F1 gain of AnyLoss-F1 over BCE by negative (majority) share, most imbalanced first. */
    f1GainByNegativeShare: Object.freeze([
      Object.freeze({ label: '>90% neg.', gain: 0.167 }),
      Object.freeze({ label: '80–90%', gain: 0.122 }),
      Object.freeze({ label: '70–80%', gain: 0.142 }),
      Object.freeze({ label: '60–70%', gain: 0.057 }),
    ]),
  }),
  /** The small MLP (Dense 2 → BatchNorm → sigmoid → Dense 1, Adam, 100 epochs); balanced accuracy is not reported. */
  mlp: Object.freeze({
    /** Mean F1: BCE → AnyLoss-F1. */
    f1: Object.freeze<PaperMeans>({ bce: 0.6148, anyLoss: 0.7274 }),
    /** Datasets on which AnyLoss-F1 was best or tied on F1, among all losses. */
    f1BestOrTied: 94,
  }),
  /** Training time per fit relative to BCE, AnyLoss losses: lowest and highest. */
  timePerFitVersusBce: Object.freeze({ low: 0.9, high: 1.04 }),
  /** Share of the final loss decrease reached after 10% of the iterations: lowest and highest. */
  lossDecreaseAfterTenPercent: Object.freeze({ anyLoss: Object.freeze([0.95, 0.97]), bce: Object.freeze([0.79, 0.93]) }),
});

/** `count/of (p%)`, the way the paper's best-or-tied counts are quoted. */
export function paperCount(count: number): string {
  return `${count}/${PAPER.datasets} (${Math.round((count / PAPER.datasets) * 100)}%, among all losses)`;
}

/** A mean with BCE and AnyLoss: `0.5605 → 0.6729`. */
export function paperMeans(means: PaperMeans): string {
  return `${means.bce.toFixed(4)} → ${means.anyLoss.toFixed(4)}`;
}

import { AnyLossError } from '@anyloss/core';
import { listDatasets, loadDataset } from '@anyloss/datasets';

/** Kind of target: two classes (1 = minority) or K ≥ 3 classes (0..K−1). */
export type BenchTask = 'binary' | 'multiclass';

/** A dataset ready for the benchmark: binary (1 = minority, positive class) or multi-class (0..K−1). */
export interface BenchDataset {
  /** Name shown in tables. */
  readonly name: string;
  /** Feature names, in column order. */
  readonly featureNames: readonly string[];
  /** One row of raw (unstandardised) features per sample. */
  readonly features: readonly Float64Array[];
  /** 0/1 label per sample (binary), or the class index 0..K−1 (multi-class). */
  readonly labels: Int32Array;
  /** Share of label 1 (for multi-class datasets: of class 1, reported for completeness only). */
  readonly positiveShare: number;
  /** Number of classes K: 2 for binary datasets, ≥ 3 for multi-class ones. */
  readonly classes: number;
  /** Original name of each class; index = label. */
  readonly classNames: readonly string[];
}

/** Datasets the reproduction leaves out, with the reason. */
export const EXCLUDED_DATASETS: Readonly<Record<string, string>> = Object.freeze({
  'weka-diabetes': 'identical values and labels to ddalpha-diabetes (the Pima data); counted once',
});

/**
 * Multi-class datasets the multi-class runs and the amplifier study leave out, with the reason (duplicates of
 * another set).
 */
export const EXCLUDED_MULTICLASS_DATASETS: Readonly<Record<string, string>> = Object.freeze({
  'weka-iris': 'the same 150 Fisher iris flowers as sklearn-iris; counted once',
  'weka-segment-test': 'the second (test) split of the image-segmentation data whose first split is weka-segment-challenge; counted once',
});

/** Share of label 1 in `labels`. */
export function positiveShareOf(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return labels.length > 0 ? positives / labels.length : Number.NaN;
}

/**
 * Which collection of `@anyloss/datasets`: `'original'` — the 63 sets the paper reproduction was run on;
 * `'extended'` — the real imbalanced binary sets added later (from r-cran-modeldata, r-cran-aer, r-cran-mlbench,
 * r-cran-kernlab, r-cran-mass, python3-statsmodels); `'all'` — both.
 */
export type Collection = 'original' | 'extended' | 'all';

/**
 * Names of the binary (default) or multi-class datasets of `@anyloss/datasets` in a collection (default the
 * original one), minus {@link EXCLUDED_DATASETS} or {@link EXCLUDED_MULTICLASS_DATASETS}, sorted.
 */
export function corpusDatasetNames(task: BenchTask = 'binary', collection: Collection = 'original'): string[] {
  const excluded = task === 'binary' ? EXCLUDED_DATASETS : EXCLUDED_MULTICLASS_DATASETS;
  return listDatasets({ task, collection })
    .map((info) => info.name)
    .filter((name) => !Object.hasOwn(excluded, name));
}

/** The task of a corpus dataset, detected from the manifest; undefined for an unknown name. */
export function corpusDatasetTask(name: string): BenchTask | undefined {
  return listDatasets({ collection: 'all' }).find((info) => info.name === name)?.task;
}

/**
 * Loads a dataset of `@anyloss/datasets` (any collection) by name; its task (binary or multi-class) and K come from the manifest.
 *
 * @param task - when given, the dataset must be of this task.
 * @throws {@link AnyLossError} `INVALID_OPTION` naming the known datasets if the name is unknown or of another task.
 */
export function loadCorpusDataset(name: string, task?: BenchTask): BenchDataset {
  const known = listDatasets(task === undefined ? { collection: 'all' } : { task, collection: 'all' }).map((info) => info.name);
  if (!known.includes(name)) {
    const other = task === undefined ? undefined : corpusDatasetTask(name);
    throw new AnyLossError(
      'INVALID_OPTION',
      other !== undefined
        ? `dataset ${JSON.stringify(name)} is ${other === 'binary' ? 'binary' : 'multi-class'}, but the run is ${task === 'binary' ? 'binary' : 'multi-class'} (--task ${task}).`
        : `unknown ${task === 'binary' ? 'binary ' : task === 'multiclass' ? 'multi-class ' : ''}dataset ${JSON.stringify(name)}; known: ${known.join(', ')}.`,
      { argument: 'datasets', value: name },
    );
  }
  const dataset = loadDataset(name);
  return {
    name,
    featureNames: dataset.featureNames,
    features: dataset.features,
    labels: dataset.labels,
    positiveShare: positiveShareOf(dataset.labels),
    classes: dataset.info.task === 'binary' ? 2 : dataset.info.classCounts.length,
    classNames: dataset.info.classNames,
  };
}

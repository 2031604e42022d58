import { AnyLossError } from '@anyloss/core';
import { listDatasets, loadDataset } from '@anyloss/datasets';

/** A binary dataset ready for the benchmark: 1 = minority (positive) class. */
export interface BenchDataset {
  /** Name shown in tables. */
  readonly name: string;
  /** Feature names, in column order. */
  readonly featureNames: readonly string[];
  /** One row of raw (unstandardised) features per sample. */
  readonly features: readonly Float64Array[];
  /** 0/1 label per sample. */
  readonly labels: Int32Array;
  /** Share of label 1. */
  readonly positiveShare: number;
}

/** Datasets the reproduction leaves out, with the reason. */
export const EXCLUDED_DATASETS: Readonly<Record<string, string>> = Object.freeze({
  'weka-diabetes': 'identical values and labels to ddalpha-diabetes (the Pima data); counted once',
});

/** Share of label 1 in `labels`. */
export function positiveShareOf(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return labels.length > 0 ? positives / labels.length : Number.NaN;
}

/** Names of the binary datasets of `@anyloss/datasets`, minus {@link EXCLUDED_DATASETS}, sorted. */
export function corpusDatasetNames(): string[] {
  return listDatasets({ task: 'binary' })
    .map((info) => info.name)
    .filter((name) => !Object.hasOwn(EXCLUDED_DATASETS, name));
}

/**
 * Loads a binary dataset of `@anyloss/datasets` by name.
 *
 * @throws {@link AnyLossError} `INVALID_OPTION` naming the known binary datasets if the name is unknown or not binary.
 */
export function loadCorpusDataset(name: string): BenchDataset {
  const known = listDatasets({ task: 'binary' }).map((info) => info.name);
  if (!known.includes(name)) {
    throw new AnyLossError(
      'INVALID_OPTION',
      `unknown binary dataset ${JSON.stringify(name)}; known: ${known.join(', ')}.`,
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
  };
}

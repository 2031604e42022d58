import type { ConfusionCells } from '@anyloss/core';
import type { BinaryDatasetInfo } from '@anyloss/datasets';

export interface SplitPart {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
}
export interface Split {
  readonly name: string;
  readonly features: number;
  readonly positiveShare: number;
  readonly train: SplitPart;
  readonly test: SplitPart;
}
export interface TestResult {
  readonly f1: number;
  readonly mcc: number;
  readonly balancedAccuracy: number;
  readonly cells: ConfusionCells;
}
export interface TrainOptions {
  readonly seed?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly hidden?: number;
  readonly activation?: string;
}
export declare function random(seed: number): () => number;
export declare function shuffled<T>(values: readonly T[], seed: number): T[];
export declare function imbalancedDatasets(maxShare?: number): BinaryDatasetInfo[];
export declare function loadSplit(name: string, options?: { seed?: number; testShare?: number }): Split;
export declare function mlp(inputs: number, options?: { seed?: number; hidden?: number; activation?: string }): unknown;
export declare function trainAndTest(split: Split, loss: unknown, options?: TrainOptions): Promise<TestResult>;
export declare function mean(values: readonly number[]): number;

import { anyLoss, type ConfusionCells } from '@anyloss/core';
import { multiclassAnyLoss } from '@anyloss/core/multiclass';
import { createActivationStore } from './activation-store.js';
import { createGradientAccumulator } from './gradient-accumulator.js';
import { multiOutputErrorTerms } from './multi-output-error-terms.js';
import type { BrainInternals } from './network.js';
import type { ResolvedTrainOptions } from './options.js';
import { outputErrorTerms } from './output-error-terms.js';
import type { NetworkLayers } from './training-setup.js';

/** Mutable confusion cells, for sums. */
export type CellSums = { -readonly [K in keyof ConfusionCells]: number };

/** All four cells 0. */
export function emptyCells(): CellSums {
  return { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };
}

/** The training rows as the batches read them. */
export interface TrainingRows {
  readonly inputs: readonly ArrayLike<number>[];
  /** Flat n×K 0/1 labels. */
  readonly labels: Float64Array;
  /** K, the output nodes trained (1 for a binary net). */
  readonly outputNodes: number;
}

/** One mini-batch step of the trainer. */
export interface BatchUpdate {
  /**
   * Trains on the rows `order[start … start + length − 1]`: brain's forward pass on each, the AnyLoss error terms of the
   * batch (their soft cells added to `cells`, or per class to `classCells`), brain's backward pass on each, and ONE
   * accumulated update with brain's rule. Returns false — and changes nothing — when the update would leave the
   * net's float32 weights non-finite.
   */
  run(order: readonly number[], start: number, length: number, cells: CellSums, classCells: CellSums[]): boolean;
}

/**
 * The per-batch machinery: buffers sized once, brain's own passes, and the error terms of core's binary loss
 * (`outputErrorTerms`) or, for a multi-output net (K ≥ 2 output nodes), of core's `multiclassAnyLoss`
 * (`multiOutputErrorTerms`: for the multi-class task, rows of K sigmoids normalised to sum 1 with core's
 * sharpened-softmax amplifier; for the multi-label task, K one-vs-rest sigmoids; see the README for the measurement
 * behind this).
 */
export function createBatchUpdate(
  net: BrainInternals,
  layers: NetworkLayers,
  settings: ResolvedTrainOptions,
  rows: TrainingRows,
): BatchUpdate {
  const { inputs, labels, outputNodes } = rows;
  const batchSize = Math.min(settings.batchSize, inputs.length);
  const activations = createActivationStore(net, layers, batchSize);
  const accumulator = createGradientAccumulator(net, layers);
  const errorTerms = createErrorTerms(settings, outputNodes, batchSize);
  const target = new Float64Array(1);
  return {
    run(order, start, length, cells, classCells) {
      for (let position = 0; position < length; position++) {
        const row = order[start + position] ?? 0;
        errorTerms.store(position, row, net.runInput(inputs[row] ?? []), labels);
        activations.save(position);
      }
      const targets = errorTerms.compute(length, cells, classCells);
      accumulator.reset();
      for (let position = 0; position < length; position++) {
        activations.restore(position, inputs[order[start + position] ?? 0] ?? []);
        if (outputNodes === 1) {
          target[0] = targets[position] ?? 0;
          net.calculateDeltas(target);
        } else {
          net.calculateDeltas(targets.subarray(position * outputNodes, (position + 1) * outputNodes));
        }
        accumulator.add();
      }
      return accumulator.apply(settings.learningRate, settings.momentum);
    },
  };
}

/** The AnyLoss side of a batch: its labels, outputs and weights, and the targets that make brain's error −s·∂loss/∂output. */
interface ErrorTerms {
  /** Stores pattern `row`'s outputs (from brain's forward pass), labels and weight as the batch's pattern `position`. */
  store(position: number, row: number, outputs: ArrayLike<number>, labels: Float64Array): void;
  /** The targets of the batch's first `length` patterns (K per pattern); adds the batch's soft cells to the sums. */
  compute(length: number, cells: CellSums, classCells: CellSums[]): Float64Array;
}

function createErrorTerms(settings: ResolvedTrainOptions, outputNodes: number, batchSize: number): ErrorTerms {
  const { average, metric, amplification, gradientScale, classWeight } = settings;
  const binaryLoss = anyLoss(metric, { amplification });
  const multiOutputLoss =
    average === undefined
      ? undefined
      : multiclassAnyLoss(metric, {
          average,
          output: settings.task === 'multilabel' ? 'sigmoid' : 'softmax',
          amplification,
          classes: outputNodes,
        });
  const batchLabels = new Float64Array(batchSize * outputNodes);
  const batchOutputs = new Float64Array(batchSize * outputNodes);
  const batchWeights = settings.sampleWeight === undefined ? undefined : new Float64Array(batchSize);
  const gradient = new Float64Array(batchSize);
  const targets = new Float64Array(batchSize * outputNodes);
  return {
    store(position, row, outputs, labels) {
      for (let k = 0; k < outputNodes; k++) {
        batchOutputs[position * outputNodes + k] = outputs[k] ?? Number.NaN;
        batchLabels[position * outputNodes + k] = labels[row * outputNodes + k] ?? Number.NaN;
      }
      if (batchWeights !== undefined) batchWeights[position] = settings.sampleWeight?.[row] ?? Number.NaN;
    },
    compute(length, cells, classCells) {
      const first = <T extends Float64Array>(values: T, count: number): T =>
        length === batchSize ? values : (values.subarray(0, count) as T);
      const weights = batchWeights === undefined ? undefined : first(batchWeights, length);
      if (multiOutputLoss === undefined) {
        const batch = {
          labels: first(batchLabels, length),
          probabilities: first(batchOutputs, length),
          ...(weights === undefined ? {} : { sampleWeight: weights }),
          ...(classWeight === undefined ? {} : { classWeight }),
        };
        addCells(cells, outputErrorTerms(binaryLoss, batch, gradientScale, first(gradient, length), targets).cells);
        return targets;
      }
      const batch = {
        labels: first(batchLabels, length * outputNodes),
        outputs: first(batchOutputs, length * outputNodes),
        classes: outputNodes,
        ...(weights === undefined ? {} : { sampleWeight: weights }),
      };
      multiOutputErrorTerms(multiOutputLoss, batch, gradientScale, targets).cells.forEach((classCellsK, k) =>
        addCells(classCells[k] ?? emptyCells(), classCellsK),
      );
      return targets;
    },
  };
}

/** Adds `cells` to the sums. */
function addCells(total: CellSums, cells: ConfusionCells): void {
  total.truePositives += cells.truePositives;
  total.falseNegatives += cells.falseNegatives;
  total.falsePositives += cells.falsePositives;
  total.trueNegatives += cells.trueNegatives;
}

/**
 * Saving a model so that plain TensorFlow.js can load it for inference, and `loadModel` can resume training.
 *
 * A raw `model.save(handler, { includeOptimizer: true })` stores the training configuration as tfjs-layers writes
 * it: the AnyLoss loss as `{ anyloss: "anyloss:{…}" }` and AnyLoss metrics by name (`f1`, `macro_f1`). Plain
 * `tf.loadLayersModel` compiles every saved training configuration, and fails on both ("Unknown entry in loss
 * dictionary", "Unknown metric f1") — and the metric names cannot be made loadable, because tfjs stores a
 * metric under the same name it logs. So {@link saveModel} moves the training configuration out of the way: it
 * is stored, unchanged, in the model's user-defined metadata under `"@anyloss/tfjs"`, and the artifacts carry
 * no `trainingConfig`. Plain `tf.loadLayersModel` then loads the model uncompiled — ready for `predict`, as any
 * inference-only model — while `loadModel` finds the configuration and the optimizer weights (still in the
 * weight data, group `optimizer`) and resumes training exactly as before.
 */
import { AnyLossError, isAnyLossError } from '@anyloss/core';
import { io } from '@tensorflow/tfjs-core';
import { assertOptions } from '@anyloss/core/internal';
import { describeValueOrTensor } from './tensor-arguments.js';

/** The key of the AnyLoss entry in a saved model's user-defined metadata. */
export const METADATA_KEY = '@anyloss/tfjs';

/** The AnyLoss entry of the user-defined metadata written by {@link saveModel}. */
export interface StoredTrainingState {
  /** Format version of this entry. */
  readonly version: 1;
  /** The training configuration exactly as tfjs-layers wrote it (`LayersModel.getTrainingConfig()`). */
  readonly trainingConfig: io.TrainingConfig;
}

/** A tfjs-layers model, as far as {@link saveModel} needs it. */
export interface SavableModel {
  save(handlerOrURL: io.IOHandler | string, config?: io.SaveConfig): Promise<io.SaveResult>;
}

/** Options of {@link saveModel}. */
export interface SaveModelOptions {
  /** Save the optimizer's state and the training configuration, so that `loadModel` resumes training. Default true. */
  readonly includeOptimizer?: boolean;
  /** tfjs's `trainableOnly`: save only the trainable weights. Default false. */
  readonly trainableOnly?: boolean;
}

const WHERE_TO =
  'tfjs saves to indexeddb://, localstorage:// and downloads:// in a browser, to http:// and https:// (a POST ' +
  'request), to any scheme whose tf.io handler is registered (file:// needs @tensorflow/tfjs-node), or to a tf.io ' +
  'handler such as tf.io.withSaveHandler(async (artifacts) => …).';

/** Moves `trainingConfig` into the user-defined metadata (see the module comment); other artifacts pass unchanged. */
export function deployableArtifacts(artifacts: io.ModelArtifacts): io.ModelArtifacts {
  const { trainingConfig, ...rest } = artifacts;
  if (trainingConfig === undefined || trainingConfig === null) return artifacts;
  const stored: StoredTrainingState = { version: 1, trainingConfig };
  return { ...rest, userDefinedMetadata: { ...(artifacts.userDefinedMetadata ?? {}), [METADATA_KEY]: stored } };
}

/**
 * The training configuration of artifacts in either format: `trainingConfig` (a raw `model.save`), or the entry
 * {@link saveModel} wrote in the metadata. Also returns the user's own metadata, without the AnyLoss entry.
 */
export function readTrainingState(artifacts: io.ModelArtifacts): {
  trainingConfig: io.TrainingConfig | undefined;
  userDefinedMetadata: Record<string, unknown> | undefined;
} {
  const metadata = artifacts.userDefinedMetadata;
  if (metadata === undefined || metadata === null || !(METADATA_KEY in metadata)) {
    return { trainingConfig: artifacts.trainingConfig ?? undefined, userDefinedMetadata: metadata ?? undefined };
  }
  const { [METADATA_KEY]: entry, ...own } = metadata;
  const stored = entry as Partial<StoredTrainingState> | null;
  if (
    typeof stored !== 'object' ||
    stored === null ||
    stored.version !== 1 ||
    typeof stored.trainingConfig !== 'object' ||
    stored.trainingConfig === null
  ) {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `the saved ${JSON.stringify(METADATA_KEY)} metadata entry ${describeValueOrTensor(entry)} is malformed.`,
      {
        argument: `artifacts.userDefinedMetadata["${METADATA_KEY}"]`,
        value: entry,
      },
    );
  }
  return {
    trainingConfig: artifacts.trainingConfig ?? stored.trainingConfig,
    userDefinedMetadata: Object.keys(own).length === 0 ? undefined : own,
  };
}

function resolveSaveHandler(destination: unknown): io.IOHandler {
  if (typeof destination === 'string') {
    const handlers = io.getSaveHandlers(destination);
    if (handlers.length === 1) return handlers[0] as io.IOHandler;
    const problem = handlers.length === 0 ? 'no tf.io save handler is registered for' : 'more than one tf.io save handler matches';
    throw new AnyLossError('INVALID_ARGUMENT', `${problem} ${describeValueOrTensor(destination)}. ${WHERE_TO}`, {
      argument: 'destination',
      value: destination,
    });
  }
  if (typeof destination !== 'object' || destination === null || typeof (destination as io.IOHandler).save !== 'function') {
    throw new AnyLossError(
      'INVALID_ARGUMENT',
      `destination must be a URL string or a tf.io handler with a save() method, got ${describeValueOrTensor(destination)}.`,
      {
        argument: 'destination',
        value: destination,
      },
    );
  }
  return destination as io.IOHandler;
}

/**
 * Saves a model — by default with its optimizer state — so that it loads both ways: plain `tf.loadLayersModel`
 * (no `@anyloss/tfjs` needed, e.g. for inference in a browser) returns it uncompiled, ready for `predict`; and
 * `loadModel` rebuilds the AnyLoss loss, the metrics and the optimizer state, and compiles it to resume training.
 * The training configuration is kept in the model's user-defined metadata (key `"@anyloss/tfjs"`), next to any
 * metadata of your own.
 *
 * @example
 * ```ts
 * await saveModel(model, 'indexeddb://my-model');          // training side
 * const deployed = await tf.loadLayersModel('indexeddb://my-model'); // inference side: plain TensorFlow.js
 * const resumed = await loadModel('indexeddb://my-model');  // or resume training
 * ```
 * @param model - a `tf.LayersModel` (compiled or not).
 * @param destination - a URL (`indexeddb://…`, `localstorage://…`, `downloads://…`, `http(s)://…`, or any registered
 *   scheme) or a tf.io handler.
 * @param options - `includeOptimizer` (default true), `trainableOnly`.
 * @returns what the handler returns (tfjs's `SaveResult`).
 * @throws {@link AnyLossError} for a bad model, destination or option, or when the handler fails (the original
 *   error is its `cause`).
 */
export async function saveModel(
  model: SavableModel,
  destination: string | io.IOHandler,
  options?: SaveModelOptions,
): Promise<io.SaveResult> {
  if (typeof model !== 'object' || model === null || typeof (model as Partial<SavableModel>).save !== 'function') {
    throw new AnyLossError('INVALID_ARGUMENT', `model must be a tf.LayersModel, got ${describeValueOrTensor(model)}.`, {
      argument: 'model',
      value: model,
    });
  }
  assertOptions(options, ['includeOptimizer', 'trainableOnly']);
  const config: io.SaveConfig = { includeOptimizer: options?.includeOptimizer ?? true, trainableOnly: options?.trainableOnly ?? false };
  for (const [name, value] of Object.entries(config)) {
    if (typeof value !== 'boolean') {
      throw new AnyLossError('INVALID_OPTION', `options.${name} must be true or false, got ${describeValueOrTensor(value)}.`, {
        argument: `options.${name}`,
        value,
      });
    }
  }
  const handler = resolveSaveHandler(destination);
  const save = handler.save as (artifacts: io.ModelArtifacts) => Promise<io.SaveResult>;
  try {
    return await model.save({ save: (artifacts) => save.call(handler, deployableArtifacts(artifacts)) }, config);
  } catch (error) {
    if (isAnyLossError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const wrapped = new AnyLossError(
      'INVALID_ARGUMENT',
      `saving the model to ${describeValueOrTensor(destination)} failed: ${reason.replace(/\.$/, '')}.`,
      {
        argument: 'destination',
        value: destination,
      },
    );
    Object.defineProperty(wrapped, 'cause', { value: error });
    throw wrapped;
  }
}

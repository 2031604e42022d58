import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AnyLossError, type AnyLossErrorCode } from '@anyloss/core';
import { runFoldUnit, type CrossValidationSettings, type LossFoldOutcome } from './cross-validate.js';
import type { BenchDataset } from './dataset.js';
import type { Engine } from './engines.js';
import type { LossName } from './losses.js';

/** One unit of work: every loss on one fold of one dataset. */
export interface FoldJob {
  /** The run's settings (plain data). */
  readonly settings: CrossValidationSettings;
  /** The dataset. */
  readonly dataset: BenchDataset;
  /** Which fold of the dataset's outer cross-validation. */
  readonly foldIndex: number;
}

/** Messages to a worker. */
export type WorkerRequest =
  | { readonly type: 'dataset'; readonly key: number; readonly dataset: BenchDataset }
  | {
      readonly type: 'job';
      readonly id: number;
      readonly datasetKey: number;
      readonly settings: CrossValidationSettings;
      readonly foldIndex: number;
    };

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  readonly message: string;
  readonly stack?: string;
  readonly anyLoss?: { readonly code: AnyLossErrorCode; readonly argument: string; readonly index?: number; readonly value?: unknown };
}

/** Messages from a worker. */
export type WorkerReply =
  | { readonly type: 'fit'; readonly id: number; readonly loss: LossName }
  | { readonly type: 'done'; readonly id: number; readonly outcomes: LossFoldOutcome[] }
  | { readonly type: 'error'; readonly id: number; readonly error: SerializedError };

/** Turns an error into plain data (AnyLossError keeps its code, argument, index and a cloneable value). */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof AnyLossError) {
    let value: unknown = error.value;
    try {
      structuredClone(value);
    } catch {
      value = String(value);
    }
    return {
      message: error.message,
      ...(error.stack !== undefined ? { stack: error.stack } : {}),
      anyLoss: { code: error.code, argument: error.argument, ...(error.index !== undefined ? { index: error.index } : {}), value },
    };
  }
  if (error instanceof Error) return { message: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) };
  return { message: String(error) };
}

/** The error a {@link SerializedError} stands for (an AnyLossError again when it was one). */
export function deserializeError(error: SerializedError): Error {
  if (error.anyLoss !== undefined) {
    const { code, argument, index, value } = error.anyLoss;
    return new AnyLossError(code, error.message, { argument, ...(index !== undefined ? { index } : {}), value });
  }
  const result = new Error(error.message);
  if (error.stack !== undefined) result.stack = `${error.stack}\n    (in a benchmark worker thread)`;
  return result;
}

/**
 * The worker script: `worker.js` next to this module (the built package), or — when this module runs from source
 * (the tests) — the built `dist/worker.js` of the package.
 */
function workerScript(): URL {
  for (const candidate of [new URL('./worker.js', import.meta.url), new URL('../dist/worker.js', import.meta.url)]) {
    if (existsSync(fileURLToPath(candidate))) return candidate;
  }
  throw new Error(
    'the benchmark worker script (dist/worker.js) is missing: build the bench first (pnpm --filter @anyloss/bench build), or run with --workers 1.',
  );
}

/** Options of {@link createFoldPool}. */
export interface PoolOptions {
  /** Worker threads; 1 runs everything in this thread with `engine`. */
  readonly workers: number;
  /** The engine of in-thread runs (workers load the engine of `settings.engine` by name). */
  readonly engine: Engine;
  /** Called after each loss of each job. */
  readonly onFit?: (job: FoldJob, loss: LossName) => void;
  /** What the workers printed (e.g. TensorFlow.js's banner), each distinct line once, at `close`; default stderr. */
  readonly onWorkerOutput?: (text: string) => void;
}

/** Per-run callbacks of {@link FoldPool.run}. */
export interface RunCallbacks {
  /** Called after each loss of each job (in addition to the pool's `onFit`). */
  readonly onFit?: (job: FoldJob, loss: LossName) => void;
  /** Called when a job is done, with its index in the run's job list. */
  readonly onJobDone?: (index: number, outcomes: LossFoldOutcome[]) => void;
}

/** A set of worker threads (or this thread) that runs fold jobs; reusable across runs until closed. */
export interface FoldPool {
  /** Worker threads (1 = this thread). */
  readonly workers: number;
  /**
   * Runs the jobs and returns their outcomes in job order, whatever the number of workers: every job is a
   * deterministic function of its settings, dataset and fold, so the outcomes do not depend on which thread ran it
   * (only the timings do).
   */
  run(jobs: readonly FoldJob[], callbacks?: RunCallbacks): Promise<LossFoldOutcome[][]>;
  /** Stops the threads and hands on what they printed. */
  close(): Promise<void>;
}

/** A {@link FoldPool} of `options.workers` threads (started on the first run that has more than one job). */
export function createFoldPool(options: PoolOptions): FoldPool {
  const keys = new Map<BenchDataset, number>();
  const output = new Set<string>();
  let threads: { worker: Worker; sent: Set<number> }[] | undefined;
  let failed: Error | undefined;
  let closing = false;
  const start = (): { worker: Worker; sent: Set<number> }[] => {
    if (threads !== undefined) return threads;
    const script = workerScript();
    threads = Array.from({ length: options.workers }, () => {
      const worker = new Worker(script, { stdout: true, stderr: true });
      for (const stream of [worker.stdout, worker.stderr]) {
        let pending = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) if (line.trim() !== '') output.add(line);
        });
      }
      worker.on('exit', (code) => {
        if (!closing) failed ??= new Error(`a benchmark worker thread exited with code ${code}`);
      });
      return { worker, sent: new Set<number>() };
    });
    return threads;
  };
  const notify = (job: FoldJob, loss: LossName, callbacks: RunCallbacks | undefined): void => {
    options.onFit?.(job, loss);
    callbacks?.onFit?.(job, loss);
  };
  return {
    workers: options.workers,
    async run(jobs, callbacks) {
      if (failed !== undefined) throw failed;
      const results: (LossFoldOutcome[] | undefined)[] = new Array(jobs.length);
      if (options.workers <= 1 || jobs.length <= 1) {
        for (let i = 0; i < jobs.length; i++) {
          const job = jobs[i] as FoldJob;
          const outcomes = await runFoldUnit(job.settings, job.dataset, job.foldIndex, options.engine, (loss) =>
            notify(job, loss, callbacks),
          );
          results[i] = outcomes;
          callbacks?.onJobDone?.(i, outcomes);
        }
      } else {
        for (const job of jobs) if (!keys.has(job.dataset)) keys.set(job.dataset, keys.size);
        let next = 0;
        const active = start();
        await Promise.all(
          active.map(
            ({ worker, sent }) =>
              new Promise<void>((resolve, reject) => {
                const dispatch = (): void => {
                  if (next >= jobs.length || failed !== undefined) {
                    cleanup();
                    resolve();
                    return;
                  }
                  const id = next++;
                  const job = jobs[id] as FoldJob;
                  const key = keys.get(job.dataset) as number;
                  if (!sent.has(key)) {
                    worker.postMessage({ type: 'dataset', key, dataset: job.dataset } satisfies WorkerRequest);
                    sent.add(key);
                  }
                  worker.postMessage({
                    type: 'job',
                    id,
                    datasetKey: key,
                    settings: job.settings,
                    foldIndex: job.foldIndex,
                  } satisfies WorkerRequest);
                };
                const onMessage = (reply: WorkerReply): void => {
                  if (reply.type === 'fit') notify(jobs[reply.id] as FoldJob, reply.loss, callbacks);
                  else if (reply.type === 'done') {
                    results[reply.id] = reply.outcomes;
                    callbacks?.onJobDone?.(reply.id, reply.outcomes);
                    dispatch();
                  } else fail(deserializeError(reply.error));
                };
                const onExit = (code: number): void => fail(new Error(`a benchmark worker thread exited with code ${code}`));
                const fail = (error: Error): void => {
                  cleanup();
                  failed = error;
                  reject(error);
                };
                const cleanup = (): void => {
                  worker.off('message', onMessage);
                  worker.off('error', fail);
                  worker.off('exit', onExit);
                };
                worker.on('message', onMessage);
                worker.on('error', fail);
                worker.on('exit', onExit);
                dispatch();
              }),
          ),
        );
      }
      return results.map((outcome, i) => {
        if (outcome === undefined) throw new Error(`benchmark job ${i} returned no result`);
        return outcome;
      });
    },
    async close() {
      closing = true;
      const active = threads;
      threads = undefined;
      if (active !== undefined) await Promise.all(active.map(({ worker }) => worker.terminate()));
      if (output.size > 0) {
        const text = `${[...output].join('\n')}\n`;
        output.clear();
        if (options.onWorkerOutput !== undefined) options.onWorkerOutput(text);
        else process.stderr.write(text);
      }
    },
  };
}

/** Runs the jobs in a fresh pool (see {@link FoldPool.run}) and closes it. */
export async function runFoldJobs(jobs: readonly FoldJob[], options: PoolOptions): Promise<LossFoldOutcome[][]> {
  const pool = createFoldPool(options);
  try {
    return await pool.run(jobs);
  } finally {
    await pool.close();
  }
}
